"""Resident ID numbers (GB 11643-1999): 18 characters, ISO 7064 MOD 11-2 check digit, valid birth date."""

from __future__ import annotations

from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


class IdNumberError(ValueError):
    """Raised with a Chinese message saying what is wrong."""


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalize(raw: str) -> str:
    return raw.strip().replace(" ", "").upper()


def validate(raw: str, *, today: date | None = None) -> tuple[str, date, str]:
    """Return (normalized number, birth date, gender 'M'/'F') or raise IdNumberError."""
    value = normalize(raw)
    if len(value) != 18:
        raise IdNumberError("身份证号应为18位")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise IdNumberError("身份证号前17位应为数字，最后一位为数字或X")
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise IdNumberError("身份证号中的出生日期无效") from None
    today = today or date.today()  # noqa: DTZ011 — a calendar date, local to the server
    if birth.year < 1900 or birth > today:
        raise IdNumberError("身份证号中的出生日期无效")
    if check_digit(value[:17]) != value[17]:
        raise IdNumberError("身份证号校验位错误")
    gender = "M" if int(value[16]) % 2 else "F"
    return value, birth, gender


def make(region: str, birth: date, seq: int) -> str:
    """Build a valid number (demo data and tests): 6-digit region, birth date, 3-digit sequence."""
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)
