"""违规违纪处理: only 部领导 and 纪检监察员 read (业务管理员 holds nothing), only 纪检监察员 write; every detail view, file
download, export and API read is audited; the indicator's figure and records follow the same permission."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zugong.accounts.roles import BUILTIN_ROLES
from zugong.audit.models import ObjectChange
from zugong.conftest import make_user
from zugong.core.errors import ConflictError, ValidationError
from zugong.discipline import permissions, services
from zugong.discipline.models import DisciplineCase

pytestmark = pytest.mark.django_db

DAY = date(2026, 2, 1)
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def people(personas: Any, tree: Any, make_cadre: Any) -> Any:
    """A 部领导 on the province, 纪检监察员 on city A and on county B1, and cadres in A1, A2 and B1."""

    class P:
        leader = make_user("leader", grants=[("leader", tree.province)])
        inspector_a = make_user("jj-a", grants=[("discipline", tree.city_a)])
        inspector_b1 = make_user("jj-b1", grants=[("discipline", tree.county_b1)])

    make_cadre(tree.county_a1, name="张三")
    make_cadre(tree.county_a2, name="李四")
    make_cadre(tree.county_b1, name="王五")
    return P


def _input(unit: Any, cadre: str, **extra: Any) -> services.CaseInput:
    values: dict[str, Any] = {"org_unit": unit, "cadre_name": cadre, "decided_on": DAY, "kind": "integrity", "handling": "admonition",
                              "summary": "接受管理服务对象宴请", "decided_by": "甲市委组织部部务会", **extra}
    return services.CaseInput(**values)


def _case(actor: Any, unit: Any, cadre: str, **extra: Any) -> DisciplineCase:
    return services.case_create(actor=actor, data=_input(unit, cadre, **extra))


def test_who_holds_what() -> None:
    perms = set(permissions.CATALOG)
    assert not perms & set(BUILTIN_ROLES["admin"][2])  # 业务管理员
    assert perms & set(BUILTIN_ROLES["leader"][2]) == {permissions.VIEW_CASE, permissions.EXPORT_CASE}
    assert perms <= set(BUILTIN_ROLES["discipline"][2]) and BUILTIN_ROLES["discipline"][0] == "纪检监察员"
    for code in ("clerk", "readonly", "inspector", "mailbox"):
        assert not perms & set(BUILTIN_ROLES[code][2]), code


class TestServices:
    def test_create_in_scope_and_audited(self, personas: Any, tree: Any, people: Any) -> None:
        case = _case(people.inspector_a, tree.city_a, "张三")
        assert case.cadre.name == "张三" and case.org_unit == tree.city_a
        assert ObjectChange.objects.filter(action="disciplinecase.created", object_id=str(case.pk)).exists()
        assert "张三" not in str(case)  # what provenance lists show names no one
        with pytest.raises(PermissionDenied):
            _case(people.inspector_a, tree.county_b1, "王五")
        for actor in (people.leader, personas.province):  # 部领导 reads only; 业务管理员 holds nothing
            with pytest.raises(PermissionDenied):
                _case(actor, tree.county_a1, "张三")

    @pytest.mark.parametrize(("change", "field", "message"), [
        ({"cadre_name": "王五"}, "cadre_name", "甲市委组织部及下级单位中没有组工干部“王五”"),
        ({"cadre_name": " "}, "cadre_name", services.MSG_CADRE_MISSING),
        ({"decided_on": date.today() + timedelta(days=1)}, "decided_on", services.MSG_FUTURE),
        ({"summary": ""}, "summary", "请填写问题摘要"),
        ({"handling": "fine"}, "handling", "处理方式无效"),
    ])
    def test_checks(self, tree: Any, people: Any, change: dict[str, Any], field: str, message: str) -> None:
        data = _input(tree.city_a, "张三", **change)
        with pytest.raises(ValidationError) as refused:
            services.case_create(actor=people.inspector_a, data=data)
        assert refused.value.message_dict[field] == [message]
        assert not DisciplineCase.objects.exists()

    def test_same_name_needs_the_unit(self, tree: Any, people: Any, make_cadre: Any) -> None:
        make_cadre(tree.county_a2, name="张三")
        with pytest.raises(ValidationError) as refused:
            _case(people.inspector_a, tree.city_a, "张三")
        assert "请写成“单位/姓名”" in refused.value.message_dict["cadre_name"][0]
        assert _case(people.inspector_a, tree.city_a, "甲二县委组织部/张三").cadre.org_unit == tree.county_a2

    def test_stale_edit_conflicts(self, tree: Any, people: Any) -> None:
        case = _case(people.inspector_a, tree.county_a1, "张三")
        services.case_update(actor=people.inspector_a, case=case, expected_version=1, data=_input(tree.county_a1, "张三", handling="party"))
        with pytest.raises(ConflictError):
            services.case_update(actor=people.inspector_a, case=case, expected_version=1, data=_input(tree.county_a1, "张三"))
        case.refresh_from_db()
        assert case.handling == "party" and case.version == 2


class TestPages:
    def test_business_admins_and_readers_get_403_and_no_menu(self, client: Any, personas: Any, tree: Any, people: Any) -> None:
        from zugong.core.menu import menu_for

        case = _case(people.inspector_a, tree.county_a1, "张三")
        for persona in (personas.province, personas.city_a, personas.county_a1_readonly, personas.county_a1_clerk):
            client.force_login(persona)
            assert client.get("/discipline/").status_code == 403
            assert client.get(f"/discipline/{case.pk}/").status_code == 403
            assert "监督执纪" not in [g.label for g in menu_for(persona)]
        assert "监督执纪" in [g.label for g in menu_for(people.leader)]
        assert not ObjectChange.objects.filter(action=services.READ).exists()

    def test_list_shows_name_kind_and_handling_in_scope(self, client: Any, tree: Any, people: Any) -> None:
        _case(people.inspector_a, tree.county_a1, "张三", kind="work", handling="reminder")
        _case(people.inspector_b1, tree.county_b1, "王五")
        client.force_login(people.inspector_a)
        page = client.get("/discipline/")
        assert page.status_code == 200
        body = [[str(v) for _c, v in cells] for _row, cells in page.context["table"].body()]
        assert body == [["张三", "甲一县委组织部", "违反工作纪律", "谈话提醒", "2026-02-01"]]
        assert "接受管理服务对象宴请" not in page.content.decode()  # the summary is on the audited detail page only
        client.force_login(people.leader)
        assert client.get("/discipline/?handling=admonition").context["paginator"].count == 1
        assert client.get("/discipline/").context["paginator"].count == 2
        lists = ObjectChange.objects.filter(action=services.READ, after__via="list").order_by("pk")
        assert [(r.actor, len(r.after["ids"])) for r in lists] == [(people.inspector_a, 1), (people.leader, 1), (people.leader, 2)]

    def test_detail_is_audited_and_outsiders_get_404(self, client: Any, tree: Any, people: Any) -> None:
        case = _case(people.inspector_a, tree.county_a1, "张三")
        client.force_login(people.leader)
        page = client.get(f"/discipline/{case.pk}/")
        assert page.status_code == 200 and "接受管理服务对象宴请" in page.content.decode()
        assert not page.context["can_change"] and not page.context["can_delete"]  # 部领导 reads only
        read = ObjectChange.objects.get(action=services.READ)
        assert read.actor == people.leader and read.object_id == str(case.pk) and read.after["via"] == "page"
        client.force_login(people.inspector_b1)
        assert client.get(f"/discipline/{case.pk}/").status_code == 404
        assert client.get(f"/discipline/{case.pk}/edit/").status_code == 404
        assert ObjectChange.objects.filter(action=services.READ).count() == 1

    def test_export_is_audited(self, client: Any, tree: Any, people: Any) -> None:
        _case(people.inspector_a, tree.county_a1, "张三")
        client.force_login(people.leader)
        response = client.get("/discipline/?export=xlsx")
        rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
        assert rows[0][:4] == ("组工干部", "所在单位", "违规违纪类别", "处理方式") and rows[1][:4] == ("张三", "甲一县委组织部", "违反廉洁纪律", "诫勉")
        read = ObjectChange.objects.get(action=services.READ)
        assert read.actor == people.leader and read.after["via"] == "export" and read.after["count"] == 1
        assert ObjectChange.objects.filter(action="disciplinecase.exported").exists()

    def test_add_with_file_edit_conflict_and_delete(self, client: Any, tree: Any, people: Any) -> None:
        client.force_login(people.inspector_a)
        data = {"org_unit": tree.county_a1.pk, "cadre_name": "张三", "decided_on": "2026-02-01", "kind": "integrity",
                "handling": "admonition", "decided_by": "县委组织部部务会", "summary": "接受宴请"}
        response = client.post("/discipline/add/", {**data, "upload": SimpleUploadedFile("决定.pdf", PDF)})
        case = DisciplineCase.objects.get()
        assert response.status_code == 302 and case.file is not None and case.file.name == "决定.pdf"
        download = client.get(f"/discipline/{case.pk}/file/")
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        assert ObjectChange.objects.filter(action="disciplinecase.file_read", actor=people.inspector_a).exists()
        form = client.get(f"/discipline/{case.pk}/edit/")
        assert form.context["form"].initial["cadre_name"] == "甲一县委组织部/张三"
        assert client.post(f"/discipline/{case.pk}/edit/", {**data, "handling": "party", "version": "1"}).status_code == 302
        stale = client.post(f"/discipline/{case.pk}/edit/", {**data, "handling": "reminder", "version": "1"})
        assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
        case.refresh_from_db()
        assert case.handling == "party" and case.file is not None
        client.force_login(people.leader)
        assert client.get(f"/discipline/{case.pk}/edit/").status_code == 403
        assert client.post(f"/discipline/{case.pk}/delete/").status_code == 403
        client.force_login(people.inspector_a)
        assert client.post(f"/discipline/{case.pk}/delete/").status_code == 302
        assert not DisciplineCase.objects.exists()

    def test_bad_input_is_400_and_writes_nothing(self, client: Any, tree: Any, people: Any) -> None:
        client.force_login(people.inspector_a)
        response = client.post("/discipline/add/", {"org_unit": tree.county_a1.pk, "cadre_name": "李四", "decided_on": "2026-02-01",
                                                    "kind": "integrity", "handling": "admonition", "decided_by": "部务会",
                                                    "summary": "x", "upload": SimpleUploadedFile("a.pdf", b"<?php echo 1;")})
        assert response.status_code == 400
        body = response.content.decode()
        assert "甲一县委组织部及下级单位中没有组工干部“李四”" in body and "只能上传" in body
        assert not DisciplineCase.objects.exists()

    def test_list_query_count_does_not_grow(self, client: Any, tree: Any, people: Any, make_cadre: Any,
                                            django_assert_max_num_queries: Any) -> None:
        _case(people.inspector_a, tree.county_a1, "张三")
        client.force_login(people.leader)
        # 12 for the page, 3 for the audit row of the list read (lock, chain head, insert)
        with django_assert_max_num_queries(15) as small:
            client.get("/discipline/")
        for i in range(10):
            make_cadre(tree.county_a2, name=f"干部{'甲乙丙丁戊己庚辛壬癸'[i]}")
            _case(people.inspector_a, tree.county_a2, f"干部{'甲乙丙丁戊己庚辛壬癸'[i]}")
        with django_assert_max_num_queries(15) as large:
            client.get("/discipline/")
        assert len(large.captured_queries) == len(small.captured_queries)


class TestIndicator:
    def test_count_and_records_only_for_holders(self, client: Any, personas: Any, tree: Any, people: Any) -> None:
        from zugong.stats import engine
        from zugong.stats.registry import available_to, get

        _case(people.inspector_a, tree.county_a1, "张三")
        _case(people.inspector_a, tree.county_a2, "李四", handling="party")
        _case(people.inspector_b1, tree.county_b1, "王五")
        ind = get("discipline.cases")
        bd = engine.breakdown(ind, people.leader, tree.province)
        assert bd.total == 3 and {r.name: r.value for r in bd.rows()} == {"甲市委组织部": 2, "乙市委组织部": 1}
        assert engine.value(get("discipline.cases_party"), people.leader, tree.province) == 1
        client.force_login(people.leader)
        page = client.get(f"/stats/records/?indicator=discipline.cases&org={tree.city_a.pk}")
        assert page.status_code == 200 and page.context["page_obj"].paginator.count == 2
        assert "张三" not in page.content.decode()  # the rows are case numbers; names are on the audited detail page
        # 业务管理员: the engine offers the indicator only with the model's view permission — no figure, no rows
        admin = personas.province
        assert ind not in available_to(admin)
        assert engine.value(ind, admin, tree.province) == 0
        client.force_login(admin)
        assert client.get(f"/stats/records/?indicator=discipline.cases&org={tree.city_a.pk}").status_code == 403
        api = APIClient()
        api.force_authenticate(admin)
        assert api.get(f"/api/v1/stats/values/?indicator=discipline.cases&org={tree.province.pk}").status_code == 400


class TestApi:
    def test_only_holders_read_and_every_read_is_audited(self, personas: Any, tree: Any, people: Any) -> None:
        case = _case(people.inspector_a, tree.county_a1, "张三")
        _case(people.inspector_b1, tree.county_b1, "王五")
        api = APIClient()
        api.force_authenticate(personas.province)
        assert api.get("/api/v1/discipline-cases/").status_code == 403
        assert api.get(f"/api/v1/discipline-cases/{case.pk}/").status_code == 403
        api.force_authenticate(people.inspector_a)
        body = api.get("/api/v1/discipline-cases/").json()
        assert body["count"] == 1 and body["results"][0]["cadre_name"] == "张三" and body["results"][0]["handling_label"] == "诫勉"
        listed = ObjectChange.objects.get(action=services.READ)
        assert listed.after == {"via": "api", "ids": [case.pk]}
        assert api.get(f"/api/v1/discipline-cases/{case.pk}/").json()["summary"] == "接受管理服务对象宴请"
        assert ObjectChange.objects.filter(action=services.READ, object_id=str(case.pk)).count() == 1
        api.force_authenticate(people.inspector_b1)
        assert api.get(f"/api/v1/discipline-cases/{case.pk}/").status_code == 404
        assert api.delete(f"/api/v1/discipline-cases/{case.pk}/").status_code in (403, 405)


def test_demo_builds_a_handful_of_cases(make_cadre: Any) -> None:
    from zugong.accounts.models import User
    from zugong.core import demo
    from zugong.discipline import demo as discipline_demo
    from zugong.orgs.models import OrgUnit
    from zugong.stats import engine
    from zugong.stats.registry import get

    built = demo.build_tree()
    demo.build_accounts()
    for city in built["cities"]:
        for county in built["counties"][city.pk][:2]:
            make_cadre(county, name="演示干部")
    made = discipline_demo.build()
    assert made["cases"] == DisciplineCase.objects.count() == 17
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    leader = User.objects.get(username="demo-leader")
    bd = engine.breakdown(get("discipline.cases"), leader, province)
    assert bd.total == 17 and all(r.value for r in bd.children if r.name.endswith("市委组织部"))
    inspector = User.objects.get(username="demo-discipline")
    assert DisciplineCase.objects.visible_to(inspector, "view").count() == 17
    assert DisciplineCase.objects.visible_to(User.objects.get(username="demo-province"), "view").count() == 0
