"""The briefing template language: Chinese prose with indicator placeholders.

A template body is plain text, one paragraph per line. Inside a line:

    {learning.training_classes}            the figure for the briefing's unit and period
    {people.headcount|下级}                 each child unit with its figure: 甲市120人、乙市98人……
    {people.headcount|前3} {…|后3}          the three highest / lowest children with their figures
    {单位} {下级单位数} {期间} {年度}        the unit's name, its number of child units, the period, the year

A line of its own may be a block:

    [表格: people.headcount, people.movements]    a per-child table with a 合计 row
    [图表: people.headcount]                        a per-child bar chart
    [清单: projects.bulletin]                       a ready table another app builds (registry.register_list)

Lines starting with 一、 二、 … are level-1 headings (黑体), lines starting with （一） … level-2 (楷体).
English keywords work too: |children, |top:3, |bottom:3, [table: …], [chart: …], {org.name}.

`parse` turns a body into blocks, `codes` lists the indicators they need, and `resolve` fills the
figures in from a `Figures` map (computed live by `compute`, or read back from a frozen snapshot):
the result is plain JSON that the HTML, DOCX and PDF renderers share and that an issued briefing keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zugong.stats import engine
from zugong.stats.registry import available_to, exists, get, get_list

MISSING = "尚无数据"
MISSING_MARK = f"〔{MISSING}〕"  # in running text

_INLINE = re.compile(r"\{([^{}\n]{1,120})\}")
_BLOCK = re.compile(r"^\s*\[\s*(表格|图表|清单|table|chart|list)\s*[:：]\s*([^\]]+)\]\s*$", re.IGNORECASE)
_H1 = re.compile(r"^\s*[一二三四五六七八九十]{1,3}、")
_H2 = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)]")
_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+$")
_MODE = re.compile(r"^(下级|children|前|top|后|bottom)\s*[:：]?\s*(\d{0,2})$", re.IGNORECASE)

VARIABLES = {"单位": "org", "org.name": "org", "下级单位数": "children_count", "org.children_count": "children_count",
             "期间": "period", "period": "period", "年度": "year", "year": "year"}
MAX_RANK = 50


class TemplateError(ValueError):
    """A placeholder the language does not know; `problems` lists each with its line number."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Variable:
    name: str  # org | children_count | period | year


@dataclass(frozen=True)
class Placeholder:
    code: str
    mode: str = "value"  # value | children | top | bottom
    n: int = 0


def _placeholder(text: str, line_no: int) -> Placeholder | Variable:
    text = text.strip()
    if text in VARIABLES:
        return Variable(VARIABLES[text])
    code, _, modifier = text.partition("|")
    code = code.strip()
    if not _CODE.match(code):
        raise TemplateError([f"第{line_no}行：无法识别的占位符 {{{text}}}"])
    if not modifier:
        return Placeholder(code)
    m = _MODE.match(modifier.strip())
    if not m:
        raise TemplateError([f"第{line_no}行：{{{text}}} 的写法不对，可用 |下级、|前3、|后3"])
    word, num = m.group(1).lower(), m.group(2)
    if word in ("下级", "children"):
        return Placeholder(code, "children")
    n = int(num or 3)
    if not 1 <= n <= MAX_RANK:
        raise TemplateError([f"第{line_no}行：排名数应在1-{MAX_RANK}之间"])
    return Placeholder(code, "top" if word in ("前", "top") else "bottom", n)


def _inline(line: str, line_no: int) -> list[Any]:
    parts: list[Any] = []
    pos = 0
    for m in _INLINE.finditer(line):
        if m.start() > pos:
            parts.append(line[pos:m.start()])
        parts.append(_placeholder(m.group(1), line_no))
        pos = m.end()
    if pos < len(line):
        parts.append(line[pos:])
    return parts


def parse(body: str) -> list[dict[str, Any]]:
    """Blocks of a template body; raises TemplateError listing every bad placeholder."""
    blocks: list[dict[str, Any]] = []
    problems: list[str] = []
    for no, raw in enumerate(body.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip().lstrip("\u3000").strip()
        if not line:
            continue
        try:
            bm = _BLOCK.match(line)
            if bm:
                word = bm.group(1).lower()
                kind = "table" if word in ("表格", "table") else "list" if word in ("清单", "list") else "chart"
                codes = [c.strip() for c in re.split(r"[,，、\s]+", bm.group(2)) if c.strip()]
                if kind == "list":
                    if len(codes) != 1 or get_list(codes[0]) is None:
                        raise TemplateError([f"第{no}行：没有这个清单：{bm.group(2).strip()}"])
                    blocks.append({"type": "list", "code": codes[0]})
                    continue
                bad = [c for c in codes if not _CODE.match(c)]
                if bad or not codes:
                    raise TemplateError([f"第{no}行：{bm.group(1)}中的指标代码不对：{'、'.join(bad) or '（空）'}"])
                if kind == "chart" and len(codes) != 1:
                    raise TemplateError([f"第{no}行：图表只能放一个指标"])
                blocks.append({"type": kind, "codes": codes})
                continue
            level = 1 if _H1.match(line) else 2 if _H2.match(line) else 0
            blocks.append({"type": "heading" if level else "para", "level": level, "parts": _inline(line, no)})
        except TemplateError as exc:
            problems.extend(exc.problems)
    if problems:
        raise TemplateError(problems)
    return blocks


def list_codes(blocks: list[dict[str, Any]]) -> list[str]:
    """The ready tables ([清单: …]) the blocks refer to."""
    return list(dict.fromkeys(b["code"] for b in blocks if b["type"] == "list"))


def codes(blocks: list[dict[str, Any]]) -> list[str]:
    """The indicator codes the blocks refer to, in order of first use."""
    out: dict[str, None] = {}
    for b in blocks:
        if b["type"] == "list":
            continue
        for c in b.get("codes", []):
            out[c] = None
        for p in b.get("parts", []):
            if isinstance(p, Placeholder):
                out[p.code] = None
    return list(out)


# --- figures ---------------------------------------------------------------------------------------
@dataclass
class Figure:
    """Everything a template may say about one indicator for one unit and period."""

    code: str
    label: str = ""
    unit: str = ""
    total: Any = None
    children: list[dict[str, Any]] = field(default_factory=list)  # {"org": id, "name": str, "value": v}
    records: int | None = None
    is_ratio: bool = False
    missing: str = ""  # why there is no figure: not registered yet, or not visible to the user

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "unit": self.unit, "total": _num(self.total), "records": self.records,
                "children": [{**c, "value": _num(c["value"])} for c in self.children], "is_ratio": self.is_ratio,
                "missing": self.missing}


def _num(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else str(v)
    return v


@dataclass
class Context:
    org_id: int
    org_name: str
    children_count: int
    period: engine.Period
    figures: dict[str, Figure]
    snapshot_id: int | None = None
    lists: dict[str, dict[str, Any]] = field(default_factory=dict)  # ready tables by code ([清单: …])


def pct(v: Any) -> str | None:
    """A percentage always with one decimal (26.0, not 26), as briefings print them."""
    return None if v is None else f"{Decimal(str(v)):.1f}"


def _same(v: Any) -> Any:
    return v


def compute(user: Any, org: Any, period: engine.Period, wanted: list[str], lists: list[str] | None = None) -> Context:
    """Live figures for `org`'s subtree and the period, one breakdown (one GROUP BY) per indicator; and the
    ready tables `lists` names, built by their apps."""
    allowed = {i.code for i in available_to(user)}
    kids = engine.children_of(org)
    figures: dict[str, Figure] = {}
    for code in wanted:
        if not exists(code):
            figures[code] = Figure(code, missing="指标尚未登记")
            continue
        ind = get(code)
        if code not in allowed:
            figures[code] = Figure(code, ind.label, ind.unit, missing="无权查看该指标")
            continue
        b = engine.breakdown(ind, user, org, period, kids)
        if ind.form_fed and not b.total and not engine.records(ind, user, org, period).exists():
            figures[code] = Figure(code, ind.label, ind.unit, missing="尚无已采纳的填报数据")
            continue  # nobody has reported it: say so rather than print 0
        shown = pct if ind.is_ratio else _same
        figures[code] = Figure(
            code, ind.label, ind.unit, shown(b.total),
            [{"org": r.org_id, "name": r.name, "value": shown(r.value)} for r in b.rows(with_own=True)],
            is_ratio=ind.is_ratio,
        )
    tables: dict[str, dict[str, Any]] = {}
    for code in lists or []:
        source = get_list(code)
        if source is None:
            continue
        if source.perm and not has_perm_anywhere(user, source.perm):
            tables[code] = {"missing": "无权查看该清单"}
            continue
        tables[code] = source.build(user, org, period)
    return Context(org.pk, org.name, len(kids), period, figures, lists=tables)


def has_perm_anywhere(user: Any, perm: str) -> bool:
    from zugong.accounts.access import SYSTEM
    from zugong.accounts.access import has_perm_anywhere as _has

    return user is SYSTEM or _has(user, perm)


# --- resolve ---------------------------------------------------------------------------------------
def fmt(v: Any) -> str:
    if v is None:
        return MISSING
    if isinstance(v, Decimal):
        v = _num(v)
    return str(v)


def _child_list(fig: Figure, rows: list[dict[str, Any]]) -> str:
    suffix = fig.unit
    return "、".join(f"{r['name']}{fmt(r['value'])}{suffix}" for r in rows)


def _ranked(fig: Figure, mode: str, n: int) -> list[dict[str, Any]]:
    rows = [r for r in fig.children if r["value"] is not None and r["name"] != "本级"]
    rows.sort(key=lambda r: Decimal(str(r["value"])), reverse=(mode == "top"))
    return rows[:n]


def _figure_part(p: Placeholder, ctx: Context) -> dict[str, Any]:
    fig = ctx.figures.get(p.code) or Figure(p.code, missing="指标尚未登记")
    part: dict[str, Any] = {"code": p.code, "mode": p.mode, "label": fig.label}
    if fig.missing or (p.mode == "value" and fig.total is None and not fig.is_ratio):
        return {**part, "text": MISSING_MARK, "missing": fig.missing or MISSING}
    if p.mode == "value":
        return {**part, "text": fmt(fig.total), "value": _num(fig.total)}
    rows = fig.children if p.mode == "children" else _ranked(fig, p.mode, p.n)
    rows = [r for r in rows if r["name"] != "本级" or r["value"]]
    if not rows:
        return {**part, "text": MISSING_MARK, "missing": "没有下级单位的数据"}
    return {**part, "text": _child_list(fig, rows)}


def resolve(blocks: list[dict[str, Any]], ctx: Context) -> dict[str, Any]:
    """The document with every figure filled in: JSON an issued briefing keeps as it was."""
    out: list[dict[str, Any]] = []
    variables = {"org": ctx.org_name, "children_count": str(ctx.children_count), "period": ctx.period.label(),
                 "year": str(ctx.period.end.year if ctx.period.end else "")}
    for b in blocks:
        if b["type"] == "list":
            table = ctx.lists.get(b["code"]) or {"missing": MISSING}
            if table.get("missing") or not table.get("rows"):
                out.append({"type": "para", "level": 0, "parts": [{"text": MISSING_MARK, "missing": table.get("missing", MISSING),
                                                                   "list": b["code"]}]})
            else:
                out.append({"type": "table", "rows": table["rows"], "links": table.get("links", []), "link_col": table.get("link_col", 0),
                            "total_row": False, "list": b["code"]})
            continue
        if b["type"] in ("table", "chart"):
            figs = [ctx.figures.get(c) or Figure(c, missing="指标尚未登记") for c in b["codes"]]
            out.append({"type": b["type"], "figures": [f.as_json() for f in figs]})
            continue
        parts: list[dict[str, Any]] = []
        for p in b["parts"]:
            if isinstance(p, Placeholder):
                parts.append(_figure_part(p, ctx))
            elif isinstance(p, Variable):
                parts.append({"text": variables[p.name]})
            else:
                parts.append({"text": p})
        out.append({"type": b["type"], "level": b["level"], "parts": parts})
    return {
        "org": ctx.org_id, "org_name": ctx.org_name, "snapshot": ctx.snapshot_id,
        "period": [ctx.period.start.isoformat() if ctx.period.start else None, ctx.period.end.isoformat() if ctx.period.end else None],
        "period_label": ctx.period.label(), "blocks": out,
        "missing": sorted({p["code"] for b in out for p in b.get("parts", []) if p.get("missing")}
                          | {f["code"] for b in out for f in b.get("figures", []) if f["missing"]}),
    }
