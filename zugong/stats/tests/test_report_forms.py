"""Report forms (填报): issued down the tree with working-day deadlines, filled in the browser or by xlsx,
returned or accepted by the issuer; only accepted values roll up, through the same engine."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from zugong.core.errors import ValidationError
from zugong.stats import engine, services
from zugong.stats.models import ReportAssignment, ReportForm, ReportValue
from zugong.stats.registry import get

pytestmark = pytest.mark.django_db
CODES = ["forms.letters_sent", "forms.forums_held"]


@pytest.fixture
def issued(personas: Any, tree: Any) -> tuple[ReportForm, ReportAssignment, ReportAssignment]:
    rf = services.reportform_create(actor=personas.city_a, org_unit=tree.city_a, title="2026年上半年征求意见情况",
                                    period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), codes=CODES, workdays=3)
    a1, a2 = services.reportform_issue(actor=personas.city_a, form=rf, units=[tree.county_a1, tree.county_a2],
                                       today=date(2026, 9, 29))
    return rf, a1, a2


def test_deadline_counts_working_days_over_the_national_holiday(issued: Any) -> None:
    rf, a1, _a2 = issued
    # 2026-09-29 (Tue) + 3 working days: 09-30, then 10-01..10-07 off, 10-08, 10-09
    assert a1.deadline == date(2026, 10, 9)
    assert rf.status == ReportForm.Status.ISSUED


def test_issue_only_to_subordinates(personas: Any, tree: Any, issued: Any) -> None:
    rf, *_ = issued
    with pytest.raises(ValidationError, match="只能下发给本单位的下级单位"):
        services.reportform_issue(actor=personas.province, form=rf, units=[tree.county_b1])
    from django.http import Http404

    with pytest.raises(Http404):  # a form outside one's scope is as good as missing
        services.reportform_issue(actor=personas.county_b1, form=rf, units=[tree.county_a1])


def test_only_form_fed_indicators(personas: Any, tree: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.reportform_create(actor=personas.city_a, org_unit=tree.city_a, title="x", period_start=date(2026, 1, 1),
                                   period_end=date(2026, 6, 30), codes=["people.headcount"])
    assert exc.value.message_dict["codes"] == [services.MSG_NOT_FORM_FED]


def test_values_are_validated_in_chinese(personas: Any, issued: Any) -> None:
    _rf, a1, _ = issued
    with pytest.raises(ValidationError) as exc:
        services.assignment_save(actor=personas.county_a1_clerk, assignment=a1, raw={"forms.letters_sent": "-3"},
                                 submit=True, expected_version=1)
    assert exc.value.message_dict == {"forms.letters_sent": [services.MSG_NUMBER], "forms.forums_held": [services.MSG_REQUIRED]}
    assert ReportValue.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.assignment_save(actor=personas.county_a1_readonly, assignment=a1, raw={}, submit=False, expected_version=1)


def test_filled_returned_accepted_rolls_up_into_the_city(client: Any, personas: Any, tree: Any, issued: Any) -> None:
    _rf, a1, a2 = issued
    client.force_login(personas.county_a1_clerk)
    page = client.post(f"/stats/assignments/{a1.pk}/", {"v_forms.letters_sent": "120", "v_forms.forums_held": "abc", "version": 1,
                                                       "action": "submit"})
    assert page.status_code == 400 and "请填写非负整数" in page.content.decode()
    assert client.post(f"/stats/assignments/{a1.pk}/", {"v_forms.letters_sent": "120", "v_forms.forums_held": "4", "version": 1,
                                                       "action": "submit"}).status_code == 302
    services.assignment_save(actor=personas.city_a, assignment=ReportAssignment.objects.get(pk=a2.pk),
                             raw={"forms.letters_sent": "80", "forms.forums_held": "2"}, submit=True, expected_version=1)
    # nothing counts before acceptance
    user, period = personas.city_a, engine.Period(date(2026, 1, 1), date(2026, 12, 31))
    assert engine.value(get("forms.letters_sent"), user, tree.city_a, period) == 0
    client.force_login(personas.city_a)
    returned = client.post(f"/stats/assignments/{a1.pk}/review/", {"decision": "return", "comment": ""})
    assert returned.status_code == 400
    client.post(f"/stats/assignments/{a1.pk}/review/", {"decision": "return", "comment": "座谈会次数与台账不符"})
    a1.refresh_from_db()
    assert a1.status == ReportAssignment.Status.RETURNED and a1.comment == "座谈会次数与台账不符"
    client.force_login(personas.county_a1_clerk)
    todo = client.get("/stats/forms/")
    assert "座谈会次数与台账不符" in todo.content.decode()
    client.post(f"/stats/assignments/{a1.pk}/", {"v_forms.letters_sent": "120", "v_forms.forums_held": "5", "version": a1.version,
                                                "action": "submit"})
    client.force_login(personas.city_a)
    for a in (a1, a2):
        assert client.post(f"/stats/assignments/{a.pk}/review/", {"decision": "accept"}).status_code == 302
    assert engine.value(get("forms.letters_sent"), user, tree.city_a, period) == 200
    assert engine.value(get("forms.forums_held"), user, tree.city_a, period) == 7
    api = APIClient()
    api.force_authenticate(personas.province)
    body = api.get(f"/api/v1/stats/values/?indicator=forms.forums_held&org={tree.province.pk}&breakdown=children").json()
    assert body["value"] == 7 and {c["name"]: c["value"] for c in body["children"]} == {"甲市委组织部": 7, "乙市委组织部": 0}
    # the city sees its counties' accepted figures summed on its own copy of the form
    own = services.reportform_issue(actor=personas.province, form=services.reportform_create(
        actor=personas.province, org_unit=tree.province, title="省里要的", period_start=date(2026, 1, 1), period_end=date(2026, 6, 30),
        codes=CODES), units=[tree.city_a, tree.county_a1])
    services.assignment_save(actor=personas.county_a1_clerk, assignment=own[1] if own[1].org_unit == tree.county_a1 else own[0],
                             raw={"forms.letters_sent": "9", "forms.forums_held": "1"}, submit=True, expected_version=1)
    county_copy = ReportAssignment.objects.get(form__title="省里要的", org_unit=tree.county_a1)
    services.assignment_review(actor=personas.province, assignment=county_copy, accept=True)
    city_copy = ReportAssignment.objects.get(form__title="省里要的", org_unit=tree.city_a)
    client.force_login(personas.city_a)
    page = client.get(f"/stats/assignments/{city_copy.pk}/")
    rows = {r["code"]: r["below"] for r in page.context["rows"]}
    assert rows == {"forms.letters_sent": 9, "forms.forums_held": 1}


def test_overdue_list(client: Any, personas: Any, tree: Any, issued: Any) -> None:
    _rf, a1, a2 = issued
    ReportAssignment.objects.filter(pk=a1.pk).update(deadline=date(2020, 1, 1))
    ReportAssignment.objects.filter(pk=a2.pk).update(deadline=date(2099, 1, 1))
    client.force_login(personas.city_a)
    page = client.get("/stats/forms/")
    overdue = [a.pk for a in page.context["overdue"]]
    assert overdue == [a1.pk]


def test_fill_by_xlsx(client: Any, personas: Any, issued: Any) -> None:
    _rf, a1, _a2 = issued
    client.force_login(personas.county_a1_clerk)
    template = client.get(f"/stats/assignments/{a1.pk}/xlsx/")
    wb = load_workbook(BytesIO(b"".join(template.streaming_content)))
    ws = wb.active
    assert [c.value for c in ws[1]] == ["指标代码", "指标", "单位", "数值"]
    ws["D2"], ws["D3"] = 31, 2
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "filled.xlsx"
    assert client.post(f"/stats/assignments/{a1.pk}/upload/", {"file": out}).status_code == 302
    assert dict(ReportValue.objects.filter(assignment=a1).values_list("code", "value")) == {"forms.letters_sent": 31, "forms.forums_held": 2}
    bad = Workbook()
    bad.active.append(["指标代码", "指标", "单位", "数值"])
    bad.active.append(["forms.letters_sent", "", "", "很多"])
    buf = BytesIO()
    bad.save(buf)
    buf.seek(0)
    buf.name = "bad.xlsx"
    response = client.post(f"/stats/assignments/{a1.pk}/upload/", {"file": buf})
    assert response.status_code == 400 and "请填写非负整数" in response.content.decode()
    assert dict(ReportValue.objects.filter(assignment=a1).values_list("code", "value"))["forms.letters_sent"] == 31


def test_home_reminds_the_unit_of_open_forms(client: Any, personas: Any, issued: Any) -> None:
    _rf, _a1, _a2 = issued
    client.force_login(personas.county_a1_clerk)
    body = client.get("/").content.decode()
    assert "待填报（甲一县委组织部）" in body and "2026年上半年征求意见情况" in body and "已逾期" in body
