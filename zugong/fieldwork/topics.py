"""Research topics (领衔课题): a leadership member leads each, with a team and dated milestones; the research report
(调研报告) is uploaded as a checked file (core.files), then rated (优秀/良好/一般) and, when adopted into policy,
marked 成果转化 with a note. 调研报告（份） counts topics by report date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.core import files
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.fieldwork.models import ResearchTopic, TopicMilestone
from zugong.fieldwork.services import (
    MAX_CADRES,
    MSG_CADRE_SCOPE,
    MSG_FUTURE,
    MSG_UNIT,
    _text,
    _unit_ok,
    cadres_outside,
)

MSG_TITLE = "请填写课题名称"
MSG_YEAR = "年度应在 2000 到 2100 之间"
MSG_LEAD = "请选择领衔领导"
MSG_TEAM = f"课题组成员最多 {MAX_CADRES} 人"
MSG_REPORT_DATE = "上传调研报告须填写报告日期"
MSG_RATING = "有调研报告（报告日期）后才能评定等次"
MSG_ADOPTED = "有调研报告（报告日期）后才能登记成果转化"
MSG_ADOPTION_NOTE = "请填写成果转化情况"
MSG_MILESTONE = "请填写节点名称和日期"


def _check(data: dict[str, Any], *, has_file: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    unit: Any = data.get("org_unit")
    if not _unit_ok(unit):
        errors["org_unit"] = MSG_UNIT
    if not _text(data, "title", 200):
        errors["title"] = MSG_TITLE
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = MSG_YEAR
    lead = data.get("lead")
    team = list(data.get("team") or [])
    if lead is None:
        errors["lead"] = MSG_LEAD
    elif _unit_ok(unit) and cadres_outside(unit, [lead]):
        errors["lead"] = MSG_CADRE_SCOPE.format(name=lead.name)
    if len(team) > MAX_CADRES:
        errors["team"] = MSG_TEAM
    elif _unit_ok(unit) and cadres_outside(unit, team):
        errors["team"] = MSG_CADRE_SCOPE.format(name=cadres_outside(unit, team)[0].name)
    report_date = data.get("report_date")
    if isinstance(report_date, date) and report_date > timezone.localdate():
        errors["report_date"] = MSG_FUTURE
    if has_file and report_date is None:
        errors["report_date"] = MSG_REPORT_DATE
    if data.get("rating") and report_date is None:
        errors["rating"] = MSG_RATING
    if data.get("rating") and data["rating"] not in ResearchTopic.Rating.values:
        errors["rating"] = "等次应为优秀、良好或一般"
    if data.get("adopted"):
        if report_date is None:
            errors["adopted"] = MSG_ADOPTED
        elif not _text(data, "adoption_note", 20_000):
            errors["adoption_note"] = MSG_ADOPTION_NOTE
    return errors


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {"org_unit": data["org_unit"], "title": _text(data, "title", 200), "year": data["year"], "lead": data["lead"],
            "description": _text(data, "description", 20_000), "report_date": data.get("report_date"),
            "rating": data.get("rating") or "", "adopted": bool(data.get("adopted")),
            "adoption_note": _text(data, "adoption_note", 20_000) if data.get("adopted") else ""}


def _team(data: dict[str, Any]) -> list[Any]:
    lead = data.get("lead")
    return list({c.pk: c for c in (data.get("team") or []) if lead is None or c.pk != lead.pk}.values())


@transaction.atomic
def topic_create(*, actor: Any, data: dict[str, Any], report: Any = None) -> ResearchTopic:
    errors = _check(data, has_file=report is not None)
    if errors:
        raise ValidationError(errors)
    require_at(actor, "fieldwork.add_researchtopic", data["org_unit"].path)
    stored = files.store_all([report], actor=actor, org_unit=data["org_unit"])[0] if report is not None else None
    t = ResearchTopic.objects.create(created_by=actor, report_file=stored, **_fields(data))
    t.team.set(_team(data))
    record(action="researchtopic.created", actor=actor, obj=t, after={**snapshot(t), "team": [c.pk for c in _team(data)]})
    return t


@transaction.atomic
def topic_update(*, actor: Any, topic: ResearchTopic, data: dict[str, Any], expected_version: int, report: Any = None) -> ResearchTopic:
    """Edit a topic; a new report file replaces the old one (the old file stays stored, unlinked, for the audit)."""
    require_at(actor, "fieldwork.change_researchtopic", topic.org_unit.path)
    errors = _check(data, has_file=report is not None or topic.report_file_id is not None)
    if errors:
        raise ValidationError(errors)
    require_at(actor, "fieldwork.change_researchtopic", data["org_unit"].path)
    before = {**snapshot(topic), "team": sorted(topic.team.values_list("pk", flat=True))}
    fields = _fields(data)
    if report is not None:
        fields["report_file"] = files.store_all([report], actor=actor, org_unit=data["org_unit"])[0]
    for k, v in fields.items():
        setattr(topic, k, v)
    update_versioned(topic, expected_version=expected_version, fields=list(fields))
    team = _team(data)
    topic.team.set(team)
    record(action="researchtopic.updated", actor=actor, obj=topic, before=before,
           after={**snapshot(topic), "team": sorted(c.pk for c in team)})
    return topic


@transaction.atomic
def topic_delete(*, actor: Any, topic: ResearchTopic) -> None:
    require_at(actor, "fieldwork.delete_researchtopic", topic.org_unit.path)
    record(action="researchtopic.deleted", actor=actor, obj=topic, before=snapshot(topic))
    topic.delete()


@transaction.atomic
def milestone_add(*, actor: Any, topic: ResearchTopic, day: date | None, title: str) -> TopicMilestone:
    require_at(actor, "fieldwork.change_researchtopic", topic.org_unit.path)
    if day is None or not (title or "").strip():
        raise ValidationError(MSG_MILESTONE)
    m = TopicMilestone.objects.create(topic=topic, date=day, title=title.strip()[:200])
    record(action="researchtopic.milestone_added", actor=actor, obj=topic, after={"date": day.isoformat(), "title": m.title})
    return m


@transaction.atomic
def milestone_set_done(*, actor: Any, milestone: TopicMilestone, done: bool) -> TopicMilestone:
    topic = milestone.topic
    require_at(actor, "fieldwork.change_researchtopic", topic.org_unit.path)
    TopicMilestone.objects.filter(pk=milestone.pk).update(done=done)
    milestone.done = done
    record(action="researchtopic.milestone_done" if done else "researchtopic.milestone_reopened", actor=actor, obj=topic,
           after={"milestone": milestone.pk, "title": milestone.title, "done": done})
    return milestone


@transaction.atomic
def milestone_delete(*, actor: Any, milestone: TopicMilestone) -> None:
    topic = milestone.topic
    require_at(actor, "fieldwork.change_researchtopic", topic.org_unit.path)
    record(action="researchtopic.milestone_deleted", actor=actor, obj=topic, before={"milestone": milestone.pk, "title": milestone.title})
    milestone.delete()
