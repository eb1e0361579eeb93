"""Writes of the rules library: create a rule (its 第1版, 新建), revise it (a new version, 修订, becomes current),
correct its registration details, repeal it (废止). Versions are never changed once saved. Every write is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.core import files
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.regulations import search
from zugong.regulations.models import Category, Rule, RuleVersion

ADD = "regulations.add_rule"
CHANGE = "regulations.change_rule"
MAX_TEXT = 200_000
EARLIEST = date(1949, 10, 1)
FUTURE_DAYS = 3 * 366

MSG_TITLE = "请填写制度名称"
MSG_TITLE_LONG = "制度名称不能超过 200 字"
MSG_DOC_LONG = "文号不能超过 100 字"
MSG_CATEGORY = "请选择制度类别"
MSG_DATE = "请填写施行日期"
MSG_DATE_RANGE = "施行日期应在 1949-10-01 之后、三年之内"
MSG_TEXT_LONG = f"制度全文不能超过 {MAX_TEXT:,} 字"
MSG_SUMMARY = "请填写修订说明（修订了哪些内容）"
MSG_REPEALED = "该制度已废止，不能再修订或废止"
MSG_EARLIER = "修订版的施行日期不能早于现行版本的施行日期（{day}）"
MSG_REPEAL_DATE = "请填写废止日期"
MSG_REPEAL_EARLY = "废止日期不能早于现行版本的施行日期（{day}）"
MSG_REPEAL_FUTURE = "废止日期不能晚于今天"
MSG_REASON = "请写明废止理由"
MSG_UNIT = "制定单位不能是内设科室"
MSG_DUPLICATE = "本单位已有文号为“{doc}”的现行制度"


@dataclass(frozen=True)
class VersionInput:
    """What a new version says: when it takes effect, what changed, its text and (optionally) its file."""

    effective_on: date | None
    summary: str = ""
    text: str = ""
    upload: Any = None


def _clean_head(title: str, doc_number: str, category: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    title, doc_number = (title or "").strip(), (doc_number or "").strip()
    if not title:
        errors["title"] = MSG_TITLE
    elif len(title) > 200:
        errors["title"] = MSG_TITLE_LONG
    if len(doc_number) > 100:
        errors["doc_number"] = MSG_DOC_LONG
    if category not in Category.values:
        errors["category"] = MSG_CATEGORY
    return errors


def _clean_version(v: VersionInput, *, revising: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not isinstance(v.effective_on, date):
        errors["effective_on"] = MSG_DATE
    elif not EARLIEST <= v.effective_on <= timezone.localdate() + timedelta(days=FUTURE_DAYS):
        errors["effective_on"] = MSG_DATE_RANGE
    if len(v.text or "") > MAX_TEXT:
        errors["text"] = MSG_TEXT_LONG
    if revising and not (v.summary or "").strip():
        errors["summary"] = MSG_SUMMARY
    return errors


def _duplicate(org_unit: OrgUnit, doc_number: str, exclude: int | None = None) -> bool:
    if not doc_number:
        return False
    qs = Rule.objects.filter(org_unit=org_unit, doc_number=doc_number, status=Rule.Status.IN_FORCE)
    return qs.exclude(pk=exclude).exists() if exclude else qs.exists()


def _refresh_search(rule: Rule, text: str) -> None:
    rule.search_text, rule.search_grams = search.searchable(rule.title, rule.doc_number, text)


def _store(v: VersionInput, *, actor: Any, org_unit: OrgUnit) -> Any:
    return files.store_all([v.upload], actor=actor, org_unit=org_unit)[0] if v.upload else None


@transaction.atomic
def rule_create(*, actor: Any, org_unit: OrgUnit, title: str, doc_number: str, category: str, first: VersionInput) -> Rule:
    """A new rule of `org_unit` with its 第1版 (新建) as the current version."""
    require_at(actor, ADD, org_unit.path)
    errors = _clean_head(title, doc_number, category) | _clean_version(first, revising=False)
    if org_unit.kind == OrgUnit.Kind.OFFICE:
        errors["org_unit"] = MSG_UNIT
    doc_number = (doc_number or "").strip()
    if "doc_number" not in errors and _duplicate(org_unit, doc_number):
        errors["doc_number"] = MSG_DUPLICATE.format(doc=doc_number)
    if errors:
        raise ValidationError(errors)
    if first.upload:
        files.check_all([first.upload])
    rule = Rule.objects.create(org_unit=org_unit, title=title.strip(), doc_number=doc_number, category=category,
                               created_by=actor if getattr(actor, "pk", None) else None)
    v = RuleVersion.objects.create(rule=rule, org_unit=org_unit, number=1, kind=RuleVersion.Kind.NEW, title=rule.title,
                                   doc_number=doc_number, effective_on=first.effective_on, summary=(first.summary or "").strip(),
                                   text=first.text or "", file=_store(first, actor=actor, org_unit=org_unit),
                                   created_by=rule.created_by)
    rule.current = v
    _refresh_search(rule, v.text)
    rule.save(update_fields=["current", "search_text", "search_grams"])
    record(action="rule.created", actor=actor, obj=rule, after={**_brief(rule), "version": _version_brief(v)})
    return rule


@transaction.atomic
def rule_revise(*, actor: Any, rule: Rule, expected_version: int, change: VersionInput, title: str = "", doc_number: str | None = None) -> RuleVersion:
    """Add a 修订 version (the next number) and make it current; the title and 文号 may change with it."""
    require_at(actor, CHANGE, rule.org_unit.path)
    if rule.status != Rule.Status.IN_FORCE:
        raise ValidationError(MSG_REPEALED)
    title = (title or "").strip() or rule.title
    doc_number = rule.doc_number if doc_number is None else doc_number.strip()
    errors = _clean_head(title, doc_number, rule.category) | _clean_version(change, revising=True)
    current = RuleVersion.objects.get(pk=rule.current_id)
    if "effective_on" not in errors and change.effective_on < current.effective_on:  # type: ignore[operator]
        errors["effective_on"] = MSG_EARLIER.format(day=current.effective_on.isoformat())
    if "doc_number" not in errors and doc_number != rule.doc_number and _duplicate(rule.org_unit, doc_number, exclude=rule.pk):
        errors["doc_number"] = MSG_DUPLICATE.format(doc=doc_number)
    if errors:
        raise ValidationError(errors)
    if change.upload:
        files.check_all([change.upload])
    before = _brief(rule)
    rule.title, rule.doc_number = title, doc_number
    update_versioned(rule, expected_version=expected_version, fields=["title", "doc_number"])  # the lock: one revision wins
    try:
        with transaction.atomic():
            v = RuleVersion.objects.create(
                rule=rule, org_unit=rule.org_unit, number=current.number + 1, kind=RuleVersion.Kind.REVISED, title=title,
                doc_number=doc_number, effective_on=change.effective_on, summary=change.summary.strip(), text=change.text or "",
                file=_store(change, actor=actor, org_unit=rule.org_unit), created_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError:
        raise ConflictError() from None
    rule.current = v
    _refresh_search(rule, v.text)
    rule.save(update_fields=["current", "search_text", "search_grams", "updated_at"])
    record(action="rule.revised", actor=actor, obj=rule, before=before, after={**_brief(rule), "version": _version_brief(v)})
    return v


@transaction.atomic
def rule_update(*, actor: Any, rule: Rule, expected_version: int, title: str, doc_number: str, category: str) -> Rule:
    """Correct the registration details (name, 文号, category) of a rule; its versions keep what they recorded."""
    require_at(actor, CHANGE, rule.org_unit.path)
    errors = _clean_head(title, doc_number, category)
    doc_number = (doc_number or "").strip()
    if "doc_number" not in errors and rule.status == Rule.Status.IN_FORCE and _duplicate(rule.org_unit, doc_number, exclude=rule.pk):
        errors["doc_number"] = MSG_DUPLICATE.format(doc=doc_number)
    if errors:
        raise ValidationError(errors)
    before = snapshot(rule)
    rule.title, rule.doc_number, rule.category = title.strip(), doc_number, category
    text = RuleVersion.objects.filter(pk=rule.current_id).values_list("text", flat=True).first() or ""
    _refresh_search(rule, text)
    update_versioned(rule, expected_version=expected_version, fields=["title", "doc_number", "category", "search_text", "search_grams"])
    record(action="rule.updated", actor=actor, obj=rule, before=_brief_of(before), after=_brief(rule))
    return rule


@transaction.atomic
def rule_repeal(*, actor: Any, rule: Rule, expected_version: int, repealed_on: date | None, reason: str) -> Rule:
    """Repeal (废止) a rule in force: it stays in the library, marked 已废止, with the date and the reason."""
    require_at(actor, CHANGE, rule.org_unit.path)
    if rule.status != Rule.Status.IN_FORCE:
        raise ValidationError(MSG_REPEALED)
    errors: dict[str, str] = {}
    current = RuleVersion.objects.get(pk=rule.current_id)
    if not isinstance(repealed_on, date):
        errors["repealed_on"] = MSG_REPEAL_DATE
    elif repealed_on < current.effective_on:
        errors["repealed_on"] = MSG_REPEAL_EARLY.format(day=current.effective_on.isoformat())
    elif repealed_on > timezone.localdate():
        errors["repealed_on"] = MSG_REPEAL_FUTURE
    if not (reason or "").strip():
        errors["repeal_reason"] = MSG_REASON
    if errors:
        raise ValidationError(errors)
    before = _brief(rule)
    rule.status, rule.repealed_on, rule.repeal_reason = Rule.Status.REPEALED, repealed_on, reason.strip()
    update_versioned(rule, expected_version=expected_version, fields=["status", "repealed_on", "repeal_reason"])
    record(action="rule.repealed", actor=actor, obj=rule, before=before, after=_brief(rule))
    return rule


def _brief(rule: Rule) -> dict[str, Any]:
    return _brief_of(snapshot(rule))


def _brief_of(snap: dict[str, Any]) -> dict[str, Any]:
    """The audited fields of a rule (the derived search columns are left out: they repeat the text)."""
    return {k: v for k, v in snap.items() if k not in ("search_text", "search_grams")}


def _version_brief(v: RuleVersion) -> dict[str, Any]:
    return {"number": v.number, "kind": v.kind, "effective_on": v.effective_on.isoformat(), "summary": v.summary,
            "text_chars": len(v.text), "file": v.file.name if v.file else ""}
