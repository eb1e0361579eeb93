"""Bad input anywhere gets a 4xx with a Chinese message, never a 500, and writes nothing (R78-R94)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from zugong.people.models import Cadre

pytestmark = pytest.mark.django_db

FIELDS = ["name", "id_number", "gender", "ethnicity", "phone", "political_status", "education", "degree",
          "position", "rank", "org_unit", "office", "work_start_date", "status", "version"]
values = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**40), max_value=2**40), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["member", "bachelor", "staff", "active", "2020-01-01", "230102199001011234", "张三", "0", "-1", "\x00"]),
)
bodies = st.dictionaries(st.sampled_from(FIELDS), values, max_size=len(FIELDS))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(body=bodies)
def test_api_create_never_500(personas: Any, tree: Any, body: dict[str, Any]) -> None:
    api = APIClient()
    api.force_authenticate(personas.city_a)
    before = Cadre.objects.count()
    response = api.post("/api/v1/cadres/", body, format="json")
    assert response.status_code in (201, 400, 403), response.content
    if response.status_code != 201:
        assert response.json()["error"]["message"]
        assert Cadre.objects.count() == before


@FUZZ
@given(body=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=30), max_size=len(FIELDS)))
def test_page_form_never_500(client: Any, personas: Any, tree: Any, body: dict[str, str]) -> None:
    client.force_login(personas.city_a)
    before = Cadre.objects.count()
    response = client.post("/people/cadres/add/", body)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Cadre.objects.count() == before


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["q", "org", "status", "rank", "education", "age_band", "sort", "page", "page_size"]),
                              st.text(max_size=20), max_size=5))
def test_list_query_strings_never_500(client: Any, personas: Any, tree: Any, params: dict[str, str]) -> None:
    client.force_login(personas.city_a)
    assert client.get("/people/cadres/", params).status_code == 200
    api = APIClient()
    api.force_authenticate(personas.city_a)
    assert api.get("/api/v1/cadres/", params).status_code in (200, 400, 404)
