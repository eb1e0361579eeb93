"""Issuing briefings at the same moment gives consecutive numbers, never the same 第N期 twice (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections

from zugong.stats import briefings, documents
from zugong.stats.models import Briefing

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel transactions are tested on PostgreSQL"),
]


def test_parallel_issues_get_consecutive_numbers(personas: Any, tree: Any, make_cadre: Any) -> None:
    make_cadre(tree.county_a1)
    tpl = briefings.template_create(actor=personas.city_a, org_unit=tree.city_a, data={
        "name": "t", "kind": "briefing", "masthead": "组工简报", "title": "标题", "body": "在册{people.headcount}人"})
    drafts = [briefings.briefing_create(actor=personas.city_a, org_unit=tree.city_a, template=tpl,
                                        period_start=date(2026, 1, 1), period_end=date(2026, 6, 30)) for _ in range(6)]
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def issue(pk: int) -> None:
        try:
            b = Briefing.objects.get(pk=pk)
            barrier.wait()
            briefings.briefing_issue(actor=personas.city_a, briefing=b, expected_version=b.version, today=date(2026, 7, 1))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d.pk,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    numbers = sorted(Briefing.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert all("在册1人" in documents.plain_text(b.rendered) for b in Briefing.objects.all())
