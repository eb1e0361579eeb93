"""Reading ids and numbers from query strings, forms and spreadsheet cells without surprises: only
ASCII digits count ("²" and "١" pass str.isdigit but not int() or the database), and no more digits
than a 64-bit id holds, so a mangled value is "not given", never a 500."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


def int_param(raw: Any, *, max_digits: int = 18) -> int | None:
    """The non-negative integer in `raw`, or None."""
    text = str(raw if raw is not None else "").strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > max_digits:
        return None
    return int(text)


def decimal_param(raw: Any) -> Decimal | None:
    """The finite number in `raw` (hours, scores), or None: "abc", "NaN" and "Infinity" are not given, never a 500."""
    try:
        d = Decimal(str(raw if raw is not None else "").strip())
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None
