"""Cadre API: scoped lists, 404 out of scope, the pages' validation, conflicts, one error shape."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from zugong.conftest import cadre_input
from zugong.people.models import Cadre

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _payload(unit: Any, **over: Any) -> dict[str, Any]:
    data = cadre_input(unit)
    body = {
        "name": "孙七", "id_number": data.id_number, "political_status": "member", "education": "bachelor",
        "rank": "staff", "org_unit": unit.pk, "phone": "13700001111",
    }
    body.update(over)
    return body


def test_list_is_scoped_and_paginated(api: APIClient, personas: Any, tree: Any, make_cadre: Any) -> None:
    make_cadre(tree.county_a1, name="张三")
    make_cadre(tree.county_a2, name="李四")
    make_cadre(tree.county_b1, name="王五")
    api.force_authenticate(personas.city_a)
    body = api.get("/api/v1/cadres/").json()
    assert body["count"] == 2
    assert sorted(r["name"] for r in body["results"]) == ["张三", "李四"]
    assert all("*" in r["id_number"] for r in body["results"])
    assert api.get("/api/v1/cadres/?q=zs").json()["count"] == 1
    assert api.get(f"/api/v1/cadres/?org={tree.county_a2.pk}").json()["count"] == 1


def test_token_auth_and_other_county_gets_404(api: APIClient, personas: Any, tree: Any, make_cadre: Any) -> None:
    theirs = make_cadre(tree.county_a1)
    token = Token.objects.create(user=personas.county_b1)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get(f"/api/v1/cadres/{theirs.pk}/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "对象不存在或不在您的授权范围内"}}
    assert api.delete(f"/api/v1/cadres/{theirs.pk}/").status_code == 404


def test_anonymous_is_refused_in_chinese(api: APIClient, tree: Any) -> None:
    response = api.get("/api/v1/cadres/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["message"] == "请先登录"


def test_create_uses_the_same_validation(api: APIClient, personas: Any, tree: Any) -> None:
    api.force_authenticate(personas.city_a)
    bad = api.post("/api/v1/cadres/", _payload(tree.county_a1, id_number="110105194912310021", phone="123"), format="json")
    assert bad.status_code == 400
    err = bad.json()["error"]
    assert err["code"] == "invalid" and err["message"] == "提交的数据有误"
    assert err["fields"]["id_number"] == ["身份证号校验位错误"]
    assert err["fields"]["phone"] == ["手机号应为11位数字，以1开头"]
    out_of_scope = api.post("/api/v1/cadres/", _payload(tree.county_b1), format="json")
    assert out_of_scope.status_code == 400
    assert out_of_scope.json()["error"]["fields"]["org_unit"] == ["单位不存在或不在您的授权范围内"]
    good = api.post("/api/v1/cadres/", _payload(tree.county_a1), format="json")
    assert good.status_code == 201
    assert good.json()["name"] == "孙七" and good.json()["version"] == 1
    assert Cadre.objects.count() == 1


def test_update_requires_version_and_conflicts(api: APIClient, personas: Any, tree: Any, make_cadre: Any) -> None:
    from zugong.core import crypto

    cadre = make_cadre(tree.county_a1, name="张三")
    api.force_authenticate(personas.city_a)
    body = _payload(tree.county_a1, name="张三丰", id_number=crypto.decrypt(cadre.id_number_enc))
    missing = api.put(f"/api/v1/cadres/{cadre.pk}/", body, format="json")
    assert missing.status_code == 400 and "version" in missing.json()["error"]["fields"]
    ok = api.put(f"/api/v1/cadres/{cadre.pk}/", {**body, "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.put(f"/api/v1/cadres/{cadre.pk}/", {**body, "name": "张三甲", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert Cadre.objects.get(pk=cadre.pk).name == "张三丰"


def test_readonly_cannot_write(api: APIClient, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    api.force_authenticate(personas.county_a1_readonly)
    assert api.get(f"/api/v1/cadres/{cadre.pk}/").status_code == 200
    response = api.delete(f"/api/v1/cadres/{cadre.pk}/")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "您没有此项操作的权限"
    assert api.post("/api/v1/cadres/", _payload(tree.county_a1), format="json").status_code == 403


@pytest.mark.parametrize("query", ["?page=abc", "?page=99", "?org=abc", "?age_band=zz", "?page_size=-1"])
def test_bad_query_strings_answer_4xx_or_200(api: APIClient, personas: Any, tree: Any, query: str) -> None:
    api.force_authenticate(personas.city_a)
    response = api.get(f"/api/v1/cadres/{query}")
    assert response.status_code in (200, 400, 404)
    if response.status_code != 200:
        assert "error" in response.json()


def test_malformed_json_is_a_400(api: APIClient, personas: Any) -> None:
    api.force_authenticate(personas.city_a)
    response = api.post("/api/v1/cadres/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_orgs_api_subtree(api: APIClient, personas: Any, tree: Any) -> None:
    api.force_authenticate(personas.city_a)
    names = [r["name"] for r in api.get("/api/v1/orgs/?page_size=100").json()["results"]]
    assert "乙市委组织部" not in names and "甲一县委组织部" in names
    sub = api.get(f"/api/v1/orgs/?subtree={tree.county_a1.pk}").json()
    assert [r["name"] for r in sub["results"]] == ["甲一县委组织部", "干部股"]
    assert api.get(f"/api/v1/orgs/{tree.county_b1.pk}/").status_code == 404


def test_openapi_schema_and_local_swagger(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/cadres/" in paths and "/api/v1/orgs/{id}/" in paths
    docs = client.get("/api/docs/").content.decode()
    assert "http://" not in docs.replace("http://www.w3.org", "") and "https://" not in docs


def test_openapi_schema_builds_without_warnings() -> None:
    """Two serializers or choice sets sharing a component name make the schema describe one of them wrongly:
    drf-spectacular only warns, so this fails on any warning."""
    from io import StringIO

    from django.core.management import call_command

    err = StringIO()
    call_command("spectacular", "--fail-on-warn", stdout=StringIO(), stderr=err)
    assert "Warning" not in err.getvalue()
