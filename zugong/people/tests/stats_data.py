"""Figures for stats' query-count fixture (zugong/stats/tests/test_query_counts.py): the movements the fixture
spreads over the kinds carry no secondment direction, so each unit also gets an 上挂/下派 secondment, and its
first cadre goes into the reserve pool."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone


def add(*, root: Any, units: list[Any], cadres: list[Any], actor: Any) -> None:
    from zugong.people.models import Movement, ReservePoolEntry

    today = timezone.localdate()
    firsts = list({c.org_unit_id: c for c in reversed(cadres)}.values())
    Movement.objects.bulk_create([
        Movement(cadre=c, kind=Movement.Kind.SECONDMENT, date=today - timedelta(days=i % 100), org_unit=c.org_unit,
                 direction="up" if i % 2 else "down", host_unit_name="某镇党委", period_start=today - timedelta(days=i % 100),
                 period_end=today + timedelta(days=300))
        for i, c in enumerate(firsts)
    ])
    ReservePoolEntry.objects.bulk_create([
        ReservePoolEntry(cadre=c, org_unit=c.org_unit, since=today - timedelta(days=10), created_by=actor) for c in firsts
    ])
