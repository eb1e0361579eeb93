"""Working days on the official holiday calendar (DESIGN.md §5.9).

Sources in order: chinese-calendar (the State Council schedule it ships), then the admin-maintained
Holiday table for years it lacks, then Monday-Friday. `day_kind` says which source decided.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

import chinese_calendar

Source = Literal["chinese-calendar", "holiday-table", "weekdays"]


def day_kind(day: date) -> tuple[bool, Source]:
    """Return (is_workday, source)."""
    from zugong.core.models import Holiday

    row = Holiday.objects.filter(date=day).values_list("is_workday", flat=True).first()
    if row is not None:
        return bool(row), "holiday-table"
    try:
        return bool(chinese_calendar.is_workday(day)), "chinese-calendar"
    except NotImplementedError:
        return day.weekday() < 5, "weekdays"


def is_workday(day: date) -> bool:
    return day_kind(day)[0]


def _workdays_in(first: date, last: date) -> Callable[[date], bool]:
    """`is_workday` for days between `first` and `last`, reading the Holiday table once (a walk over
    many days would otherwise ask the database once per day)."""
    from zugong.core.models import Holiday

    table = dict(Holiday.objects.filter(date__range=(first, last)).values_list("date", "is_workday"))

    def check(day: date) -> bool:
        if day in table:
            return bool(table[day])
        if first <= day <= last:
            try:
                return bool(chinese_calendar.is_workday(day))
            except NotImplementedError:
                return day.weekday() < 5
        return is_workday(day)

    return check


def _window(days: int) -> timedelta:
    return timedelta(days=days * 2 + 30)  # working days are never sparser than that (Spring Festival included)


def add_workdays(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    workday = _workdays_in(start, start + _window(days))
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if workday(current):
            remaining -= 1
    return current


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    workday = _workdays_in(start, max(start, end))
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if workday(current):
            count += 1
    return count


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months later, the month's last day when it has no such day
    (1月31日 + 1 → 2月28日/29日)."""
    import calendar as _cal

    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, _cal.monthrange(year, month)[1]))


def sub_workdays(end: date, days: int) -> date:
    """The date `days` working days before `end` (end itself not counted)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    workday = _workdays_in(end - _window(days), end)
    current = end
    remaining = days
    while remaining:
        current -= timedelta(days=1)
        if workday(current):
            remaining -= 1
    return current
