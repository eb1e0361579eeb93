"""Designing a survey (测评设计): its questions (aspects and items), respondent categories, targets and code
quotas, then publishing it. Everything here is frozen once the survey is published (R69): a correction means
a new survey. Writes are audited; reads are in selectors.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.core import units as core_units
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre, CadreStatus
from zugong.surveys.models import Aspect, CodeBatch, Item, Kind, RespondentCategory, Scale, Survey, Target
from zugong.surveys.templates_shipped import TEMPLATES

DESIGN = "surveys.add_survey"
MAX_ITEMS = 100
MAX_CATEGORIES = 10
MAX_TARGETS = 500
MAX_QUOTA = 100_000
MAX_CADRES = 60
K_MIN_FLOOR = 5  # R67: no cell of fewer than five responses is ever shown

MSG_TITLE = "请填写测评名称"
MSG_YEAR = "年度不对"
MSG_KIND = "请选择测评类型"
MSG_SCALE = "请选择评价等次"
MSG_DATES = "请填写开始和截止日期"
MSG_ORDER = "截止日期不能早于开始日期"
MSG_K_MIN = f"最少样本数应在 {K_MIN_FLOOR} 到 100 之间（少于 {K_MIN_FLOOR} 人的结果会暴露填写人）"
MSG_BOTTOM = "专项检查数应在 0 到 50 之间"
MSG_NO_ITEMS = "请至少填写一个测评项目"
MSG_TOO_MANY_ITEMS = f"测评项目不能超过 {MAX_ITEMS} 个"
MSG_ITEM_FIRST = "第 {line} 行：测评项目前请先写方面，如“【组织工作】”"
MSG_ITEM_LONG = "第 {line} 行：测评项目不能超过 300 字"
MSG_ASPECT_EMPTY = "方面“{name}”下没有测评项目"
MSG_NO_CATEGORIES = "请至少填写一类参评人员"
MSG_CATEGORY_LINE = "第 {line} 行：应为“类别 名额”，如“党员干部 30”"
MSG_CATEGORY_DUP = "参评人员类别“{name}”重复"
MSG_TOO_MANY_CATEGORIES = f"参评人员类别不能超过 {MAX_CATEGORIES} 类"
MSG_NO_TARGETS = "请选择测评对象（地区或单位）"
MSG_TOO_MANY_TARGETS = f"测评对象不能超过 {MAX_TARGETS} 个"
MSG_TARGET_OUTSIDE = "测评对象应是组织单位的下级单位：{name}"
MSG_QUOTA = "名额应为 0 到 100000 之间的整数"
MSG_FROZEN = "测评已发布，题目、对象和名额不能再修改（如需更正，请新建测评）"
MSG_NOT_DRAFT = "只有草稿可以删除"
MSG_PUBLISH_EMPTY = "发布前请设置测评码名额"
MSG_PUBLISH_PAST = "截止日期已过，请修改后再发布"
MSG_TEMPLATE = "没有这个测评模板"
MSG_NO_CADRES = "请填写被测评干部"
MSG_TOO_MANY_CADRES = f"被测评干部不能超过 {MAX_CADRES} 人"
MSG_CADRE_UNKNOWN = "第 {line} 行：组织单位及下级单位中没有在职干部“{name}”"
MSG_CADRE_AMBIGUOUS = "第 {line} 行：“{name}”有重名，请写成“姓名 单位”，如“{name} {unit}”"
MSG_CADRE_DUP = "被测评干部“{name}”重复"


@dataclass(frozen=True)
class Question:
    aspect: str
    items: tuple[str, ...]


_NUMBERED = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[.、．)）]\s*")
_ASPECT = re.compile(r"^\s*[【\[#]\s*(?P<name>[^】\]]+?)\s*[】\]]?\s*$")


def parse_aspects(text: str) -> tuple[list[Question], list[str]]:
    """The designer's text form: a line “【方面】” starts an aspect, each following line is an item (a leading
    “1.” or “一、” is dropped). Returns the questions and the problems found, by line."""
    questions: list[tuple[str, list[str]]] = []
    problems: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        m = _ASPECT.match(line) if line[0] in "【[#" else None
        if m:
            questions.append((m.group("name").strip()[:100], []))
            continue
        item = _NUMBERED.sub("", line).strip()
        if not questions:
            problems.append(MSG_ITEM_FIRST.format(line=number))
        elif len(item) > 300:
            problems.append(MSG_ITEM_LONG.format(line=number))
        elif item:
            questions[-1][1].append(item)
    problems += [MSG_ASPECT_EMPTY.format(name=name) for name, items in questions if not items]
    total = sum(len(items) for _, items in questions)
    if not problems and total == 0:
        problems.append(MSG_NO_ITEMS)
    elif total > MAX_ITEMS:
        problems.append(MSG_TOO_MANY_ITEMS)
    return [Question(name, tuple(items)) for name, items in questions], problems


def parse_categories(text: str) -> tuple[list[tuple[str, int]], list[str]]:
    """One category per line, with the default quota per target: “党员干部 30”."""
    found: list[tuple[str, int]] = []
    problems: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        m = re.match(r"^(?P<name>.+?)[\s,，:：]+(?P<quota>\d{1,6})$", line)
        name, quota = (m.group("name").strip(), int(m.group("quota"))) if m else (line, 0)
        if len(name) > 50 or (m and quota > MAX_QUOTA):
            problems.append(MSG_CATEGORY_LINE.format(line=number))
        elif any(n == name for n, _ in found):
            problems.append(MSG_CATEGORY_DUP.format(name=name))
        else:
            found.append((name, quota))
    if not found and not problems:
        problems.append(MSG_NO_CATEGORIES)
    elif len(found) > MAX_CATEGORIES:
        problems.append(MSG_TOO_MANY_CATEGORIES)
    return found, problems


def parse_cadres(org_unit: OrgUnit, text: str) -> tuple[list[Cadre], list[str]]:
    """The persons of a democratic appraisal, one per line: “姓名” or, where names repeat, “姓名 单位”; in-service
    cadres of the organizing unit and the units below it."""
    wanted: list[tuple[int, str, str]] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        parts = raw.replace("\u3000", " ").split()
        if parts:
            wanted.append((number, parts[0][:50], " ".join(parts[1:])[:100]))
    if not wanted:
        return [], [MSG_NO_CADRES]
    if len(wanted) > MAX_CADRES:
        return [], [MSG_TOO_MANY_CADRES]
    pool: dict[str, list[Cadre]] = {}
    for c in (Cadre.objects.filter(org_unit__path__startswith=org_unit.path, status=CadreStatus.ACTIVE,
                                   name__in={name for _, name, _u in wanted}).select_related("org_unit").order_by("org_unit__path", "id")):
        pool.setdefault(c.name, []).append(c)
    found: list[Cadre] = []
    problems: list[str] = []
    for number, name, unit in wanted:
        same = [c for c in pool.get(name, []) if not unit or unit in c.org_unit.name]
        if not same:
            problems.append(MSG_CADRE_UNKNOWN.format(line=number, name=name))
        elif len(same) > 1:
            problems.append(MSG_CADRE_AMBIGUOUS.format(line=number, name=name, unit=same[0].org_unit.name))
        elif any(c.pk == same[0].pk for c in found):
            problems.append(MSG_CADRE_DUP.format(name=name))
        else:
            found.append(same[0])
    return found, problems


def units_with(user: Any) -> Any:
    """Units where the user may design surveys."""
    return core_units.units_with(user, DESIGN)


def target_choices(unit: OrgUnit) -> Any:
    """Units a survey of `unit` may rate: the active units below it, offices excluded."""
    return (OrgUnit.objects.filter(path__startswith=unit.path, is_active=True).exclude(pk=unit.pk)
            .exclude(kind=OrgUnit.Kind.OFFICE).order_by("path"))


def _int(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if low <= n <= high else None


def _check(org_unit: OrgUnit, data: dict[str, Any], targets: list[OrgUnit]) -> tuple[dict[str, Any], list[Question], list[tuple[str, int]], list[Cadre]]:
    errors: dict[str, str] = {}
    persons = data.get("kind") == Kind.APPRAISAL_PERSON
    if not str(data.get("title") or "").strip():
        errors["title"] = MSG_TITLE
    if _int(data.get("year"), 2000, 2100) is None:
        errors["year"] = MSG_YEAR
    if data.get("kind") not in Kind.values:
        errors["kind"] = MSG_KIND
    if data.get("scale") not in Scale.values:
        errors["scale"] = MSG_SCALE
    start: date | None = data.get("opens_on")
    end: date | None = data.get("closes_on")
    if start is None or end is None:
        errors["closes_on" if start else "opens_on"] = MSG_DATES
    elif end < start:
        errors["closes_on"] = MSG_ORDER
    if _int(data.get("k_min", K_MIN_FLOOR), K_MIN_FLOOR, 100) is None:
        errors["k_min"] = MSG_K_MIN
    for key in ("bottom_n", "bottom_n_sub"):
        if _int(data.get(key, 0), 0, 50) is None:
            errors[key] = MSG_BOTTOM
    questions, problems = parse_aspects(str(data.get("aspects_text") or ""))
    if problems:
        errors["aspects_text"] = "；".join(problems[:5])
    categories, problems = parse_categories(str(data.get("categories_text") or ""))
    if problems:
        errors["categories_text"] = "；".join(problems[:5])
    if not targets:
        errors["targets"] = MSG_NO_TARGETS
    elif len(targets) > MAX_TARGETS:
        errors["targets"] = MSG_TOO_MANY_TARGETS
    else:
        # the appraisal of persons may hand its codes out in the organizing unit itself
        outside = [t.name for t in targets if not t.path.startswith(org_unit.path) or (t.pk == org_unit.pk and not persons)]
        if outside:
            errors["targets"] = MSG_TARGET_OUTSIDE.format(name="、".join(outside[:3]))
    cadres: list[Cadre] = []
    if persons:
        cadres, problems = parse_cadres(org_unit, str(data.get("cadres_text") or ""))
        if problems:
            errors["cadres_text"] = "；".join(problems[:5])
    if errors:
        raise ValidationError(errors)
    fields = {
        "title": str(data["title"]).strip()[:200], "year": int(data["year"]), "kind": data["kind"], "scale": data["scale"],
        "opens_on": start, "closes_on": end, "instructions": str(data.get("instructions") or "").strip()[:5000],
        "allow_comments": bool(data.get("allow_comments", True)), "k_min": int(data.get("k_min", K_MIN_FLOOR)),
        # persons are not ranked for inspection
        "bottom_n": 0 if persons else int(data.get("bottom_n", 0)), "bottom_n_sub": 0 if persons else int(data.get("bottom_n_sub", 0)),
        "template_code": str(data.get("template_code") or "").strip()[:40],
    }
    return fields, questions, categories, cadres


def _per_person(questions: list[Question], cadres: list[Cadre]) -> list[tuple[Question, Cadre | None]]:
    """The appraisal of persons asks every criterion about every cadre: one aspect per cadre."""
    if not cadres:
        return [(q, None) for q in questions]
    criteria = tuple(item for q in questions for item in q.items)
    return [(Question(f"{c.name}（{c.position or c.org_unit.name}）"[:100], criteria), c) for c in cadres]


def _build(survey: Survey, questions: list[Question], categories: list[tuple[str, int]], targets: list[OrgUnit],
           cadres: list[Cadre]) -> None:
    """(Re)create the questions, categories, targets and one code batch per target × category."""
    survey.items.all().delete()
    survey.aspects.all().delete()
    survey.batches.all().delete()
    survey.categories.all().delete()
    survey.targets.all().delete()
    order = 0
    for a_index, (q, cadre) in enumerate(_per_person(questions, cadres)):
        aspect = Aspect.objects.create(survey=survey, order=a_index, name=q.aspect, cadre=cadre)
        items = []
        for text in q.items:
            order += 1
            items.append(Item(survey=survey, aspect=aspect, order=order, text=text))
        Item.objects.bulk_create(items)
    cats = RespondentCategory.objects.bulk_create(
        [RespondentCategory(survey=survey, order=i, name=name) for i, (name, _) in enumerate(categories)])
    tgs = Target.objects.bulk_create([Target(survey=survey, org_unit=u, order=i) for i, u in enumerate(sorted(targets, key=lambda u: u.path))])
    quotas = dict(categories)
    CodeBatch.objects.bulk_create([CodeBatch(survey=survey, target=t, category=c, quota=quotas[c.name]) for t in tgs for c in cats])


def _shape(survey: Survey) -> dict[str, Any]:
    return {**snapshot(survey), "items": survey.items.count(), "targets": survey.targets.count(),
            "categories": list(survey.categories.values_list("name", flat=True)),
            "cadres": list(survey.aspects.filter(cadre__isnull=False).values_list("cadre_id", flat=True))}


@transaction.atomic
def survey_create(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], targets: list[OrgUnit]) -> Survey:
    require_at(actor, DESIGN, org_unit.path)
    fields, questions, categories, cadres = _check(org_unit, data, targets)
    survey = Survey.objects.create(org_unit=org_unit, created_by=actor, **fields)
    _build(survey, questions, categories, targets, cadres)
    record(action="survey.created", actor=actor, obj=survey, after=_shape(survey))
    return survey


def template_data(code: str, *, today: date | None = None) -> dict[str, Any]:
    """A new survey's form data from a shipped template."""
    t = TEMPLATES.get(code)
    if t is None:
        raise ValidationError({"template": MSG_TEMPLATE})
    today = today or timezone.localdate()
    return {"title": f"{today.year}年度{t.title}", "year": today.year, "kind": t.kind, "scale": t.scale,
            "instructions": t.instructions, "allow_comments": True, "k_min": K_MIN_FLOOR, "bottom_n": 3, "bottom_n_sub": 10,
            "template_code": t.code, "aspects_text": t.aspects_text(), "categories_text": t.categories_text(),
            "opens_on": today, "closes_on": today + timedelta(days=30)}


def _lock_draft(survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(MSG_FROZEN)
    return survey


@transaction.atomic
def survey_update(*, actor: Any, survey: Survey, data: dict[str, Any], targets: list[OrgUnit], expected_version: int) -> Survey:
    """Change a draft. Questions, categories and targets are rebuilt, so quotas return to the defaults."""
    require_at(actor, DESIGN, survey.org_unit.path)
    survey = _lock_draft(survey)
    before = _shape(survey)
    fields, questions, categories, cadres = _check(survey.org_unit, data, targets)
    for k, v in fields.items():
        setattr(survey, k, v)
    update_versioned(survey, expected_version=expected_version, fields=list(fields))
    _build(survey, questions, categories, targets, cadres)
    record(action="survey.updated", actor=actor, obj=survey, before=before, after=_shape(survey))
    return survey


@transaction.atomic
def quotas_set(*, actor: Any, survey: Survey, quotas: dict[int, Any], expected_version: int) -> Survey:
    """Set the quota (名额) of each batch: {batch id: number}. Batches not named keep theirs."""
    require_at(actor, DESIGN, survey.org_unit.path)
    survey = _lock_draft(survey)
    batches = {b.pk: b for b in survey.batches.all()}
    errors = [pk for pk, n in quotas.items() if pk not in batches or _int(n, 0, MAX_QUOTA) is None]
    if errors:
        raise ValidationError({"quota": MSG_QUOTA})
    changed = [b for pk, b in batches.items() if pk in quotas and b.quota != int(quotas[pk])]
    for b in changed:
        b.quota = int(quotas[b.pk])
    CodeBatch.objects.bulk_update(changed, ["quota"])
    update_versioned(survey, expected_version=expected_version, fields=[])
    record(action="survey.quotas", actor=actor, obj=survey, after={"changed": len(changed),
                                                                  "total": sum(b.quota for b in batches.values())})
    return survey


@transaction.atomic
def survey_publish(*, actor: Any, survey: Survey, expected_version: int) -> Survey:
    """Open the survey for codes and answers; from now on its design is frozen."""
    require_at(actor, DESIGN, survey.org_unit.path)
    survey = _lock_draft(survey)
    if not survey.batches.filter(quota__gt=0).exists():
        raise ValidationError(MSG_PUBLISH_EMPTY)
    if survey.closes_on < timezone.localdate():
        raise ValidationError(MSG_PUBLISH_PAST)
    survey.status = Survey.Status.PUBLISHED
    update_versioned(survey, expected_version=expected_version, fields=["status"])
    record(action="survey.published", actor=actor, obj=survey, after=_shape(survey))
    return survey


@transaction.atomic
def survey_delete(*, actor: Any, survey: Survey) -> None:
    require_at(actor, DESIGN, survey.org_unit.path)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(MSG_NOT_DRAFT)
    record(action="survey.deleted", actor=actor, obj=survey, before=_shape(survey))
    survey.delete()
