"""Chinese numerals for generating test documents (the inverse of cnoutline.numerals)."""
from __future__ import annotations

DIGITS = "零一二三四五六七八九"
FORMAL = "零壹贰叁肆伍陆柒捌玖"


def chinese_numeral(n: int, digits: str = DIGITS, units: str = "十百千") -> str:
    """n (1..9999) in Chinese numerals: 十一, 二十, 一百零一, 一千二百六十."""
    assert 1 <= n <= 9999
    out: list[str] = []
    zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        if not (power == 1 and d == 1 and not out):  # 十一, not 一十一
            out.append(digits[d])
        if power:
            out.append(units[power - 1])
    return "".join(out)
