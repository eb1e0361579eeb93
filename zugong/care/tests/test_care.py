"""关心关爱: services (scope, cadre names, checks, conflicts), pages (list, filters, export, import, edit, delete),
the indicators with their per-city breakdown and provenance, the API and the demo."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from zugong.audit.models import ObjectChange
from zugong.care import services
from zugong.care.imports import ActivityImport
from zugong.care.models import CareActivity
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.models import Job

pytestmark = pytest.mark.django_db

DAY = date(2026, 1, 20)


def _input(unit: Any, **extra: Any) -> services.ActivityInput:
    values: dict[str, Any] = {"org_unit": unit, "kind": "visit", "date": DAY, "title": "春节前走访慰问", "persons": 5, **extra}
    return services.ActivityInput(**values)


def _make(actor: Any, unit: Any, **extra: Any) -> CareActivity:
    return services.activity_create(actor=actor, data=_input(unit, **extra))


class TestServices:
    def test_create_links_cadres_counts_persons_and_audits(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        make_cadre(tree.county_a1, name="张三")
        make_cadre(tree.county_a2, name="李四")
        a = _make(personas.city_a, tree.city_a, cadre_names="张三、李四", persons=None, amount=Decimal("1000"))
        assert sorted(c.name for c in a.cadres.all()) == ["张三", "李四"]
        assert a.persons == 2 and a.amount == Decimal("1000.00")
        change = ObjectChange.objects.get(action="careactivity.created")
        assert change.object_id == str(a.pk) and change.after["cadres"] == sorted(c.pk for c in a.cadres.all())

    def test_outside_scope_is_refused(self, personas: Any, tree: Any) -> None:
        with pytest.raises(PermissionDenied):
            _make(personas.city_a, tree.county_b1)
        with pytest.raises(PermissionDenied):
            _make(personas.county_a1_readonly, tree.county_a1)
        assert not CareActivity.objects.exists()

    def test_cadre_names_resolve_within_the_units_subtree(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        make_cadre(tree.county_a1, name="张三")
        make_cadre(tree.county_a2, name="张三")
        make_cadre(tree.county_b1, name="王五")
        with pytest.raises(ValidationError) as refused:
            _make(personas.province, tree.city_a, cadre_names="张三")
        assert refused.value.message_dict["cadre_names"] == ["有2名组工干部叫“张三”，请写成“单位/姓名”，如“甲一县委组织部/张三”"]
        a = _make(personas.province, tree.city_a, cadre_names="甲二县委组织部/张三")
        assert [c.org_unit_id for c in a.cadres.all()] == [tree.county_a2.pk]
        with pytest.raises(ValidationError) as refused:
            _make(personas.province, tree.county_a1, cadre_names="王五")
        assert refused.value.message_dict["cadre_names"] == ["甲一县委组织部及下级单位中没有组工干部“王五”"]

    @pytest.mark.parametrize(("change", "field", "message"), [
        ({"persons": 1, "cadre_names": "张三、李四"}, "persons", services.MSG_PERSONS),
        ({"persons": None}, "persons", services.MSG_PERSONS_ZERO),
        ({"amount": Decimal("-1")}, "amount", services.MSG_AMOUNT),
        ({"date": date.today() + timedelta(days=2)}, "date", services.MSG_FUTURE),
        ({"title": "  "}, "title", "请填写活动名称"),
    ])
    def test_checks(self, personas: Any, tree: Any, make_cadre: Any, change: dict[str, Any], field: str, message: str) -> None:
        make_cadre(tree.county_a1, name="张三")
        make_cadre(tree.county_a1, name="李四")
        with pytest.raises(ValidationError) as refused:
            _make(personas.province, tree.county_a1, **change)
        assert refused.value.message_dict[field] == [message]
        assert not CareActivity.objects.exists()

    def test_stale_edit_conflicts(self, personas: Any, tree: Any) -> None:
        a = _make(personas.province, tree.county_a1)
        services.activity_update(actor=personas.city_a, activity=a, expected_version=1, data=_input(tree.county_a1, persons=8))
        with pytest.raises(ConflictError):
            services.activity_update(actor=personas.province, activity=a, expected_version=1, data=_input(tree.county_a1, persons=9))
        a.refresh_from_db()
        assert a.persons == 8 and a.version == 2


class TestPages:
    def test_list_is_scoped_filtered_and_sorted(self, client: Any, personas: Any, tree: Any) -> None:
        _make(personas.province, tree.county_a1, title="甲一走访", persons=3)
        _make(personas.province, tree.county_a2, title="甲二座谈", kind="family", persons=9)
        _make(personas.province, tree.county_b1, title="乙一体检", kind="checkup")
        client.force_login(personas.city_a)
        page = client.get("/care/")
        assert page.status_code == 200
        titles = [row.title for row, _cells in page.context["table"].body()]
        assert sorted(titles) == ["甲一走访", "甲二座谈"]
        assert [r.title for r, _ in client.get("/care/?kind=family").context["table"].body()] == ["甲二座谈"]
        assert [r.title for r, _ in client.get(f"/care/?org={tree.county_a1.pk}").context["table"].body()] == ["甲一走访"]
        assert [r.title for r, _ in client.get("/care/?sort=-persons").context["table"].body()] == ["甲二座谈", "甲一走访"]
        assert client.get("/care/?date_from=nonsense").status_code == 200

    def test_list_query_count_does_not_grow(self, client: Any, personas: Any, tree: Any, make_cadre: Any,
                                            django_assert_max_num_queries: Any) -> None:
        make_cadre(tree.county_a1, name="张三")
        _make(personas.province, tree.county_a1, cadre_names="张三")
        client.force_login(personas.city_a)
        with django_assert_max_num_queries(15) as small:
            client.get("/care/")
        for i in range(15):
            _make(personas.province, tree.county_a1 if i % 2 else tree.county_a2, cadre_names="张三" if i % 2 else "")
        with django_assert_max_num_queries(15) as large:
            client.get("/care/")
        assert len(large.captured_queries) == len(small.captured_queries)

    def test_export_is_the_filtered_rows_and_audited(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        make_cadre(tree.county_a1, name="张三")
        _make(personas.province, tree.county_a1, cadre_names="张三", amount=Decimal("500"))
        _make(personas.province, tree.county_a2, kind="talk")
        client.force_login(personas.city_a)
        response = client.get("/care/?export=xlsx&kind=visit")
        assert response.status_code == 200
        rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
        assert rows[0] == ("日期", "活动名称", "活动类型", "组织单位", "关爱对象（组工干部）", "关爱人次", "慰问金额（元）", "备注")
        assert rows[1][:7] == ("2026-01-20", "春节前走访慰问", "走访慰问", "甲一县委组织部", "张三", 5, 500)
        assert len(rows) == 2
        assert ObjectChange.objects.filter(action="careactivity.exported", actor=personas.city_a).exists()
        client.force_login(personas.county_a1_readonly)
        assert client.get("/care/?export=xlsx").status_code == 403

    def test_add_edit_and_delete(self, client: Any, personas: Any, tree: Any) -> None:
        client.force_login(personas.county_a1_clerk)
        response = client.post("/care/add/", {"org_unit": tree.county_a1.pk, "kind": "family", "date": "2026-03-08",
                                              "title": "家属座谈会", "persons": "12", "amount": "", "note": "座谈"})
        a = CareActivity.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/care/{a.pk}/"
        detail = client.get(f"/care/{a.pk}/").content.decode()
        assert "家属座谈会" in detail and "未登记具体人员" in detail
        data = {"org_unit": tree.county_a1.pk, "kind": "family", "date": "2026-03-08", "title": "家属座谈会（修改）", "persons": "15",
                "version": "1"}
        assert client.post(f"/care/{a.pk}/edit/", data).status_code == 302
        stale = client.post(f"/care/{a.pk}/edit/", {**data, "title": "过期的修改"})
        assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
        a.refresh_from_db()
        assert a.title == "家属座谈会（修改）" and a.version == 2
        assert client.post(f"/care/{a.pk}/delete/").status_code == 302
        assert not CareActivity.objects.exists()
        assert ObjectChange.objects.filter(action="careactivity.deleted").exists()

    def test_bad_input_is_400_and_writes_nothing(self, client: Any, personas: Any, tree: Any) -> None:
        client.force_login(personas.county_a1_clerk)
        response = client.post("/care/add/", {"org_unit": tree.county_a1.pk, "kind": "visit", "date": "2026-01-20",
                                              "title": "走访", "cadre_names": "查无此人"})
        assert response.status_code == 400
        assert "甲一县委组织部及下级单位中没有组工干部“查无此人”" in response.content.decode()
        response = client.post("/care/add/", {"org_unit": tree.county_b1.pk, "kind": "visit", "date": "2026-01-20", "title": "走访",
                                              "persons": "1"})
        assert response.status_code == 400
        assert not CareActivity.objects.exists()

    def test_other_county_gets_404_and_readonly_403(self, client: Any, personas: Any, tree: Any) -> None:
        a = _make(personas.province, tree.county_a1)
        client.force_login(personas.county_b1)
        assert client.get(f"/care/{a.pk}/").status_code == 404
        assert client.get(f"/care/{a.pk}/edit/").status_code == 404
        client.force_login(personas.county_a1_readonly)
        assert client.get(f"/care/{a.pk}/").status_code == 200
        assert client.get(f"/care/{a.pk}/edit/").status_code == 403


def _xlsx(rows: list[list[str]]) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in ActivityImport.columns])
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "care.xlsx"
    return buf


def _upload(client: Any, buf: BytesIO) -> Job:
    response = client.post("/care/import/", {"file": buf})
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


class TestImport:
    def test_template(self, client: Any, personas: Any) -> None:
        client.force_login(personas.city_a)
        response = client.get("/care/import/template/")
        ws = load_workbook(BytesIO(b"".join(response.streaming_content))).worksheets[0]
        assert [c.value for c in ws[1]][:4] == ["组织单位*", "活动类型*", "日期*", "活动名称*"]

    def test_good_file_imports_after_confirmation(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        make_cadre(tree.county_a1, name="张三")
        client.force_login(personas.city_a)
        job = _upload(client, _xlsx([["甲一县委组织部", "走访慰问", "2026-01-18", "走访", "张三", "", "800", ""],
                                     ["甲二县委组织部", "文体活动", "2026-05-04", "趣味运动会", "", "40", "", "青年节"]]))
        assert job.status == Job.Status.VALIDATED and job.result["to_create"] == 2
        assert not CareActivity.objects.exists()
        assert client.post(f"/jobs/{job.pk}/confirm/").status_code == 302
        job.refresh_from_db()
        assert job.status == Job.Status.DONE and job.result["created"] == 2
        visit = CareActivity.objects.get(kind="visit")
        assert visit.persons == 1 and visit.amount == Decimal("800") and [c.name for c in visit.cadres.all()] == ["张三"]

    def test_one_bad_row_rejects_the_file(self, client: Any, personas: Any, tree: Any) -> None:
        client.force_login(personas.city_a)
        job = _upload(client, _xlsx([["甲一县委组织部", "走访慰问", "2026-01-18", "走访", "", "3", "", ""],
                                     ["乙一县委组织部", "走访慰问", "2026-01-18", "走访", "", "3", "", ""],
                                     ["甲一县委组织部", "聚餐", "2026-01-18", "走访", "", "-2", "", ""]]))
        assert job.status == Job.Status.INVALID
        errors = {(e["row"], e["column"]): e["message"] for e in job.result["errors"]}
        assert errors[(3, "组织单位")] == "单位不存在或不在您的授权范围内"
        assert errors[(4, "活动类型")].startswith("应为：走访慰问、困难帮扶")
        assert not CareActivity.objects.exists()


class TestIndicators:
    def test_values_breakdown_and_provenance(self, client: Any, personas: Any, tree: Any) -> None:
        from zugong.stats import engine
        from zugong.stats.registry import get

        _make(personas.province, tree.county_a1, persons=5)
        _make(personas.province, tree.county_a2, kind="family", persons=20)
        _make(personas.province, tree.city_a, kind="visit", persons=2)
        _make(personas.province, tree.county_b1, kind="visit", persons=7)
        bd = engine.breakdown(get("care.activities"), personas.province, tree.province)
        assert bd.total == 4 and {r.name: r.value for r in bd.rows()} == {"甲市委组织部": 3, "乙市委组织部": 1}
        persons = engine.breakdown(get("care.persons"), personas.province, tree.province)
        assert persons.total == 34 and {r.name: r.value for r in persons.rows()} == {"甲市委组织部": 27, "乙市委组织部": 7}
        assert engine.value(get("care.activities_visit"), personas.province, tree.province) == 3
        assert engine.value(get("care.activities_family"), personas.city_a, tree.city_a) == 1
        period = engine.Period(date(2026, 2, 1), date(2026, 12, 31))
        assert engine.value(get("care.activities"), personas.province, tree.province, period) == 0
        client.force_login(personas.city_a)
        page = client.get(f"/stats/records/?indicator=care.activities&org={tree.city_a.pk}")
        assert page.status_code == 200 and page.context["page_obj"].paginator.count == 3


class TestApi:
    def test_scoped_read_only_and_filtered(self, personas: Any, tree: Any) -> None:
        a = _make(personas.province, tree.county_a1)
        _make(personas.province, tree.county_a2, kind="talk")
        theirs = _make(personas.province, tree.county_b1)
        api = APIClient()
        api.force_authenticate(personas.city_a)
        body = api.get("/api/v1/care-activities/").json()
        assert body["count"] == 2 and {r["kind_label"] for r in body["results"]} == {"走访慰问", "谈心谈话"}
        assert api.get("/api/v1/care-activities/?kind=talk").json()["count"] == 1
        assert api.get(f"/api/v1/care-activities/{a.pk}/").json()["persons"] == 5
        assert api.get(f"/api/v1/care-activities/{theirs.pk}/").status_code == 404
        assert api.delete(f"/api/v1/care-activities/{a.pk}/").status_code == 405


def test_demo_builds_and_the_indicators_are_not_zero(make_cadre: Any) -> None:
    from zugong.care import demo as care_demo
    from zugong.core import demo
    from zugong.orgs.models import OrgUnit
    from zugong.stats import engine
    from zugong.stats.registry import get

    built = demo.build_tree()
    demo.build_accounts()
    for county in [c for counties in built["counties"].values() for c in counties][:30]:  # a few cadres to name
        for name in ("张伟", "王芳", "李娜", "刘洋", "陈静"):
            make_cadre(county, name=name)
    made = care_demo.build()
    assert made["activities"] == CareActivity.objects.count() > 100
    assert CareActivity.cadres.through.objects.exists()
    from zugong.accounts.models import User

    leader = User.objects.get(username="demo-leader")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    bd = engine.breakdown(get("care.activities"), leader, province)
    assert bd.total == made["activities"] and all(r.value for r in bd.children)
    assert engine.value(get("care.persons"), leader, province) > made["activities"]
    assert CareActivity.objects.filter(date__gt=timezone.localdate()).count() == 0
