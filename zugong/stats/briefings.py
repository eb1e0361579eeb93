"""Briefings (简报/通报): templates, drafts computed live, and issuing — number 第N期, freeze every
figure in a snapshot, keep the document as issued. Writes here; `document` is the one read path."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zugong.accounts.access import require, require_at
from zugong.audit.services import record, snapshot
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.stats import engine, placeholders
from zugong.stats.briefing_templates import BUILTIN
from zugong.stats.models import Briefing, BriefingTemplate, Snapshot
from zugong.stats.snapshots import freeze

MSG_ISSUED = "该简报已签发，不能再修改"
MSG_NOT_DRAFT = "只能删除草稿"
TEXT_FIELDS = ("name", "kind", "masthead", "title", "subtitle", "body")
BRIEFING_FIELDS = ("kind", "masthead", "title", "subtitle", "body", "period_start", "period_end")


def check_text(data: dict[str, Any]) -> dict[str, str]:
    """Field errors of a template or briefing text: required fields, and every placeholder understood."""
    errors: dict[str, str] = {}
    for f, label in (("masthead", "刊头"), ("title", "标题"), ("body", "正文")):
        if f in data and not str(data[f]).strip():
            errors[f] = f"请填写{label}"
    for f in ("title", "subtitle", "body"):
        if data.get(f):
            try:
                placeholders.parse(str(data[f]))
            except placeholders.TemplateError as exc:
                errors[f] = "；".join(exc.problems[:5])
    if data.get("kind") and data["kind"] not in BriefingTemplate.Kind.values:
        errors["kind"] = "类别不对"
    if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
        errors["period_end"] = "统计期间的结束日期不能早于开始日期"
    return errors


# --- templates -------------------------------------------------------------------------------------
@transaction.atomic
def template_create(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], builtin_code: str = "") -> BriefingTemplate:
    require_at(actor, "stats.add_briefingtemplate", org_unit.path)
    errors = check_text(data)
    if not str(data.get("name", "")).strip():
        errors["name"] = "请填写模板名称"
    elif BriefingTemplate.objects.filter(org_unit=org_unit, name=data["name"].strip()).exists():
        errors["name"] = "本单位已有同名模板"
    if errors:
        raise ValidationError(errors)
    tpl = BriefingTemplate.objects.create(
        org_unit=org_unit, builtin_code=builtin_code, updated_by=actor,
        **{f: str(data.get(f, "")).strip() if f != "body" else str(data[f]) for f in TEXT_FIELDS if f in data},
    )
    record(action="briefingtemplate.created", actor=actor, obj=tpl, after=snapshot(tpl))
    return tpl


def template_from_builtin(*, actor: Any, org_unit: OrgUnit, code: str) -> BriefingTemplate:
    """Copy a built-in template into the unit (a second copy gets a numbered name)."""
    b = BUILTIN.get(code)
    if b is None:
        raise ValidationError("没有这个内置模板")
    name = b.name
    n = 2
    while BriefingTemplate.objects.filter(org_unit=org_unit, name=name).exists():
        name = f"{b.name}（{n}）"
        n += 1
    data = {"name": name, "kind": b.kind, "masthead": b.masthead, "title": b.title, "subtitle": b.subtitle, "body": b.body}
    return template_create(actor=actor, org_unit=org_unit, data=data, builtin_code=b.code)


@transaction.atomic
def template_update(*, actor: Any, template: BriefingTemplate, data: dict[str, Any], expected_version: int) -> BriefingTemplate:
    require(actor, "add", template)
    errors = check_text(data)
    name = str(data.get("name", template.name)).strip()
    if not name:
        errors["name"] = "请填写模板名称"
    elif BriefingTemplate.objects.filter(org_unit=template.org_unit, name=name).exclude(pk=template.pk).exists():
        errors["name"] = "本单位已有同名模板"
    if errors:
        raise ValidationError(errors)
    before = snapshot(template)
    for f in TEXT_FIELDS:
        if f in data:
            setattr(template, f, str(data[f]) if f == "body" else str(data[f]).strip())
    template.updated_by, template.updated_at = actor, timezone.now()
    update_versioned(template, expected_version=expected_version, fields=[*TEXT_FIELDS, "updated_by", "updated_at"])
    record(action="briefingtemplate.updated", actor=actor, obj=template, before=before, after=snapshot(template))
    return template


# --- briefings -------------------------------------------------------------------------------------
@transaction.atomic
def briefing_create(
    *, actor: Any, org_unit: OrgUnit, template: BriefingTemplate, period_start: date, period_end: date
) -> Briefing:
    """A draft from a template; its figures are computed live until it is issued."""
    require_at(actor, "stats.add_briefing", org_unit.path)
    if period_start > period_end:
        raise ValidationError({"period_end": "统计期间的结束日期不能早于开始日期"})
    b = Briefing.objects.create(
        org_unit=org_unit, template=template, kind=template.kind, masthead=template.masthead, title=template.title,
        subtitle=template.subtitle, body=template.body, period_start=period_start, period_end=period_end, created_by=actor,
    )
    record(action="briefing.created", actor=actor, obj=b, after=snapshot(b))
    return b


@transaction.atomic
def briefing_update(*, actor: Any, briefing: Briefing, data: dict[str, Any], expected_version: int) -> Briefing:
    require(actor, "add", briefing)
    if briefing.is_issued:
        raise ValidationError(MSG_ISSUED)
    merged = {f: data.get(f, getattr(briefing, f)) for f in BRIEFING_FIELDS}
    errors = check_text(merged)
    if errors:
        raise ValidationError(errors)
    before = snapshot(briefing)
    for f in BRIEFING_FIELDS:
        value = merged[f]
        setattr(briefing, f, value.strip() if isinstance(value, str) and f != "body" else value)
    update_versioned(briefing, expected_version=expected_version, fields=list(BRIEFING_FIELDS))
    record(action="briefing.updated", actor=actor, obj=briefing, before=before, after=snapshot(briefing))
    return briefing


@transaction.atomic
def briefing_delete(*, actor: Any, briefing: Briefing) -> None:
    require(actor, "add", briefing)
    if briefing.is_issued:
        raise ValidationError(MSG_NOT_DRAFT)
    record(action="briefing.deleted", actor=actor, obj=briefing, before=snapshot(briefing))
    briefing.delete()


def _next_number(briefing: Briefing, year: int) -> int:
    last = (Briefing.objects.filter(org_unit_id=briefing.org_unit_id, masthead=briefing.masthead, year=year)
            .aggregate(n=Max("number"))["n"])
    return (last or 0) + 1


def briefing_issue(*, actor: Any, briefing: Briefing, expected_version: int, today: date | None = None) -> Briefing:
    """签发: number it within its unit, masthead and year, freeze its figures, keep the document.

    The unit row is locked while numbering so two issues at once get consecutive numbers; a number
    taken anyway (another process without the lock) retries once with the next one."""
    for attempt in range(2):
        try:
            return _issue(actor=actor, briefing=briefing, expected_version=expected_version, today=today)
        except IntegrityError:
            if attempt:
                raise
            briefing.refresh_from_db()
    raise AssertionError("unreachable")


@transaction.atomic
def _issue(*, actor: Any, briefing: Briefing, expected_version: int, today: date | None) -> Briefing:
    require_at(actor, "stats.issue_briefing", briefing.org_unit.path)
    if briefing.is_issued:
        raise ValidationError(MSG_ISSUED)
    errors = check_text({f: getattr(briefing, f) for f in BRIEFING_FIELDS})
    if errors:
        raise ValidationError(errors)
    org = OrgUnit.objects.select_for_update().get(pk=briefing.org_unit_id)
    period = engine.Period(briefing.period_start, briefing.period_end)
    parsed = _briefing_parsed(briefing)
    ctx = placeholders.compute(actor, org, period, _codes(parsed), _lists(parsed))
    snap = freeze(actor=actor, org=org, ctx=ctx, reason=Snapshot.Reason.BRIEFING, title=f"{briefing.masthead}（{briefing.title}）")
    year = (today or timezone.localdate()).year
    briefing.year, briefing.number = year, _next_number(briefing, year)
    briefing.status, briefing.snapshot = Briefing.Status.ISSUED, snap
    briefing.issued_by, briefing.issued_at = actor, timezone.now()
    briefing.rendered = _render(parsed, ctx)
    update_versioned(briefing, expected_version=expected_version,
                     fields=["year", "number", "status", "snapshot", "issued_by", "issued_at", "rendered"])
    snap.title = f"{briefing.masthead}{briefing.issue_label}"
    snap.save(update_fields=["title"])
    record(action="briefing.issued", actor=actor, obj=briefing,
           after={"number": briefing.issue_label, "year": year, "snapshot": snap.pk, "figures": len(ctx.figures)})
    return briefing


def _parse(title: str, subtitle: str, body: str) -> dict[str, list[dict[str, Any]]]:
    return {"title": placeholders.parse(title), "subtitle": placeholders.parse(subtitle), "body": placeholders.parse(body)}


def _codes(parsed: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The indicators a title, subtitle and body need, in order of first use."""
    return list(dict.fromkeys(c for blocks in parsed.values() for c in placeholders.codes(blocks)))


def _lists(parsed: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The ready tables ([清单: …]) of the body."""
    return placeholders.list_codes(parsed["body"])


def _render(parsed: dict[str, list[dict[str, Any]]], ctx: placeholders.Context) -> dict[str, Any]:
    """The document: the body's blocks, and title and subtitle as lines of parts."""
    doc = placeholders.resolve(parsed["body"], ctx)
    for f in ("title", "subtitle"):
        blocks = placeholders.resolve(parsed[f], ctx)["blocks"]
        doc[f] = blocks[0]["parts"] if blocks and "parts" in blocks[0] else []
    return doc


def _briefing_parsed(b: Briefing) -> dict[str, list[dict[str, Any]]]:
    return _parse(b.title, b.subtitle, b.body)


def document(user: Any, b: Briefing) -> dict[str, Any]:
    """The document to show: as issued (frozen), or computed live for a draft."""
    if b.is_issued:
        return b.rendered
    parsed = _briefing_parsed(b)
    ctx = placeholders.compute(user, b.org_unit, engine.Period(b.period_start, b.period_end), _codes(parsed), _lists(parsed))
    return _render(parsed, ctx)


def preview(user: Any, org: OrgUnit, period: engine.Period, data: dict[str, str]) -> dict[str, Any]:
    """Live preview of unsaved text (the editor): raises TemplateError on bad placeholders."""
    parsed = _parse(data.get("title", ""), data.get("subtitle", ""), data.get("body", ""))
    return _render(parsed, placeholders.compute(user, org, period, _codes(parsed), _lists(parsed)))
