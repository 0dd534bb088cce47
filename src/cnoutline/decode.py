"""Bytes to text: UTF-8 (with or without BOM), UTF-16, or GB18030/GBK, detected, never guessed blindly;
UTF-8 that was once read in a Western or Cyrillic code page (mojibake) is read as written."""
from __future__ import annotations

import codecs
import re
from os import PathLike
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import DecodeError

# charset-normalizer names the Chinese legacy encodings gb2312/gbk/gb18030; GB18030 is their superset.
_CHINESE = {"gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp950", "cp936"}


GB2312_SHARE = 0.97
# The code pages UTF-8 is most often misread in, and the repaired text's share of Han characters among
# its non-ASCII ones for the repair to stand (mojibake of Chinese is almost all Han once undone).
# (ftfy undoes the Western ones, with the holes of cp1252 too, but not the Cyrillic misreadings found
# in scraped Chinese pages; these four code pages give a character for (nearly) every byte, so what
# the misreading wrote can be turned back into those bytes.)
_MISREAD_AS = ("mac_cyrillic", "cp1251", "latin-1", "mac_roman")
MOJIBAKE_HAN_SHARE = 0.6
_UNDECODED = re.compile("[\udc80-\udcff]+")




def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of `data`."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if "\x00" in text and text.count("\x00") * 8 > len(text):
            raise DecodeError("binary data (NUL bytes), not text")
        return _undo_mojibake(text)
    gb = _as_gb18030(data)
    if gb is not None:
        return gb, "gb18030"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("not text in UTF-8, UTF-16 or GB18030/GBK (undecodable bytes)")
    encoding = "gb18030" if best.encoding.lower() in _CHINESE and best.encoding.lower().startswith(("gb", "cp936", "hz")) else best.encoding
    text = _strict(data, encoding)
    if "\x00" in text:
        raise DecodeError("binary data (NUL bytes), not text")
    return text, encoding


def _undo_mojibake(text: str) -> tuple[str, str]:
    """(text, encoding): the text as written where it is UTF-8 that was read in another code page and
    saved again (中华人民 → дЄ≠еНОдЇЇж∞С), else the text itself. Bytes the misreading lost stay as
    they were read."""
    sample = text[:2000]
    if sample.isascii() or _han_share(sample) > 0:
        return text, "utf-8"
    for code_page in _MISREAD_AS:  # tried on the sample first: a long text in another script is common
        try:
            if _han_share(sample.encode(code_page).decode("utf-8", "surrogateescape")) < MOJIBAKE_HAN_SHARE:
                continue
            undone = text.encode(code_page).decode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            continue
        return (_UNDECODED.sub(lambda m: m.group().encode("utf-8", "surrogateescape").decode(code_page), undone),
                f"utf-8 (read as {code_page} and repaired)")
    return text, "utf-8"


def _han_share(text: str) -> float:
    """The share of Han characters among the text's non-ASCII characters."""
    wide = [c for c in text if c > "\x7f" and not c.isspace()]
    return sum(1 for c in wide if "\u4e00" <= c <= "\u9fff") / len(wide) if wide else 0.0


def _as_gb18030(data: bytes) -> str | None:
    """The text, if the bytes are GB18030 whose Chinese characters are the common ones of GB2312.

    Detectors guess short GBK text as Big5 (一、总则 → 珨﹜軞寀); the reverse mistake would give rare
    characters outside GB2312, so common characters are the evidence."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han or "\x00" in text:
        return None
    common = sum(1 for c in han if _in_gb2312(c))
    return text if common >= GB2312_SHARE * len(han) else None


def _in_gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"cannot decode as {encoding}: {exc.reason if hasattr(exc, 'reason') else exc}") from None


def read_text(path: str | PathLike[str]) -> tuple[str, str]:
    """(text, encoding) of the file at `path`."""
    return decode(Path(path).read_bytes())
