"""Deploying at the same moment (two clicks, two staff) makes each assignment once (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from zugong.campaigns import fanout, services
from zugong.campaigns.models import Assignment, Campaign
from zugong.core.errors import ConflictError, ValidationError

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel transactions are tested on PostgreSQL"),
]


def _race(n: int, fn: Callable[[], Any]) -> tuple[int, list[BaseException]]:
    barrier = threading.Barrier(n)
    done: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            fn()
            done.append(1)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(done), errors


def test_parallel_deploys_make_each_assignment_once(personas: Any, tree: Any) -> None:
    c = services.campaign_from_template(actor=personas.province, org_unit=tree.province, code="sanjiang",
                                        start_date=timezone.localdate() - timedelta(days=10))
    ok, errors = _race(4, lambda: fanout.campaign_deploy(actor=personas.province, campaign=Campaign.objects.get(pk=c.pk),
                                                         expected_version=c.version))
    assert ok == 1 and len(errors) == 3 and all(isinstance(e, ConflictError | ValidationError) for e in errors), errors
    assert Assignment.objects.filter(campaign=c).count() == 24

    mine = list(Assignment.objects.filter(campaign=c, org_unit=tree.city_a).select_related("task"))
    Assignment.objects.filter(pk__in=[a.pk for a in mine]).update(status="accepted")
    for a in mine:
        a.status = "accepted"
    ok, errors = _race(4, lambda: fanout.deploy_onward(actor=personas.city_a, unit=tree.city_a, campaign=c, assignments=mine))
    assert ok == 1 and all(isinstance(e, ConflictError | ValidationError) for e in errors), errors
    assert Assignment.objects.filter(campaign=c, parent__org_unit=tree.city_a).count() == 24  # 12 tasks x 2 counties
