"""Chinese, formal and Arabic numerals to integers, and the heavenly stems used as ordinals."""
from __future__ import annotations

from functools import lru_cache

DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9,
          # formal (大写) numerals, simplified and traditional
          "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "叄": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6,
          "柒": 7, "捌": 8, "玖": 9}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
STEMS = "甲乙丙丁戊己庚辛壬癸"


@lru_cache(maxsize=4096)
def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 十二, 一百零一, 一千二百六十 or 壹拾; None if it is not one.

    Digit strings without units (一九三七) read digit by digit, as years are written.
    """
    if not text:
        return None
    if all(c in DIGITS for c in text):
        value = 0
        for c in text:
            value = value * 10 + DIGITS[c]
        return value
    total, digit = 0, None
    for c in text:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c in UNITS:
            total += (1 if digit is None else digit) * UNITS[c]
            digit = None
        else:
            return None
    return total + (digit or 0)


def to_int(text: str) -> int | None:
    """Value of an Arabic (half- or full-width) or Chinese numeral, or of a heavenly stem (甲 = 1)."""
    if text.isdigit():  # int() reads full-width digits too
        return int(text)
    if len(text) == 1 and text in STEMS:
        return STEMS.index(text) + 1
    return cn_to_int(text)
