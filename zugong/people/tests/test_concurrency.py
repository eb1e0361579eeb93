"""Concurrent edits conflict instead of overwriting, under real parallel transactions (PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from zugong.conftest import cadre_input
from zugong.core import crypto
from zugong.core.errors import ConflictError
from zugong.people import services
from zugong.people.models import Cadre

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel transactions are tested on PostgreSQL"),
]


def test_parallel_stale_edits_one_wins(personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1, name="张三")
    number = crypto.decrypt(cadre.id_number_enc)
    barrier = threading.Barrier(8)
    results: list[str] = []
    lock = threading.Lock()

    def edit(i: int) -> None:
        try:
            data = cadre_input(tree.county_a1, name="张三" + "甲乙丙丁戊己庚辛"[i])
            data.id_number = number
            mine = Cadre.objects.get(pk=cadre.pk)
            barrier.wait()
            services.cadre_update(actor=personas.city_a, cadre=mine, expected_version=1, data=data)
            outcome = "ok"
        except ConflictError:
            outcome = "conflict"
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict"] * 7 + ["ok"]
    final = Cadre.objects.get(pk=cadre.pk)
    assert final.version == 2 and final.name.startswith("张三") and len(final.name) == 3
