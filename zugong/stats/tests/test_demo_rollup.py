"""数出一源 on the demo province: for every indicator the province's figure is the sum of its children's
(本级 included) through the API, and the records behind each count are exactly that many rows."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from zugong.accounts.models import User
from zugong.core import demo
from zugong.orgs.models import OrgUnit
from zugong.stats.registry import all_indicators, get

pytestmark = pytest.mark.django_db


def test_every_indicator_adds_up_and_links_to_its_records(client: Any) -> None:
    demo.load(scale="small")
    user = User.objects.get(username="demo-province")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    api = APIClient()
    api.force_authenticate(user)
    client.force_login(user)
    period = "start=2025-01-01&end=2026-12-31"
    checked: list[str] = []
    from zugong.stats.registry import available_to

    for ind in all_indicators():
        if ind not in available_to(user):
            continue  # restricted figures (discipline cases) are not the business administrator's to read
        body = api.get(f"/api/v1/stats/values/?indicator={ind.code}&org={province.pk}&{period}&breakdown=children").json()
        value = body["value"]
        parts = [Decimal(str(c["value"])) for c in body["children"] if c["value"] is not None]
        if ind.is_ratio:
            assert ind.numerator and ind.denominator
            num = api.get(f"/api/v1/stats/values/?indicator={ind.numerator}&org={province.pk}&{period}").json()["value"]
            den = api.get(f"/api/v1/stats/values/?indicator={ind.denominator}&org={province.pk}&{period}").json()["value"]
            assert Decimal(str(value)) == (Decimal(num) * (100 if ind.unit == "%" else 1) / Decimal(den)).quantize(Decimal("0.1")), ind.code
            continue
        assert value > 0, f"{ind.code}: the demo province has no data for it"
        own = Decimal(str(body.get("own") or 0))
        assert Decimal(str(value)) == sum(parts, start=Decimal(0)) + own, ind.code
        page = client.get(reverse("stats:records") + f"?indicator={ind.code}&org={province.pk}&{period}")
        assert page.status_code == 200
        total = int(re.search(r"data-total>([\d,]+)<", page.content.decode()).group(1).replace(",", ""))  # type: ignore[union-attr]
        if get(ind.code).aggregate == "count":
            assert total == value, ind.code
        else:
            assert total > 0, ind.code
        checked.append(ind.code)
    # issue 8's seed figures (下基层14452人次, 帮扶对子3265对, 解决实际问题6757个, 调研报告2270份, 联系点310个, 深入联系点430多人次,
    # 选调191人, 公开竞岗331人, 对外交流209人, 上下挂职345人, 新建2904项, 修订完善4970项) each have demo data, add up and list records
    seed = {"fieldwork.visit_persons", "fieldwork.pairings", "fieldwork.problems_solved", "fieldwork.reports", "fieldwork.contact_points",
            "fieldwork.contact_point_visits", "people.movements_selection", "people.movements_competition",
            "people.movements_exchange_out", "people.movements_secondment", "regulations.new", "regulations.revised",
            "publicity.reports_city_up", "publicity.reports_provincial_up"}
    assert seed <= set(checked), seed - set(checked)
    assert len(checked) >= 15
    from zugong.campaigns.models import Campaign

    c = Campaign.objects.get(org_unit=province)  # the demo's 三讲三提升, deployed and running
    assert c.tasks.count() == 12 and c.status == Campaign.Status.RUNNING
    # the demo's 民主测评 of province cadres: demo-leader reads the persons, the business administrator cannot
    from zugong.surveys.models import Kind, Survey

    appraisal = Survey.objects.get(org_unit=province, kind=Kind.APPRAISAL_PERSON, status=Survey.Status.CLOSED)
    assert appraisal.aspects.filter(cadre__isnull=False).count() == 5
    assert client.get(f"/surveys/{appraisal.pk}/appraisal/").status_code == 403
    leader = User.objects.get(username="demo-leader")
    client.force_login(leader)
    page = client.get(f"/surveys/{appraisal.pk}/appraisal/")
    others = appraisal.aspects.filter(cadre__isnull=False).exclude(cadre__user=leader).count()  # never their own rating
    assert page.status_code == 200 and page.content.decode().count("data-person=") == others >= 4
