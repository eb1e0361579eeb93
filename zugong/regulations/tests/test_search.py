"""Full-text search: phrases in Chinese found in the name, 文号 and current text (not in superseded versions), blanks,
letter case and full-width forms ignored, scoped to what the user may see, the phrase highlighted and escaped.

On PostgreSQL the candidates come from the GIN index of the bigram tokens (EXPLAIN checked below; the timings
measured at 20,000 rules are in regulations/search.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from zugong.regulations import search, selectors
from zugong.regulations.models import Rule

pytestmark = pytest.mark.django_db


def test_tokens() -> None:
    assert search.normalize("  ＡＢＣ　干部 档案 ") == "abc干部档案"
    assert search.query_tokens("干部") == ["b" + search._word("干") + search._word("部")]
    assert search.query_tokens("干") == ["u" + search._word("干")]
    tokens = search.grams("干部干部").split()
    assert len(tokens) == len(set(tokens)) == 4 and tokens == sorted(tokens)  # 干, 部, 干部, 部干
    assert all(t.isascii() and t.isalpha() for t in tokens)


def _titles(user: Any, phrase: str) -> set[str]:
    return set(search.apply(selectors.rules(user), phrase).values_list("title", flat=True))


def test_search_finds_phrases_in_scope(personas: Any, tree: Any, make_rule: Any) -> None:
    make_rule(tree.county_a1, "干部档案管理办法", doc="甲一组发〔2024〕7号", category="supervision",
              text="第一条　干部人事档案由组织部门集中管理。\n第二条　查阅档案应当经 ＡＢＣ 系统登记。",
              revisions=[(date(2025, 1, 1), "第一条　干部人事档案实行专人管理。\n第二条　查阅档案应当登记。")])
    make_rule(tree.county_a2, "试用期管理规定", text="第一条　新录用公务员试用期为一年。")
    make_rule(tree.county_b1, "乙县干部档案规定", text="第一条　档案。")
    province = personas.province
    assert _titles(province, "干部档案") == {"干部档案管理办法", "乙县干部档案规定"}
    assert _titles(province, "专人管理") == {"干部档案管理办法"}  # the current text
    assert _titles(province, "集中管理") == set()  # only the superseded version said so
    assert _titles(province, "甲一组发〔2024〕7号") == {"干部档案管理办法"}
    assert _titles(province, "试 用 期") == {"试用期管理规定"}  # blanks ignored
    assert _titles(province, "档") == {"干部档案管理办法", "乙县干部档案规定"}  # one character
    assert _titles(province, "档案管理规定") == set()  # every bigram occurs somewhere, the phrase nowhere
    assert _titles(personas.city_a, "干部档案") == {"干部档案管理办法"}  # B1 is outside city A
    assert _titles(personas.county_b1, "试用期") == set()


def test_ascii_and_full_width(personas: Any, tree: Any, make_rule: Any) -> None:
    make_rule(tree.county_a1, "“12380”举报平台管理办法", text="第一条　通过ＷＥＢ网站受理举报。")
    assert _titles(personas.province, "12380") == {"“12380”举报平台管理办法"}
    assert _titles(personas.province, "web") == {"“12380”举报平台管理办法"}
    assert _titles(personas.province, "１２３８０") == {"“12380”举报平台管理办法"}


def test_highlight_escapes() -> None:
    assert str(search.highlight("<b>干部</b>档案", "干部")) == "&lt;b&gt;<mark>干部</mark>&lt;/b&gt;档案"
    assert str(search.highlight("Web 与 WEB", "web")) == "<mark>Web</mark> 与 <mark>WEB</mark>"
    text = "甲" * 100 + "<script>干部</script>" + "乙" * 100
    s = str(search.snippet(text, "干部", width=10))
    assert s.startswith("…") and s.endswith("…") and "<mark>干部</mark>" in s and "<script>" not in s and "&lt;script&gt;" in s


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_uses_the_gin_index(personas: Any, tree: Any, make_rule: Any) -> None:
    make_rule(tree.county_a1, "干部档案管理办法", text="第一条　干部人事档案。")
    qs = search.apply(Rule.objects.order_by(), "干部档案")
    with connection.cursor() as cursor:  # a tiny table: make the planner show it can use the index
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = qs.explain()
    assert "regulations_rule_vector_gin" in plan
    assert list(qs.values_list("title", flat=True)) == ["干部档案管理办法"]
