"""Org tree: materialized paths, create / rename / move / deactivate, tree page, import."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from zugong.core.errors import ConflictError, ValidationError
from zugong.orgs import services
from zugong.orgs.models import OrgUnit, decode_step, encode_step

pytestmark = pytest.mark.django_db


def test_step_codec() -> None:
    assert [encode_step(n) for n in (0, 1, 35, 36)] == ["0000", "0001", "000Z", "0010"]
    assert all(decode_step(encode_step(n)) == n for n in (0, 7, 1295, 46655, 1679615))


def test_paths_and_depths(tree: Any) -> None:
    assert tree.province.depth == 1 and tree.county_a1.depth == 3
    assert tree.county_a1.path.startswith(tree.city_a.path)
    assert OrgUnit.objects.in_subtree(tree.city_a.path).count() == 5


def test_create_requires_scope_and_unique_sibling_name(personas: Any, tree: Any) -> None:
    unit = services.orgunit_create(actor=personas.city_a, parent=tree.city_a, name="甲三县委组织部", kind="county", division_code="990103")
    assert unit.parent == tree.city_a and unit.depth == 3
    with pytest.raises(ValidationError) as exc:
        services.orgunit_create(actor=personas.city_a, parent=tree.city_a, name="甲三县委组织部", kind="county")
    assert exc.value.message_dict["name"] == [services.MSG_DUPLICATE_NAME]
    with pytest.raises(ValidationError) as exc:
        services.orgunit_create(actor=personas.city_a, parent=tree.city_a, name="甲四", kind="county", division_code="990101")
    assert exc.value.message_dict["division_code"] == [services.MSG_DUPLICATE_CODE]
    with pytest.raises(PermissionDenied):
        services.orgunit_create(actor=personas.city_a, parent=tree.city_b, name="乙二县委组织部", kind="county")


def test_rename_with_optimistic_locking(personas: Any, tree: Any) -> None:
    unit = OrgUnit.objects.get(pk=tree.county_a1.pk)
    services.orgunit_update(actor=personas.city_a, unit=unit, expected_version=1, name="甲一区委组织部", kind="county", division_code="990101", order=0)
    with pytest.raises(ConflictError):
        services.orgunit_update(actor=personas.province, unit=OrgUnit.objects.get(pk=unit.pk), expected_version=1, name="X", kind="county", division_code="", order=0)
    assert OrgUnit.objects.get(pk=unit.pk).name == "甲一区委组织部"


def test_move_rewrites_the_subtree(personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    services.orgunit_move(actor=personas.province, unit=tree.county_a1, new_parent=tree.city_b)
    a1 = OrgUnit.objects.get(pk=tree.county_a1.pk)
    office = OrgUnit.objects.get(pk=tree.county_a1_office.pk)
    assert a1.parent_id == tree.city_b.pk and a1.path.startswith(tree.city_b.path) and a1.depth == 3
    assert office.path.startswith(a1.path) and office.depth == 4
    from zugong.people.models import Cadre

    assert Cadre.objects.in_subtree(tree.city_b.path).filter(pk=cadre.pk).exists()
    assert not Cadre.objects.in_subtree(tree.city_a.path).filter(pk=cadre.pk).exists()


def test_move_into_own_subtree_or_out_of_scope_is_refused(personas: Any, tree: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.orgunit_move(actor=personas.province, unit=tree.city_a, new_parent=tree.county_a1)
    assert exc.value.message_dict["parent"] == [services.MSG_CYCLE]
    with pytest.raises(PermissionDenied):
        services.orgunit_move(actor=personas.city_a, unit=tree.county_a1, new_parent=tree.city_b)


def test_deactivate_needs_children_deactivated_first(personas: Any, tree: Any) -> None:
    with pytest.raises(ValidationError, match="还有启用的下级单位"):
        services.orgunit_set_active(actor=personas.province, unit=tree.county_b1.parent, active=False)
    services.orgunit_set_active(actor=personas.province, unit=tree.county_b1, active=False)
    assert OrgUnit.objects.get(pk=tree.county_b1.pk).is_active is False


def test_grants_on_a_deactivated_unit_stop_working(client: Any, personas: Any, tree: Any) -> None:
    services.orgunit_set_active(actor=personas.province, unit=tree.county_b1, active=False)
    client.force_login(personas.county_b1)
    assert client.get("/people/cadres/").status_code == 403


def test_tree_page_counts_subtrees(client: Any, personas: Any, tree: Any, make_cadre: Any, django_assert_max_num_queries: Any) -> None:
    make_cadre(tree.county_a1)
    make_cadre(tree.county_a1, office=tree.county_a1_office)
    make_cadre(tree.city_a)
    make_cadre(tree.county_b1)
    client.force_login(personas.province)
    with django_assert_max_num_queries(11):  # grants: role grants + supervision-group grants
        response = client.get("/orgs/")
    rows = {r["unit"].name: (r["own"], r["subtree"]) for r in response.context["rows"]}
    assert rows["示范省委组织部"] == (0, 4)
    assert rows["甲市委组织部"] == (1, 3)
    assert rows["甲一县委组织部"] == (2, 2)
    assert "干部股" not in rows
    with_offices = {r["unit"].name: r["own"] for r in client.get("/orgs/?offices=1").context["rows"]}
    assert with_offices["干部股"] == 1
    client.force_login(personas.city_a)
    names = [r["unit"].name for r in client.get("/orgs/").context["rows"]]
    assert names == ["甲市委组织部", "甲一县委组织部", "甲二县委组织部"]


def test_unit_pages(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.city_a)
    response = client.post("/orgs/add/", {"parent": tree.city_a.pk, "name": "甲三县委组织部", "kind": "county", "division_code": "990103", "order": 3})
    assert response.status_code == 302
    new = OrgUnit.objects.get(name="甲三县委组织部")
    bad = client.post(f"/orgs/{new.pk}/edit/", {"name": "", "kind": "county", "division_code": "990103", "order": 0, "version": 1})
    assert bad.status_code == 400 and "该字段是必填项" in bad.content.decode()
    bad = client.post(f"/orgs/{new.pk}/edit/", {"name": "甲三县", "kind": "county", "division_code": "12", "order": 0, "version": 1})
    assert bad.status_code == 400 and "行政区划代码应为6位数字" in bad.content.decode()
    assert OrgUnit.objects.get(pk=new.pk).name == "甲三县委组织部"
    moved = client.post(f"/orgs/{new.pk}/move/", {"parent": tree.city_b.pk})
    assert moved.status_code == 400  # city B is not a choice for city A
    assert client.post(f"/orgs/{new.pk}/active/", {"active": "0"}).status_code == 302
    assert OrgUnit.objects.get(pk=new.pk).is_active is False


def test_org_import(client: Any, personas: Any, tree: Any) -> None:
    from zugong.core.models import Job

    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "上级单位", "类型", "行政区划代码", "排序"])
    ws.append(["甲三县委组织部", "甲市委组织部", "县级组织部", "990103", "3"])
    ws.append(["办公室", "甲三县委组织部", "内设科室", "", ""])
    ws.append(["甲一县委组织部", "甲市委组织部", "县级组织部", "990101", "9"])  # existing: update order
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "units.xlsx"
    client.force_login(personas.city_a)
    response = client.post("/orgs/import/", {"file": buf})
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.status == Job.Status.VALIDATED, job.result
    assert (job.result["to_create"], job.result["to_update"]) == (2, 1)
    client.post(f"/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    new = OrgUnit.objects.get(name="甲三县委组织部")
    assert OrgUnit.objects.get(parent=new, name="办公室").kind == "office"
    assert OrgUnit.objects.get(pk=tree.county_a1.pk).order == 9
