"""宣传报道: services (scope, authors, link check, conflicts), pages (list, filters, export, import, edit, delete),
the indicators per media level with their per-city breakdown and provenance, the API and the demo."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from zugong.audit.models import ObjectChange
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.models import Job
from zugong.publicity import services
from zugong.publicity.imports import ReportImport
from zugong.publicity.models import MediaReport

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 1)


def _input(unit: Any, **extra: Any) -> services.ReportInput:
    values: dict[str, Any] = {"org_unit": unit, "date": DAY, "title": "深化“四进”活动", "media_name": "甲市日报",
                              "media_level": "city", "kind": "newspaper", **extra}
    return services.ReportInput(**values)


def _make(actor: Any, unit: Any, **extra: Any) -> MediaReport:
    return services.report_create(actor=actor, data=_input(unit, **extra))


class TestServices:
    def test_create_links_authors_and_audits(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        make_cadre(tree.county_a1, name="张三")
        r = _make(personas.city_a, tree.county_a1, cadre_names="张三", link="https://example.cn/a.html")
        assert [c.name for c in r.cadres.all()] == ["张三"] and r.link == "https://example.cn/a.html"
        assert ObjectChange.objects.filter(action="mediareport.created", object_id=str(r.pk)).exists()

    def test_outside_scope_is_refused(self, personas: Any, tree: Any) -> None:
        with pytest.raises(PermissionDenied):
            _make(personas.city_a, tree.county_b1)
        with pytest.raises(PermissionDenied):
            _make(personas.county_a1_readonly, tree.county_a1)
        assert not MediaReport.objects.exists()

    @pytest.mark.parametrize(("change", "field", "message"), [
        ({"link": "javascript:alert(1)"}, "link", services.MSG_LINK),
        ({"link": "ftp://example.cn/x"}, "link", services.MSG_LINK),
        ({"media_name": " "}, "media_name", "请填写媒体名称"),
        ({"media_level": "world"}, "media_level", "媒体级别无效"),
        ({"date": date.today() + timedelta(days=2)}, "date", services.MSG_FUTURE),
        ({"cadre_names": "查无此人"}, "cadre_names", "甲一县委组织部及下级单位中没有组工干部“查无此人”"),
    ])
    def test_checks(self, personas: Any, tree: Any, change: dict[str, Any], field: str, message: str) -> None:
        with pytest.raises(ValidationError) as refused:
            _make(personas.province, tree.county_a1, **change)
        assert refused.value.message_dict[field] == [message]
        assert not MediaReport.objects.exists()

    def test_stale_edit_conflicts(self, personas: Any, tree: Any) -> None:
        r = _make(personas.province, tree.county_a1)
        services.report_update(actor=personas.city_a, report=r, expected_version=1, data=_input(tree.county_a1, title="新标题"))
        with pytest.raises(ConflictError):
            services.report_update(actor=personas.province, report=r, expected_version=1, data=_input(tree.county_a1, title="旧的"))
        r.refresh_from_db()
        assert r.title == "新标题" and r.version == 2


class TestPages:
    def test_list_is_scoped_filtered_and_sorted(self, client: Any, personas: Any, tree: Any) -> None:
        _make(personas.province, tree.county_a1, title="甲一报道", media_level="central", media_name="人民日报")
        _make(personas.province, tree.county_a2, title="甲二报道", date=date(2026, 4, 1))
        _make(personas.province, tree.county_b1, title="乙一报道")
        client.force_login(personas.city_a)
        page = client.get("/publicity/")
        assert page.status_code == 200
        assert [r.title for r, _ in page.context["table"].body()] == ["甲二报道", "甲一报道"]
        assert [r.title for r, _ in client.get("/publicity/?media_level=central").context["table"].body()] == ["甲一报道"]
        assert [r.title for r, _ in client.get("/publicity/?q=人民").context["table"].body()] == ["甲一报道"]
        assert [r.title for r, _ in client.get(f"/publicity/?org={tree.county_a2.pk}").context["table"].body()] == ["甲二报道"]
        assert [r.title for r, _ in client.get("/publicity/?sort=date").context["table"].body()] == ["甲一报道", "甲二报道"]

    def test_list_query_count_does_not_grow(self, client: Any, personas: Any, tree: Any, make_cadre: Any,
                                            django_assert_max_num_queries: Any) -> None:
        make_cadre(tree.county_a1, name="张三")
        _make(personas.province, tree.county_a1, cadre_names="张三")
        client.force_login(personas.city_a)
        with django_assert_max_num_queries(15) as small:
            client.get("/publicity/")
        for i in range(15):
            _make(personas.province, tree.county_a1 if i % 2 else tree.county_a2, cadre_names="张三" if i % 2 else "")
        with django_assert_max_num_queries(15) as large:
            client.get("/publicity/")
        assert len(large.captured_queries) == len(small.captured_queries)

    def test_export_is_the_filtered_rows_and_audited(self, client: Any, personas: Any, tree: Any) -> None:
        _make(personas.province, tree.county_a1, media_level="provincial", media_name="黑龙江日报", link="https://example.cn/1")
        _make(personas.province, tree.county_a2)
        client.force_login(personas.city_a)
        response = client.get("/publicity/?export=xlsx&media_level=provincial")
        rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
        assert rows[0] == ("刊播日期", "标题", "媒体名称", "媒体级别", "媒体类型", "报道单位", "作者（组工干部）", "链接", "备注")
        assert rows[1][:6] == ("2026-03-01", "深化“四进”活动", "黑龙江日报", "省部级", "报纸", "甲一县委组织部")
        assert rows[1][7] == "https://example.cn/1" and len(rows) == 2
        assert ObjectChange.objects.filter(action="mediareport.exported", actor=personas.city_a).exists()
        client.force_login(personas.county_a1_readonly)
        assert client.get("/publicity/?export=xlsx").status_code == 403

    def test_add_edit_and_delete(self, client: Any, personas: Any, tree: Any) -> None:
        client.force_login(personas.county_a1_clerk)
        data = {"org_unit": tree.county_a1.pk, "date": "2026-03-08", "title": "报道", "media_name": "东北网", "media_level": "provincial",
                "kind": "online", "link": "https://example.cn/n/1.html"}
        response = client.post("/publicity/add/", data)
        r = MediaReport.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/publicity/{r.pk}/"
        detail = client.get(f"/publicity/{r.pk}/").content.decode()
        assert 'href="https://example.cn/n/1.html" target="_blank" rel="noopener noreferrer nofollow"' in detail
        assert client.post(f"/publicity/{r.pk}/edit/", {**data, "title": "报道（修改）", "version": "1"}).status_code == 302
        stale = client.post(f"/publicity/{r.pk}/edit/", {**data, "title": "过期", "version": "1"})
        assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
        r.refresh_from_db()
        assert r.title == "报道（修改）" and r.version == 2
        assert client.post(f"/publicity/{r.pk}/delete/").status_code == 302
        assert not MediaReport.objects.exists()

    def test_bad_input_is_400_and_writes_nothing(self, client: Any, personas: Any, tree: Any) -> None:
        client.force_login(personas.county_a1_clerk)
        response = client.post("/publicity/add/", {"org_unit": tree.county_a1.pk, "date": "2026-03-08", "title": "报道",
                                                   "media_name": "东北网", "media_level": "provincial", "kind": "online",
                                                   "link": "javascript:alert(1)"})
        assert response.status_code == 400 and services.MSG_LINK in response.content.decode()
        assert not MediaReport.objects.exists()

    def test_other_county_gets_404_and_readonly_403(self, client: Any, personas: Any, tree: Any) -> None:
        r = _make(personas.province, tree.county_a1)
        client.force_login(personas.county_b1)
        assert client.get(f"/publicity/{r.pk}/").status_code == 404
        client.force_login(personas.county_a1_readonly)
        assert client.get(f"/publicity/{r.pk}/").status_code == 200
        assert client.get(f"/publicity/{r.pk}/edit/").status_code == 403


def _xlsx(rows: list[list[str]]) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in ReportImport.columns])
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "reports.xlsx"
    return buf


def _upload(client: Any, buf: BytesIO) -> Job:
    response = client.post("/publicity/import/", {"file": buf})
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


class TestImport:
    def test_template(self, client: Any, personas: Any) -> None:
        client.force_login(personas.city_a)
        ws = load_workbook(BytesIO(b"".join(client.get("/publicity/import/template/").streaming_content))).worksheets[0]
        assert [c.value for c in ws[1]][:6] == ["报道单位*", "刊播日期*", "标题*", "媒体名称*", "媒体级别*", "媒体类型*"]

    def test_good_file_imports_after_confirmation(self, client: Any, personas: Any, tree: Any) -> None:
        client.force_login(personas.city_a)
        job = _upload(client, _xlsx([["甲一县委组织部", "2026-03-01", "报道一", "人民日报", "中央", "报纸", "", "", ""],
                                     ["甲二县委组织部", "2026-03-02", "报道二", "东北网", "省部级", "网络", "https://example.cn/2", "", ""]]))
        assert job.status == Job.Status.VALIDATED and job.result["to_create"] == 2
        assert not MediaReport.objects.exists()
        client.post(f"/jobs/{job.pk}/confirm/")
        job.refresh_from_db()
        assert job.status == Job.Status.DONE and job.result["created"] == 2
        assert sorted(MediaReport.objects.values_list("media_level", flat=True)) == ["central", "provincial"]

    def test_one_bad_row_rejects_the_file(self, client: Any, personas: Any, tree: Any) -> None:
        client.force_login(personas.city_a)
        job = _upload(client, _xlsx([["甲一县委组织部", "2026-03-01", "报道一", "人民日报", "中央", "报纸", "", "", ""],
                                     ["甲一县委组织部", "2026-03-01", "报道二", "某报", "国际", "报纸", "", "", ""],
                                     ["乙一县委组织部", "2026-03-01", "报道三", "某报", "中央", "报纸", "www.x.cn", "", ""]]))
        assert job.status == Job.Status.INVALID
        errors = {(e["row"], e["column"]): e["message"] for e in job.result["errors"]}
        assert errors[(3, "媒体级别")] == "应为：县级、市级、省部级、中央"
        assert errors[(4, "报道单位")] == "单位不存在或不在您的授权范围内"
        assert not MediaReport.objects.exists()


class TestIndicators:
    def test_values_per_level_breakdown_and_provenance(self, client: Any, personas: Any, tree: Any) -> None:
        from zugong.stats import engine
        from zugong.stats.registry import get

        _make(personas.province, tree.county_a1, media_level="central")
        _make(personas.province, tree.county_a1, media_level="provincial")
        _make(personas.province, tree.county_a2, media_level="city")
        _make(personas.province, tree.county_b1, media_level="provincial")
        _make(personas.province, tree.county_b1, media_level="county")
        bd = engine.breakdown(get("publicity.reports"), personas.province, tree.province)
        assert bd.total == 5 and {r.name: r.value for r in bd.rows()} == {"甲市委组织部": 3, "乙市委组织部": 2}
        codes = ("publicity.reports_central", "publicity.reports_provincial", "publicity.reports_city", "publicity.reports_county",
                 "publicity.reports_city_up", "publicity.reports_provincial_up")
        levels = {code.removeprefix("publicity.reports_"): engine.value(get(code), personas.province, tree.province) for code in codes}
        # the seeds' 市级以上 and 省部级以上 count the higher levels too
        assert levels == {"central": 1, "provincial": 2, "city": 1, "county": 1, "city_up": 4, "provincial_up": 3}
        assert engine.value(get("publicity.reports"), personas.province, tree.province, engine.Period(date(2026, 4, 1))) == 0
        client.force_login(personas.city_a)
        page = client.get(f"/stats/records/?indicator=publicity.reports_provincial&org={tree.city_a.pk}")
        assert page.status_code == 200 and page.context["page_obj"].paginator.count == 1


class TestApi:
    def test_scoped_read_only_and_filtered(self, personas: Any, tree: Any) -> None:
        r = _make(personas.province, tree.county_a1, media_level="central")
        _make(personas.province, tree.county_a2)
        theirs = _make(personas.province, tree.county_b1)
        api = APIClient()
        api.force_authenticate(personas.city_a)
        body = api.get("/api/v1/media-reports/").json()
        assert body["count"] == 2
        assert api.get("/api/v1/media-reports/?media_level=central").json()["results"][0]["media_level_label"] == "中央"
        assert api.get(f"/api/v1/media-reports/{r.pk}/").json()["media_name"] == "甲市日报"
        assert api.get(f"/api/v1/media-reports/{theirs.pk}/").status_code == 404
        assert api.post("/api/v1/media-reports/", {}).status_code == 405


def test_demo_builds_and_the_indicators_are_not_zero() -> None:
    from zugong.accounts.models import User
    from zugong.core import demo
    from zugong.orgs.models import OrgUnit
    from zugong.publicity import demo as publicity_demo
    from zugong.stats import engine
    from zugong.stats.registry import get

    demo.build_tree()  # the roster's demo is not needed: reports name no cadres
    demo.build_accounts()
    made = publicity_demo.build()
    leader = User.objects.get(username="demo-leader")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    bd = engine.breakdown(get("publicity.reports"), leader, province)
    assert bd.total == made["reports"] > 100 and all(r.value for r in bd.children)
    for code in ("publicity.reports_central", "publicity.reports_provincial", "publicity.reports_city"):
        assert engine.value(get(code), leader, province) > 0
    assert not MediaReport.objects.exclude(link="").exclude(link__startswith="https://").exists()
