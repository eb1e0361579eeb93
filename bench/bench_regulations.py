"""Benchmark 9: 制度库全文检索 — the rules library's full-text search over 20,000 rules, against the same statements
written by hand and against a plain LIKE scan.

**Data.** RULES rules spread over the demo org tree (the province most, then the cities, the counties, zones and
affiliated units), each with one current version whose text is generated, deterministically (seed SEED), from a
vocabulary of organization-work terms in the frame of the demo's rules (`regulations.demo._text`: purpose, basis,
scope, articles, interpretation, effective date): BODY characters of articles (log-uniform) besides the catalogue's,
most of the matters an article names (TOPICAL) being the rule's own TOPIC_SIZE; titles from the demo catalogue or
made from the vocabulary; 文号 in the demo's style (`regulations.demo._abbr`: 黑组发〔2023〕12号, 哈组发〔2021〕3号),
some internal rules without one; REPEALED of them repealed. Inserted with bulk_create, the search columns filled by
`search.searchable(title, 文号, text)` — what the services call (`services._refresh_search`) — and, on PostgreSQL, the
GIN index of migration 0002 dropped before the insert and built again after it by the migration's own function,
timed (the index build time); its size (`pg_relation_size`) and the table's are reported.

**Project path.** What the search page (`/regulations/rules/search/?q=...`) asks of the database, as demo-province
(业务管理员 on the root unit: every rule visible), grants resolved once as once per request:
`Paginator(selectors.search_results(user, q), 20).get_page(1)` and its 20 rows fetched — `Rule.objects.visible_to`,
`search.apply` (PostgreSQL: the GIN-indexed token condition, then the phrase on `search_text`; SQLite: LIKE),
`select_related("org_unit", "current")`, the paginator's COUNT and the page. Highlighting and the template are not
timed. QUERIES: phrases of 2, 4 and 6 characters, a 文号 fragment, a two-word query, phrases without hits.

**Floor.** The same two statements written by hand (COUNT, then the page of 20 with the same joins, columns and
order) through `connection.cursor()`; on PostgreSQL with the same GIN-index condition
(`to_tsvector('simple', search_grams) @@ to_tsquery('simple', ...)`, tokens from `search.query_tokens`) and the same
phrase check, on SQLite the same LIKE. Both sides must return the same count and the same page. Project and floor
alternate: WARMUP warm-up runs each (the first one is the check), then RUNS runs (fewer, at least MIN_RUNS, when a
phrase's runs exceed BUDGET_S); a phrase whose first run takes more than SLOW_S gets SLOW_RUNS runs in all, that first
one included. Target: the geometric mean over the phrases of project p50 / floor p50 <= 1.5.

**Without the index (PostgreSQL).** The same two statements with the phrase as a plain `search_text LIKE '%...%'`
and no token condition, LIKE_RUNS runs after the check: the index's speed-up per phrase, expected > 1 for every
phrase. When the slowest phrase's COUNT is planned as a sequential scan, the floor is also timed with
`enable_seqscan = off` (a what-if: the GIN index forced). On SQLite the search is the LIKE (the floor).
"""

from __future__ import annotations

import importlib
import math
import random
import time
from datetime import timedelta
from typing import Any

import common

RULES = 20_000
SEED = 2026
TARGET = 1.5
WARMUP = 2
RUNS = 25
MIN_RUNS = 5
BUDGET_S = 2.0
LIKE_RUNS = 3
SLOW_S, SLOW_RUNS = 2.0, 3  # a phrase whose first run takes longer: 3 runs in all, the first one included
PAGE = 20
REPEALED = 0.06
BODY = (200, 2400)  # characters of articles before the fixed ones (log-uniform)
TOPIC_SIZE, TOPICAL = 5, 0.8  # a rule's own subjects, and the share of its sentences' objects drawn from them

# (kind, phrase): what a user types into the search box
QUERIES = [
    ("2 characters, in almost every rule", "干部"),
    ("2 characters", "人才"),
    ("2 characters, rarer", "信访"),
    ("4 characters", "民主推荐"),
    ("4 characters", "容错纠错"),
    ("6 characters", "个人有关事项"),
    ("6 characters", "优秀年轻干部"),
    ("文号 fragment", "哈组发〔2023〕"),
    ("two words", "试用期 管理"),
    ("no hits", "区块链"),
    ("no hits, three frequent words", "干部考核党员"),
]

# --- vocabulary -----------------------------------------------------------------------------------------
SUBJECTS = ["各级党组织", "组织人事部门", "领导班子", "党员领导干部", "基层党组织书记", "干部监督机构", "机关党委", "人才工作领导小组",
            "考核工作组", "党支部", "组工干部", "纪检监察机关", "驻村第一书记", "干部科（股）", "组织科", "办公室", "部务会"]
VERBS = ["严格落实", "认真执行", "统筹推进", "建立健全", "定期开展", "切实加强", "持续深化", "及时报告", "全面推行", "规范开展",
         "组织实施", "跟踪督办", "研究部署", "指导督促", "监督检查", "分析研判"]
OBJECTS = ["干部选拔任用工作", "民主集中制", "三会一课制度", "组织生活会", "谈心谈话", "年度考核", "平时考核", "专项考核",
           "干部档案审核", "个人有关事项报告", "任职前公示", "试用期管理", "挂职锻炼", "轮岗交流", "容错纠错机制", "担当作为激励机制",
           "党员教育管理", "发展党员工作", "党费收缴使用管理", "主题党日活动", "基层党建述职评议", "软弱涣散党组织整顿", "人才引进培养",
           "高层次人才服务", "干部教育培训", "作风建设", "巡视巡察整改", "问责追责", "选人用人专项检查", "干部队伍建设规划",
           "优秀年轻干部培养选拔", "公务员职级晋升", "干部因私出国（境）管理", "经济责任审计", "党内统计", "民主推荐", "考察谈话",
           "领导班子分析研判", "干部调整配备", "基层减负", "党员积分管理", "流动党员管理", "村级后备力量培养", "干部实绩考核"]
WHEN = ["每年", "每季度", "每半年", "必要时", "换届前", "在重大任务完成后", "根据工作需要", "按照干部管理权限", "每月"]
RESULTS = ["确保工作规范有序", "做到全程留痕、可追溯", "结果作为干部使用的重要依据", "形成工作台账并按期报送", "对发现的问题限期整改",
           "情况记入干部个人档案", "报上级组织部门备案", "在一定范围内通报", "防止走过场", "切实减轻基层负担"]
FAULTS = ["弄虚作假", "搞变通", "敷衍塞责", "违反规定程序", "泄露工作秘密", "超职数配备干部", "突击提拔调整干部"]
PENALTIES = ["依规依纪追究有关人员责任", "予以批评教育、诫勉", "责令作出书面检查", "视情节轻重给予组织处理", "按照干部管理权限严肃处理"]
KINDS = ["实施办法", "暂行规定", "工作规程", "实施细则", "若干措施", "管理办法", "工作制度"]
SCOPES = ["本单位", "本地区各级党组织", "本部机关", "本部管理的领导干部", "本地区各级组织人事部门", "本单位全体党员干部"]


def _sentence(rng: random.Random, topic: list[str]) -> str:
    """One sentence of an article; its objects mostly from the rule's topic (a rule is about something)."""
    c = rng.choice

    def obj() -> str:
        return c(topic) if rng.random() < TOPICAL else c(OBJECTS)

    form = rng.randrange(4)
    if form == 0:
        return f"{c(SUBJECTS)}应当{c(WHEN)}{c(VERBS)}{obj()}，{c(RESULTS)}。"
    if form == 1:
        return f"{c(WHEN)}，由{c(SUBJECTS)}{c(VERBS)}{obj()}，并{c(VERBS)}{obj()}。"
    if form == 2:
        return f"在{obj()}中{c(FAULTS)}的，{c(PENALTIES)}。"
    return f"{obj()}工作由{c(SUBJECTS)}负责，{c(SUBJECTS)}配合，{c(RESULTS)}。"


def make_rules(n: int, *, seed: int = SEED) -> list[dict[str, Any]]:
    """`n` rules as dicts (unit, title, 文号, category, dates, text), spread over the demo tree."""
    from django.utils import timezone

    from zugong.orgs.models import OrgUnit
    from zugong.regulations import demo

    rng = random.Random(seed)
    today = timezone.localdate()
    units = list(OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).order_by("path"))
    weights = {"province": 400, "city": 60, "county": 12, "affiliated": 20, "zone": 12}
    cum: list[float] = []
    total = 0.0
    for u in units:
        total += weights[u.kind]
        cum.append(total)
    catalogue_articles = [a for entry in demo.CATALOG for a in entry[4]] + demo.ADDED
    serial: dict[tuple[int, int], int] = {}
    out = []
    for _ in range(n):
        unit = rng.choices(units, cum_weights=cum)[0]
        kind = "province" if unit.kind == "province" else "city" if unit.kind == "city" else "county"
        topic = rng.sample(OBJECTS, TOPIC_SIZE)
        if rng.random() < 0.4:
            category, title, purpose, scope, body = rng.choice(demo.CATALOG)
            articles = list(body)
        else:
            category = rng.choice(["selection", "supervision", "organization", "talent", "internal", "other"])
            obj = topic[0]
            title = f"关于{rng.choice(VERBS)}{obj}的{rng.choice(KINDS)}"
            purpose, scope, articles = f"{rng.choice(VERBS)}{obj}", f"{rng.choice(SCOPES)}{obj}", []
        effective = today - timedelta(days=rng.randint(20, 10 * 365))
        target = int(math.exp(rng.uniform(math.log(BODY[0]), math.log(BODY[1]))))
        size = sum(len(a) for a in articles)
        while size < target:
            article = rng.choice(catalogue_articles) if rng.random() < 0.25 else "".join(
                _sentence(rng, topic) for _ in range(rng.randint(1, 3)))
            articles.append(article)
            size += len(article) + 6
        key = (unit.pk, effective.year)
        serial[key] = serial.get(key, 0) + rng.randint(1, 4)
        doc = "" if category == "internal" and rng.random() < 0.4 else f"{demo._abbr(unit, kind)}〔{effective.year}〕{serial[key]}号"
        repealed = today - timedelta(days=rng.randint(1, 19)) if rng.random() < REPEALED else None
        out.append({"unit": unit, "title": title[:200], "doc": doc, "category": category, "effective": effective,
                    "repealed": repealed,
                    "text": demo._text(unit.name, purpose, scope, articles, effective, rng.choice(demo.BASES))})
    return out


def _index_migration() -> Any:
    return importlib.import_module("zugong.regulations.migrations.0002_search_index")


def insert_rules(specs: list[dict[str, Any]], actor: Any) -> dict[str, Any]:
    """bulk_create the rules (search columns from `search.searchable`, as the services fill them) and their versions,
    then point each rule at its version. The GIN index is dropped before and built again after (timed)."""
    from django.db import connection, transaction

    from zugong.regulations import search
    from zugong.regulations.models import Rule, RuleVersion

    mig = _index_migration()
    with connection.schema_editor() as editor:
        mig.drop(None, editor)
    searchable_s = insert_s = 0.0
    chunk = 2000
    with transaction.atomic():
        for start in range(0, len(specs), chunk):
            part = specs[start:start + chunk]
            t = time.perf_counter()
            rules = []
            for s in part:
                text, grams = search.searchable(s["title"], s["doc"], s["text"])
                rules.append(Rule(org_unit=s["unit"], title=s["title"], doc_number=s["doc"], category=s["category"],
                                  status="repealed" if s["repealed"] else "in_force", repealed_on=s["repealed"],
                                  repeal_reason="已被新修订的制度代替" if s["repealed"] else "", search_text=text, search_grams=grams,
                                  created_by=actor))
            searchable_s += time.perf_counter() - t
            t = time.perf_counter()
            Rule.objects.bulk_create(rules, batch_size=500)
            RuleVersion.objects.bulk_create([
                RuleVersion(rule=r, org_unit=s["unit"], number=1, kind="new", title=s["title"], doc_number=s["doc"],
                            effective_on=s["effective"], text=s["text"], created_by=actor) for r, s in zip(rules, part, strict=True)
            ], batch_size=500)
            insert_s += time.perf_counter() - t
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("UPDATE regulations_rule SET current_id = (SELECT v.id FROM regulations_ruleversion v "
                        "WHERE v.rule_id = regulations_rule.id AND v.number = 1)")
        insert_s += time.perf_counter() - t
    common.analyze()
    out: dict[str, Any] = {"rules": len(specs), "searchable_s": round(searchable_s, 1), "insert_s": round(insert_s, 1)}
    if connection.vendor == "postgresql":
        t = time.perf_counter()
        with connection.schema_editor() as editor:
            mig.create(None, editor)
        out["index_build_s"] = round(time.perf_counter() - t, 2)
        common.analyze()
    return out


def sizes() -> dict[str, Any]:
    from django.db import connection

    mig = _index_migration()
    out: dict[str, Any] = {}
    with connection.cursor() as cur:
        cur.execute("SELECT count(*), avg(length(search_text)), avg(length(search_grams)), "
                    "min(length(search_text)), max(length(search_text)) FROM regulations_rule")
        n, text, grams, lo, hi = cur.fetchone()
        out.update(rules=n, search_text_chars=round(float(text)), search_grams_chars=round(float(grams)),
                   search_text_min=lo, search_text_max=hi)
        cur.execute("SELECT avg(length(text)) FROM regulations_ruleversion")
        out["version_text_chars"] = round(float(cur.fetchone()[0]))
        if connection.vendor == "postgresql":
            cur.execute("SELECT pg_relation_size(%s), pg_relation_size('regulations_rule'), "
                        "pg_total_relation_size('regulations_rule'), pg_indexes_size('regulations_rule'), "
                        "pg_total_relation_size('regulations_ruleversion')", [mig.INDEX])
            index, heap, total, indexes, versions = cur.fetchone()
            out.update(index_mb=round(index / 2**20, 1), heap_mb=round(heap / 2**20, 1),
                       toast_mb=round((total - heap - indexes) / 2**20, 1), table_total_mb=round(total / 2**20, 1),
                       versions_total_mb=round(versions / 2**20, 1))
            cur.execute("SELECT avg(pg_column_size(search_text)), avg(pg_column_size(search_grams)) FROM regulations_rule")
            a, b = cur.fetchone()
            out.update(search_text_stored_bytes=round(float(a)), search_grams_stored_bytes=round(float(b)))
            cur.execute("SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', "
                        "'maintenance_work_mem', 'gin_pending_list_limit') ORDER BY name")
            out["pg_settings"] = {name: f"{setting}{unit or ''}" for name, setting, unit in cur.fetchall()}
        else:
            cur.execute("PRAGMA page_count")
            pages = cur.fetchone()[0]
            cur.execute("PRAGMA page_size")
            out["db_file_mb"] = round(pages * cur.fetchone()[0] / 2**20, 1)
    return out


# --- the three ways of searching --------------------------------------------------------------------------
def project(user: Any, phrase: str) -> tuple[int, list[int]]:
    """What the search page asks: the paginator's COUNT and page 1 of 20 (rows fetched as model objects)."""
    from django.core.paginator import Paginator

    from zugong.regulations import selectors

    page = Paginator(selectors.search_results(user, phrase), PAGE).get_page(1)
    rows = list(page.object_list)
    return page.paginator.count, [r.pk for r in rows]


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


PAGE_COLUMNS = ("r.id, r.org_unit_id, r.title, r.doc_number, r.category, r.status, r.current_id, r.repealed_on, "
                "r.repeal_reason, r.created_by_id, r.version, r.created_at, r.updated_at, o.*, v.*")
FROM = ("FROM regulations_rule r JOIN orgs_orgunit o ON o.id = r.org_unit_id "
        "LEFT JOIN regulations_ruleversion v ON v.id = r.current_id")
ORDER = "ORDER BY r.status, v.effective_on DESC, r.id LIMIT %s"


def _statements(where: str, params: list[Any]) -> tuple[int, list[int]]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) {FROM} WHERE {where}", params)
        count = cur.fetchone()[0]
        if not count:  # as the paginator: no page asked for when nothing matches
            return 0, []
        cur.execute(f"SELECT {PAGE_COLUMNS} {FROM} WHERE {where} {ORDER}", [*params, PAGE])
        rows = cur.fetchall()
    return count, [row[0] for row in rows]


def floor(root_path: str, phrase: str) -> tuple[int, list[int]]:
    """The same COUNT and page by hand: the GIN-index condition and the phrase check (PostgreSQL), LIKE (SQLite)."""
    from django.db import connection

    from zugong.regulations import search

    norm = search.normalize(phrase)[:search.MAX_QUERY]
    if connection.vendor == "postgresql":
        return _statements("o.path LIKE %s AND r.search_vector @@ to_tsquery('simple', %s) "
                           "AND r.search_text LIKE %s",
                           [_like(root_path)[1:], " & ".join(search.query_tokens(norm)), _like(norm)])
    return _statements("o.path LIKE %s ESCAPE '\\' AND r.search_text LIKE %s ESCAPE '\\'", [_like(root_path)[1:], _like(norm)])


def like_scan(root_path: str, phrase: str) -> tuple[int, list[int]]:
    """Without the index: the phrase as a plain LIKE over `search_text` (PostgreSQL)."""
    from zugong.regulations import search

    norm = search.normalize(phrase)[:search.MAX_QUERY]
    return _statements("o.path LIKE %s AND r.search_text LIKE %s", [_like(root_path)[1:], _like(norm)])


def _p(xs: list[float], q: float) -> float:
    """Nearest-rank percentile, in ms."""
    s = sorted(xs)
    return round(s[max(0, math.ceil(q * len(s)) - 1)] * 1000, 2)


def measure(user: Any, root_path: str, kind: str, phrase: str, *, with_like: bool) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    proj: list[float] = []
    flo: list[float] = []

    def pair(first: bool) -> tuple[Any, Any]:
        sides = [(proj, lambda: project(user, phrase)), (flo, lambda: floor(root_path, phrase))]
        got = []
        for out, fn in sides if first else reversed(sides):
            t = time.perf_counter()
            got.append(fn())
            out.append(time.perf_counter() - t)
        return (got[0], got[1]) if first else (got[1], got[0])

    got, want = pair(True)  # the check, and the first warm-up
    assert got == want, (phrase, got, want)
    slow = max(proj[0], flo[0]) > SLOW_S
    if slow:  # keep this run as a sample: a few seconds of scanning are not changed by a warm-up
        runs, budget = SLOW_RUNS, 0.0
    else:
        for _ in range(WARMUP - 1):
            pair(True)
        proj.clear()
        flo.clear()
        runs, budget = RUNS, BUDGET_S
    start = time.perf_counter()
    while len(proj) < runs and (len(proj) < MIN_RUNS or time.perf_counter() - start < budget):
        pair(len(proj) % 2 == 0)
    with CaptureQueriesContext(connection) as ctx:
        project(user, phrase)
    row: dict[str, Any] = {
        "kind": kind, "phrase": phrase, "hits": got[0], "page": len(got[1]), "queries": len(ctx.captured_queries),
        "runs": len(proj), "slow": slow,
        "project_p50_ms": _p(proj, 0.5), "project_p95_ms": _p(proj, 0.95),
        "floor_p50_ms": _p(flo, 0.5), "floor_p95_ms": _p(flo, 0.95),
        "project_ms": common.ms(proj), "floor_ms": common.ms(flo), "sql": [q["sql"] for q in ctx.captured_queries],
    }
    row["ratio"] = round(row["project_p50_ms"] / row["floor_p50_ms"], 2)
    if with_like:
        assert like_scan(root_path, phrase) == got, phrase  # and the warm-up
        like: list[float] = []
        for _ in range(LIKE_RUNS):
            t = time.perf_counter()
            like_scan(root_path, phrase)
            like.append(time.perf_counter() - t)
        row.update(like_p50_ms=_p(like, 0.5), like_p95_ms=_p(like, 0.95), like_ms=common.ms(like))
        row["speedup"] = round(row["like_p50_ms"] / row["project_p50_ms"], 2)
    common.log(f"{phrase!r} ({kind}): {row['hits']:,} hits, {row['runs']} runs, project p50 {row['project_p50_ms']} ms / "
               f"p95 {row['project_p95_ms']} ms, floor p50 {row['floor_p50_ms']} ms: {row['ratio']}x"
               + (f"; LIKE p50 {row['like_p50_ms']} ms (index {row['speedup']}x faster)" if with_like else ""))
    return row


def without_seqscan(root_path: str, phrase: str) -> dict[str, Any]:
    """What-if (PostgreSQL): the floor with `enable_seqscan = off`, so the planner must take the GIN index."""
    from django.db import connection, transaction

    times = []
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")
        floor(root_path, phrase)
        for _ in range(LIKE_RUNS):
            t = time.perf_counter()
            floor(root_path, phrase)
            times.append(time.perf_counter() - t)
        plan = explain(root_path, phrase)
    return {"phrase": phrase, "p50_ms": _p(times, 0.5), "runs_ms": common.ms(times), "plan": plan}


def explain(root_path: str, phrase: str) -> list[str]:
    """The plan of the floor's COUNT (the statement the project's COUNT is, by hand)."""
    from django.db import connection

    from zugong.regulations import search

    norm = search.normalize(phrase)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) {FROM} WHERE o.path LIKE %s AND "
                        "r.search_vector @@ to_tsquery('simple', %s) AND r.search_text LIKE %s",
                        [_like(root_path)[1:], " & ".join(search.query_tokens(norm)), _like(norm)])
            return [r[0] for r in cur.fetchall()]
        cur.execute(f"EXPLAIN QUERY PLAN SELECT count(*) {FROM} WHERE o.path LIKE %s ESCAPE '\\' AND r.search_text LIKE %s "
                    "ESCAPE '\\'", [_like(root_path)[1:], _like(norm)])
        return [" ".join(str(c) for c in r) for r in cur.fetchall()]


def run(args: Any) -> dict[str, Any]:
    from django.db import connection

    from zugong.accounts.access import grants
    from zugong.orgs.models import OrgUnit

    user = common.province_user()
    grants(user)  # resolved once, as once per request
    root = OrgUnit.objects.get(parent=None)
    pg = connection.vendor == "postgresql"
    t = time.perf_counter()
    specs = make_rules(RULES)
    generate_s = round(time.perf_counter() - t, 1)
    data = insert_rules(specs, user)
    data["generate_s"] = generate_s
    del specs
    data.update(sizes())
    common.log(f"{RULES:,} rules: texts {generate_s}s, searchable {data['searchable_s']}s, insert {data['insert_s']}s"
               + (f", GIN index built in {data['index_build_s']}s ({data['index_mb']} MB)" if pg else ""))
    rows = [measure(user, root.path, kind, phrase, with_like=pg) for kind, phrase in QUERIES]
    geo = math.exp(sum(math.log(r["ratio"]) for r in rows) / len(rows))
    worst = max(rows, key=lambda r: r["ratio"])
    sum_p, sum_f = sum(r["project_p50_ms"] for r in rows), sum(r["floor_p50_ms"] for r in rows)
    passed = geo <= TARGET
    targets = [{"name": f"search (COUNT + page 1 of {PAGE}) of {len(rows)} phrases over {RULES:,} rules vs the same statements by "
                        f"hand: sums of the p50s; ratio = geometric mean of the per-phrase p50 ratios (worst {worst['ratio']}x, "
                        f"`{worst['phrase']}`)",
                "value_ms": round(sum_p, 2), "floor_ms": round(sum_f, 2), "ratio": round(geo, 2), "target": f"<= {TARGET:g}x",
                "pass": passed}]
    if pg:
        sum_l = sum(r["like_p50_ms"] for r in rows)
        geo_like = math.exp(sum(math.log(r["project_p50_ms"] / r["like_p50_ms"]) for r in rows) / len(rows))
        slower = [r for r in rows if r["speedup"] < 1]
        targets.append({"name": f"the same {len(rows)} phrases without the index (only `search_text LIKE`): sums of the p50s; ratio = "
                                f"geometric mean of project / LIKE (the index {1 / geo_like:.1f}x faster; per phrase "
                                f"{min(r['speedup'] for r in rows)}x-{max(r['speedup'] for r in rows)}x"
                                + "".join(f"; `{r['phrase']}` {r['project_p50_ms'] / r['like_p50_ms']:.1f}x slower than LIKE" for r in slower)
                                + ")",
                        "value_ms": round(sum_p, 2), "floor_ms": round(sum_l, 2), "ratio": round(geo_like, 3),
                        "target": "index faster for every phrase", "pass": not slower})
    heavy = max(rows, key=lambda r: r["floor_p50_ms"])
    plans = {heavy["phrase"]: explain(root.path, heavy["phrase"])}
    mid = next(r for r in rows if r["phrase"] == "民主推荐")
    plans.setdefault(mid["phrase"], explain(root.path, mid["phrase"]))
    what_if = None
    if pg and any("Seq Scan on regulations_rule" in line for line in plans[heavy["phrase"]]):
        what_if = without_seqscan(root.path, heavy["phrase"])
        common.log(f"{heavy['phrase']!r} with enable_seqscan = off: floor p50 {what_if['p50_ms']} ms")
    profile = None
    if common.want_profile(args, passed):
        profile = common.profile_summary(lambda: [project(user, q) for _, q in QUERIES for _ in range(3)], top=12)
    notes = [f"p50 / p95 are nearest-rank percentiles of each phrase's runs: project and floor alternate, {WARMUP} warm-up runs each "
             f"(the first one checks that both return the same), then up to {RUNS} runs (at least {MIN_RUNS}; fewer than {RUNS} when "
             f"a phrase's runs took more than {BUDGET_S:g} s). A phrase whose first run took more than {SLOW_S:g} s gets "
             f"{SLOW_RUNS} runs in all, that first one included (p95 is then the slowest).",
             "A phrase is normalised by `search.normalize` (NFKC, lower case, blanks removed), on both sides: the two-word query "
             "'试用期 管理' is the phrase '试用期管理', not two words that may be apart.",
             f"Each rule has one version (the current one); the text is in `regulations_ruleversion.text` and again, normalised, "
             f"in `regulations_rule.search_text` (average {data['search_text_chars']:,} characters, {data['search_text_min']:,}-"
             f"{data['search_text_max']:,}), its tokens in `search_grams` (average {data['search_grams_chars']:,} characters).",
             "The project and the floor return the same count and the same 20 ids for every phrase (checked)."]
    if pg:
        notes.append(f"Without the index: the same COUNT and page with `search_text LIKE '%phrase%'` alone, {LIKE_RUNS} runs after "
                     "the checks; the speed-up is its p50 over the project's p50.")
        notes.append("PostgreSQL settings (untuned): " + ", ".join(f"`{k}={v}`" for k, v in data["pg_settings"].items()) + ".")
    else:
        notes.append("SQLite has no token index (migration 0002 is PostgreSQL only): the search is LIKE over `search_text`, which is "
                     f"the floor; `search_grams` is still written for every rule (average {data['search_grams_chars']:,} characters) "
                     "and never read on SQLite.")
    return {"benchmark": "regulations", "title": f"制度库全文检索: full-text search of {RULES:,} rules",
            "rules": RULES, "data": data, "queries": rows, "plans": plans, "what_if": what_if, "targets": targets, "profile": profile,
            "notes": notes}


def main() -> None:
    args = common.parse_args(__doc__.splitlines()[0])
    env = common.setup(args.db)
    try:
        common.write_result(args, env, run(args))
    finally:
        env.close()


if __name__ == "__main__":
    main()
