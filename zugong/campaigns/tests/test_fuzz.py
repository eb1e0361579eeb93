"""Bad input on the campaign pages and API gets a 4xx with a Chinese message, never a 500 (R78-R94)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from zugong.campaigns import fanout, progress, services, supervision
from zugong.campaigns.models import Assignment, ProgressReport

pytestmark = pytest.mark.django_db

FIELDS = ["leader", "lead_office", "co_offices", "responsible", "deadline", "content", "version", "date", "percent", "text",
          "title", "weight", "assignments", "workdays_earlier", "name", "units", "members", "methods", "summary", "status",
          "kind", "cadre", "campaign", "org_unit", "planned_date", "f_content", "f_deadline"]
values = st.one_of(
    st.none(), st.integers(min_value=-(2**40), max_value=2**40), st.text(max_size=30),
    st.sampled_from(["2026-13-01", "2026-02-30", "abc", "101", "-1", "1e9", "NaN", "", "\x00", "听取汇报", "done", "99999999"]),
)
bodies = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def work(personas: Any, tree: Any) -> dict[str, Any]:
    c = services.campaign_from_template(actor=personas.province, org_unit=tree.province, code="sanjiang",
                                        start_date=timezone.localdate() - timedelta(days=30))
    fanout.campaign_deploy(actor=personas.province, campaign=c, expected_version=c.version)
    a = Assignment.objects.filter(campaign=c, org_unit=tree.city_a).first()
    a = progress.assignment_save(actor=personas.city_a, assignment=a, co_offices=[], expected_version=a.version, data={
        "leader": "", "lead_office": None, "responsible": None, "deadline": a.deadline, "content": ""})
    g = supervision.group_save(actor=personas.province, campaign=c, name="组", leader="", units=[tree.city_a], members=[])
    i = supervision.inspection_plan(actor=personas.province, group=g, unit=tree.city_a, planned_date=timezone.localdate())
    return {"c": c, "a": a, "g": g, "i": i}


def _clean(body: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None else str(v)) for k, v in body.items()}


@FUZZ
@given(body=bodies)
def test_pages_never_500(personas: Any, work: dict[str, Any], body: dict[str, Any]) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(personas.province)
    c, a, g, i = work["c"], work["a"], work["g"], work["i"]
    reports = ProgressReport.objects.count()
    for url in (reverse("campaigns:assignment_accept", args=[a.pk]), reverse("campaigns:assignment_report", args=[a.pk]),
                reverse("campaigns:assignment_measure", args=[a.pk]), reverse("campaigns:onward", args=[c.pk]),
                reverse("campaigns:group_add", args=[c.pk]), reverse("campaigns:group_edit", args=[g.pk]),
                reverse("campaigns:inspection_plan", args=[g.pk]), reverse("campaigns:inspection", args=[i.pk]),
                reverse("campaigns:workreport_add"), reverse("campaigns:defaults"), reverse("campaigns:status", args=[c.pk])):
        response = client.post(url, _clean(body))
        assert response.status_code < 500, (url, response.status_code)
    for url in (reverse("campaigns:assignments", args=[c.pk]), reverse("campaigns:my_tasks"), reverse("campaigns:detail", args=[c.pk]),
                reverse("campaigns:findings"), reverse("campaigns:workreports")):
        response = client.get(url, _clean(body))
        assert response.status_code < 500, (url, response.status_code)
    if "text" not in body or not str(body.get("text") or "").strip():
        assert ProgressReport.objects.count() == reports  # no text, no report


@FUZZ
@given(body=bodies)
def test_api_never_500(personas: Any, work: dict[str, Any], body: dict[str, Any]) -> None:
    api = APIClient()
    api.force_authenticate(personas.city_a)
    a = work["a"]
    for method, url in (("put", f"/api/v1/assignments/{a.pk}/"), ("post", f"/api/v1/assignments/{a.pk}/progress/"),
                        ("post", "/api/v1/campaigns/"), ("post", "/api/v1/campaign-tasks/"),
                        ("get", "/api/v1/assignments/")):
        response = getattr(api, method)(url, body, format="json") if method != "get" else api.get(url, _clean(body))
        assert response.status_code < 500, (url, response.status_code, response.content[:300])
        if response.status_code >= 400:
            assert response.json()["error"]["message"]
