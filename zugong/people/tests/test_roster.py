"""The roster end to end: services, list filters and search, detail, edit with optimistic locking, export."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from zugong.audit.models import ObjectChange
from zugong.conftest import cadre_input
from zugong.core import crypto
from zugong.core.errors import ConflictError, ValidationError
from zugong.people import services
from zugong.people.models import Cadre, CadreStatus, Movement

pytestmark = pytest.mark.django_db


def _years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    return date(today.year - years, 1, 1) if days == 0 else today.replace(year=today.year - years)


class TestServices:
    def test_create_encrypts_masks_and_audits(self, personas: Any, tree: Any) -> None:
        data = cadre_input(tree.county_a1, name="张三", office=tree.county_a1_office)
        cadre = services.cadre_create(actor=personas.city_a, data=data)
        assert cadre.id_number_masked == data.id_number[:4] + "*" * 10 + data.id_number[-4:]
        assert crypto.decrypt(cadre.id_number_enc) == data.id_number
        assert data.id_number not in cadre.id_number_enc
        assert cadre.phone_masked == "138****1234"
        assert (cadre.name_pinyin, cadre.name_initials) == ("zhangsan", "zs")
        assert cadre.birth_date == date(1990, 3, 15)
        row = ObjectChange.objects.get(action="cadre.created")
        assert row.actor == personas.city_a and row.org_unit_id == tree.county_a1.pk
        assert "id_number_enc" not in row.after and "phone_enc" not in row.after

    def test_create_outside_scope_is_refused(self, personas: Any, tree: Any) -> None:
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            services.cadre_create(actor=personas.county_b1, data=cadre_input(tree.county_a1))
        assert Cadre.objects.count() == 0

    def test_duplicate_id_number_is_refused(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        first = make_cadre(tree.county_a1)
        data = cadre_input(tree.county_a1)
        data.id_number = crypto.decrypt(first.id_number_enc)
        with pytest.raises(ValidationError) as exc:
            services.cadre_create(actor=personas.city_a, data=data)
        assert exc.value.message_dict["id_number"] == [services.MSG_DUPLICATE_ID]

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"name": "X"}, "name", services.MSG_NAME),
            ({"phone": "12345"}, "phone", services.MSG_PHONE),
            ({"gender": "F"}, "gender", services.MSG_GENDER),  # the made-up numbers are odd: male
            ({"id_number": "110105194912310021"}, "id_number", "身份证号校验位错误"),
            ({"work_start_date": date(1995, 1, 1)}, "work_start_date", services.MSG_WORK_START),
        ],
    )
    def test_validation_messages(self, personas: Any, tree: Any, change: dict[str, Any], field: str, message: str) -> None:
        data = cadre_input(tree.county_a1, **change) if "id_number" not in change else cadre_input(tree.county_a1)
        if "id_number" in change:
            data.id_number = change["id_number"]
        with pytest.raises(ValidationError) as exc:
            services.cadre_create(actor=personas.city_a, data=data)
        assert exc.value.message_dict[field] == [message]

    def test_office_must_belong_to_the_unit(self, personas: Any, tree: Any) -> None:
        with pytest.raises(ValidationError) as exc:
            services.cadre_create(actor=personas.city_a, data=cadre_input(tree.county_a1, office=tree.city_a_office))
        assert exc.value.message_dict["office"] == [services.MSG_OFFICE]

    def test_stale_edit_conflicts_instead_of_overwriting(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1, name="李四")
        loaded_version = cadre.version
        first = cadre_input(tree.county_a1, name="李四一")
        first.id_number = crypto.decrypt(cadre.id_number_enc)
        services.cadre_update(actor=personas.city_a, cadre=Cadre.objects.get(pk=cadre.pk), expected_version=loaded_version, data=first)
        second = cadre_input(tree.county_a1, name="李四二")
        second.id_number = first.id_number
        with pytest.raises(ConflictError):
            services.cadre_update(actor=personas.province, cadre=Cadre.objects.get(pk=cadre.pk), expected_version=loaded_version, data=second)
        assert Cadre.objects.get(pk=cadre.pk).name == "李四一"

    def test_cannot_move_a_cadre_out_of_scope(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        from django.core.exceptions import PermissionDenied

        cadre = make_cadre(tree.county_a1)
        data = cadre_input(tree.county_b1)
        data.id_number = crypto.decrypt(cadre.id_number_enc)
        with pytest.raises(PermissionDenied):
            services.cadre_update(actor=personas.city_a, cadre=cadre, expected_version=cadre.version, data=data)
        assert Cadre.objects.get(pk=cadre.pk).org_unit_id == tree.county_a1.pk

    def test_movement_changes_status(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1)
        services.movement_record(actor=personas.city_a, cadre=cadre, kind=Movement.Kind.SECONDMENT, on=timezone.localdate(), destination="某乡镇")
        cadre.refresh_from_db()
        assert cadre.status == CadreStatus.SECONDED
        assert Movement.objects.get().org_unit_id == tree.county_a1.pk

    def test_reveal_requires_permission_and_is_audited(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        from django.core.exceptions import PermissionDenied

        cadre = make_cadre(tree.county_a1)
        with pytest.raises(PermissionDenied):
            services.cadre_reveal(actor=personas.county_a1_readonly, cadre=cadre)
        values = services.cadre_reveal(actor=personas.city_a, cadre=cadre)
        assert values["id_number"] == crypto.decrypt(cadre.id_number_enc)
        assert ObjectChange.objects.filter(action="cadre.pii_revealed", actor=personas.city_a).count() == 1


class TestListPage:
    @pytest.fixture
    def roster(self, tree: Any, make_cadre: Any) -> dict[str, Any]:
        return {
            "zhang": make_cadre(tree.county_a1, name="张三", birth=_years_ago(25)),
            "zhao": make_cadre(tree.county_a1, name="赵明", birth=_years_ago(45), education="postgraduate"),
            "li": make_cadre(tree.county_a2, name="李五", birth=_years_ago(35), rank="section_chief"),
            "wang": make_cadre(tree.county_b1, name="王六", birth=_years_ago(55), status="retired"),
        }

    def _names(self, client: Any, query: str = "") -> list[str]:
        response = client.get(f"/people/cadres/{query}")
        assert response.status_code == 200
        return sorted(row.name for row, _cells in response.context["table"].body())

    def test_scope_limits_the_rows(self, client: Any, personas: Any, roster: Any) -> None:
        client.force_login(personas.province)
        assert self._names(client) == sorted(["张三", "赵明", "李五", "王六"])
        client.force_login(personas.city_a)
        assert self._names(client) == sorted(["张三", "赵明", "李五"])
        client.force_login(personas.county_a1_readonly)
        assert self._names(client) == sorted(["张三", "赵明"])

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("?q=zs", ["张三"]),
            ("?q=zhangsan", ["张三"]),
            ("?q=赵", ["赵明"]),
            ("?q=Z", ["张三", "赵明"]),
            ("?education=postgraduate", ["赵明"]),
            ("?rank=section_chief", ["李五"]),
            ("?status=retired", ["王六"]),
            ("?age_band=-30", ["张三"]),
            ("?age_band=41-50", ["赵明"]),
            ("?age_band=51-", ["王六"]),
        ],
    )
    def test_filters_and_pinyin_search(self, client: Any, personas: Any, roster: Any, query: str, expected: list[str]) -> None:
        client.force_login(personas.province)
        assert self._names(client, query) == sorted(expected)

    def test_subtree_filter(self, client: Any, personas: Any, roster: Any, tree: Any) -> None:
        client.force_login(personas.province)
        assert self._names(client, f"?org={tree.city_a.pk}") == sorted(["张三", "赵明", "李五"])
        assert self._names(client, f"?org={tree.county_a2.pk}") == ["李五"]

    def test_org_filter_outside_scope_shows_nothing(self, client: Any, personas: Any, roster: Any, tree: Any) -> None:
        client.force_login(personas.city_a)
        response = client.get(f"/people/cadres/?org={tree.county_b1.pk}")
        assert response.status_code == 200
        assert response.context["paginator"].count == 0
        assert "选择一个有效的选项" in response.content.decode() or "有效" in response.content.decode()

    def test_bad_query_strings_are_not_errors(self, client: Any, personas: Any, roster: Any) -> None:
        client.force_login(personas.province)
        for q in ("?page=abc", "?page=999", "?sort=;drop", "?org=xyz", "?age_band=nope", "?status=%00"):
            assert client.get(f"/people/cadres/{q}").status_code == 200, q

    def test_sort_by_birth_date(self, client: Any, personas: Any, roster: Any) -> None:
        client.force_login(personas.province)
        response = client.get("/people/cadres/?sort=-birth_date")
        names = [row.name for row, _ in response.context["table"].body()]
        assert names == ["张三", "李五", "赵明", "王六"]

    def test_query_count_does_not_grow_with_rows(self, client: Any, personas: Any, tree: Any, make_cadre: Any, django_assert_max_num_queries: Any) -> None:
        client.force_login(personas.province)
        for i in range(3):
            make_cadre(tree.county_a1, name=f"张{'一二三'[i]}")
        with django_assert_max_num_queries(12) as small:
            client.get("/people/cadres/")
        for i in range(40):
            make_cadre(tree.county_a2, name="李" + "甲乙丙丁戊己庚辛壬癸"[i % 10] + "子丑寅卯"[i % 4])
        with django_assert_max_num_queries(12) as large:
            client.get("/people/cadres/")
        assert len(large.captured_queries) == len(small.captured_queries)

    def test_htmx_request_gets_the_results_fragment(self, client: Any, personas: Any, roster: Any) -> None:
        client.force_login(personas.province)
        response = client.get("/people/cadres/?q=zs", HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert "<html" not in body and "张三" in body and "赵明" not in body


class TestExport:
    def test_export_streams_the_filtered_rows(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        make_cadre(tree.county_a1, name="张三")
        make_cadre(tree.county_a2, name="李五")
        make_cadre(tree.county_b1, name="王六")
        client.force_login(personas.city_a)
        response = client.get(f"/people/cadres/?export=xlsx&org={tree.county_a1.pk}")
        assert response.status_code == 200
        wb = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
        rows = list(wb.active.iter_rows(values_only=True))
        assert rows[0][:4] == ("姓名", "性别", "民族", "身份证号")
        assert [r[0] for r in rows[1:]] == ["张三"]
        assert rows[1][3].count("*") == 10  # masked
        assert ObjectChange.objects.filter(action="cadre.exported", actor=personas.city_a).exists()

    def test_readonly_cannot_export(self, client: Any, personas: Any) -> None:
        client.force_login(personas.county_a1_readonly)
        assert client.get("/people/cadres/?export=xlsx").status_code == 403


class TestPages:
    def test_detail_shows_masked_id_and_timeline(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1, name="张三")
        client.force_login(personas.city_a)
        client.post(f"/people/cadres/{cadre.pk}/movements/", {"kind": "rotation", "date": "2026-01-05", "destination": "组织股", "note": ""})
        page = client.get(f"/people/cadres/{cadre.pk}/").content.decode()
        assert cadre.id_number_masked in page
        assert crypto.decrypt(cadre.id_number_enc) not in page
        assert "轮岗" in page and "建档" in page

    def test_reveal_fragment(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1)
        client.force_login(personas.city_a)
        response = client.post(f"/people/cadres/{cadre.pk}/reveal/")
        assert crypto.decrypt(cadre.id_number_enc) in response.content.decode()
        client.force_login(personas.county_a1_readonly)
        assert client.post(f"/people/cadres/{cadre.pk}/reveal/").status_code == 403

    def _form(self, cadre: Any, **override: Any) -> dict[str, Any]:
        data = {
            "name": cadre.name, "id_number": "", "gender": "", "ethnicity": "汉族", "phone": "",
            "political_status": "member", "education": "bachelor", "degree": "bachelor", "org_unit": cadre.org_unit_id,
            "office": "", "position": "科员", "rank": "staff", "work_start_date": "", "status": "active",
            "version": cadre.version,
        }
        data.update(override)
        return data

    def test_edit_keeps_id_when_left_blank(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1, name="张三")
        client.force_login(personas.city_a)
        response = client.post(f"/people/cadres/{cadre.pk}/edit/", self._form(cadre, name="张三丰"))
        assert response.status_code == 302
        updated = Cadre.objects.get(pk=cadre.pk)
        assert updated.name == "张三丰" and updated.id_number_hash == cadre.id_number_hash and updated.version == 2

    def test_stale_form_gets_a_conflict_message(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1, name="张三")
        client.force_login(personas.city_a)
        stale = self._form(cadre, name="张三甲")
        assert client.post(f"/people/cadres/{cadre.pk}/edit/", self._form(cadre, name="张三乙")).status_code == 302
        response = client.post(f"/people/cadres/{cadre.pk}/edit/", stale)
        assert response.status_code == 409
        assert "该记录已被他人修改" in response.content.decode()
        assert Cadre.objects.get(pk=cadre.pk).name == "张三乙"

    def test_create_form_shows_errors_in_chinese(self, client: Any, personas: Any, tree: Any) -> None:
        client.force_login(personas.city_a)
        response = client.post("/people/cadres/add/", {
            "name": "张三", "id_number": "110105194912310021", "ethnicity": "汉族", "political_status": "member",
            "education": "bachelor", "degree": "none", "org_unit": tree.county_b1.pk, "rank": "staff", "status": "active",
        })
        assert response.status_code == 400
        body = response.content.decode()
        assert "身份证号校验位错误" in body
        assert "选择一个有效的选项" in body  # county B1 is not a choice for city A
        assert Cadre.objects.count() == 0

    def test_delete(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1)
        client.force_login(personas.county_a1_clerk)
        assert client.post(f"/people/cadres/{cadre.pk}/delete/").status_code == 403  # 填报员 cannot delete
        client.force_login(personas.city_a)
        assert client.post(f"/people/cadres/{cadre.pk}/delete/").status_code == 302
        assert not Cadre.objects.filter(pk=cadre.pk).exists()
        assert ObjectChange.objects.filter(action="cadre.deleted").exists()


def test_dashboard_figures_add_up(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    make_cadre(tree.county_a1)
    make_cadre(tree.county_a1)
    make_cadre(tree.county_a2)
    make_cadre(tree.city_a)
    make_cadre(tree.county_b1)
    make_cadre(tree.county_b1, status="retired")
    client.force_login(personas.province)
    response = client.get("/")
    block = next(b for b in response.context["blocks"] if b["key"] == "people.roster")
    assert block["profile"]["total"] == 5
    by_child = {c["name"]: c["value"] for c in block["by_child"]}
    assert by_child == {"甲市委组织部": 4, "乙市委组织部": 1}
    assert sum(a["value"] for a in block["profile"]["ages"]) == 5
    client.force_login(personas.city_a)
    block = next(b for b in client.get("/").context["blocks"] if b["key"] == "people.roster")
    assert {c["name"]: c["value"] for c in block["by_child"]} == {"本级": 1, "甲一县委组织部": 2, "甲二县委组织部": 1}


def test_sort_by_rank_follows_the_rank_order(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    make_cadre(tree.county_a1, name="科员甲", rank="staff")
    make_cadre(tree.county_a1, name="处长乙", rank="division_chief")
    make_cadre(tree.county_a1, name="科长丙", rank="section_chief")
    client.force_login(personas.province)
    names = [row.name for row, _ in client.get("/people/cadres/?sort=rank").context["table"].body()]
    assert names == ["处长乙", "科长丙", "科员甲"]
    names = [row.name for row, _ in client.get("/people/cadres/?sort=-rank").context["table"].body()]
    assert names == ["科员甲", "科长丙", "处长乙"]


def test_no_movements_for_cadres_who_left(personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1, status="retired")
    with pytest.raises(ValidationError) as exc:
        services.movement_record(actor=personas.city_a, cadre=cadre, kind=Movement.Kind.ROTATION, on=timezone.localdate())
    assert exc.value.message_dict["kind"] == ["该干部已退休，不能再登记变动"]
