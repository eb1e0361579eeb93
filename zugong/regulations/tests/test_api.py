"""/api/v1/regulations/: scoped, read-only, filtered like the page (q = full-text search), versions with their text."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_api(client: Any, personas: Any, tree: Any, make_rule: Any) -> None:
    a1 = make_rule(tree.county_a1, "干部档案管理办法", doc="甲一组发〔2024〕1号", category="supervision", text="第一条　档案。",
                   revisions=[(date(2025, 1, 1), "第一条　干部档案专人管理。")])
    make_rule(tree.county_b1, "乙县规则", text="第一条　干部档案。")
    client.force_login(personas.city_a)
    body = client.get("/api/v1/regulations/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["title"], row["current_number"], row["effective_on"], row["category"]) == ("干部档案管理办法", 2, "2025-01-01", "supervision")
    assert "text" not in row
    assert client.get("/api/v1/regulations/", {"q": "专人管理"}).json()["count"] == 1
    assert client.get("/api/v1/regulations/", {"q": "不存在"}).json()["count"] == 0
    assert client.get("/api/v1/regulations/", {"category": "selection"}).json()["count"] == 0
    assert client.get("/api/v1/regulations/", {"effective_from": "bad"}).status_code == 400
    detail = client.get(f"/api/v1/regulations/{a1.pk}/").json()
    assert detail["text"] == "第一条　干部档案专人管理。"
    versions = client.get(f"/api/v1/regulations/{a1.pk}/versions/").json()
    assert [(v["number"], v["kind"], v["text"]) for v in versions] == [(1, "new", "第一条　档案。"), (2, "revised", "第一条　干部档案专人管理。")]
    client.force_login(personas.county_b1)
    assert client.get(f"/api/v1/regulations/{a1.pk}/").status_code == 404
    assert client.get("/api/v1/regulations/", {"q": "干部档案"}).json()["count"] == 1
    client.force_login(personas.nogrant)
    assert client.get("/api/v1/regulations/").status_code == 403


def test_schema_lists_the_endpoints(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    paths = client.get("/api/schema/?format=json").json()["paths"]
    assert {"/api/v1/regulations/", "/api/v1/regulations/{id}/", "/api/v1/regulations/{id}/versions/"} <= set(paths)
    assert {p["name"] for p in paths["/api/v1/regulations/"]["get"]["parameters"]} >= {"q", "category", "status", "org"}
