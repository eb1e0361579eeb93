"""xlsx import of rules: a 新建 row registers a rule with its first version; a 修订 row adds a version to the rule of
the same unit with that 文号 (or, without a match by 文号, that name). Rows are applied in file order, so one file
may hold a rule and its later revisions. Re-importing the same file changes nothing (rows already there are skipped)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zugong.accounts.access import can_at, scope_paths
from zugong.core.imports import ImportColumn, ImportResource, register
from zugong.core.scope import paths_q
from zugong.orgs.models import OrgUnit
from zugong.orgs.selectors import resolve_unit, unit_lookup
from zugong.regulations import services
from zugong.regulations.models import Category, Rule, RuleVersion

MSG_EXISTS = "本单位已有该制度（文号或名称相同）；如是修订，请将“类型”填为“修订”"
MSG_NOT_FOUND = "找不到要修订的制度：按文号（无文号时按名称）在本单位的制度中查找，可在本文件前面的行中新建"
MSG_SUMMARY_REQUIRED = "修订时必填"
MSG_NO_RIGHT = "您没有在该单位{what}制度的权限"


@dataclass
class _Entry:
    """A rule as the file leaves it, row by row: the one in the database or one created by an earlier row."""

    title: str
    doc: str
    status: str
    first_effective: date
    last_effective: date
    revisions: set[date] = field(default_factory=set)
    rule_id: int | None = None
    names: set[str] = field(default_factory=set)  # every name and 文号 it has had (a revision may change them)


@dataclass
class RuleRow:
    action: str  # create | revise | skip
    unit: OrgUnit
    title: str
    doc_number: str
    category: str
    effective_on: date
    summary: str
    text: str
    entry: _Entry | None = None


@register
class RuleImport(ImportResource):
    key = "regulations.rule"
    title = "制度"
    perm = "regulations.import_rule"
    list_url_name = "regulations:rule_list"
    template_url_name = "regulations:rule_import_template"
    columns = [
        ImportColumn("制定单位", "org_unit", required=True, max_length=100,
                     help="从下拉列表选择；有同名单位时写“上级单位/单位”；须在您的授权范围内"),
        ImportColumn("制度名称", "title", required=True, max_length=200),
        ImportColumn("文号", "doc_number", max_length=100, help="修订行按文号查找要修订的制度，无文号时按名称查找；修订后的新文号也填在这里"),
        ImportColumn("类别", "category", required=True, kind="choice", choices=Category.choices),
        ImportColumn("类型", "kind", required=True, kind="choice", choices=RuleVersion.Kind.choices,
                     help="新建：登记一项新制度；修订：为本单位已有的同文号（或同名）制度增加一个修订版本"),
        ImportColumn("施行日期", "effective_on", required=True, kind="date"),
        ImportColumn("修订说明", "summary", max_length=2000, help="修订行必填：修订了哪些内容"),
        ImportColumn("制度全文", "text", max_length=services.MAX_TEXT, help="可不填；填写后可全文检索、版本对照"),
    ]
    example = ["哈尔滨市委组织部", "干部选拔任用工作纪实办法", "哈组发〔2026〕3号", "干部选拔任用", "新建", "2026-03-01", "",
               "第一条 为规范干部选拔任用工作……"]

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self._units: dict[str, OrgUnit | None] | None = None
        self._labels: list[str] = []

    def _load_units(self) -> dict[str, OrgUnit | None]:
        if self._units is None:
            units = list(OrgUnit.objects.filter(paths_q("path", scope_paths(self.actor, self.perm)), is_active=True)
                         .exclude(kind=OrgUnit.Kind.OFFICE).select_related("parent").order_by("path"))
            self._units, self._labels = unit_lookup(units)
        return self._units

    def dropdown_sources(self) -> dict[str, list[str]]:
        self._load_units()
        return {"org_unit": self._labels}

    def parse_row(self, cleaned: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        unit, problem = resolve_unit(self._load_units(), cleaned["org_unit"])
        if unit is None:
            return None, {"org_unit": problem}
        kind = cleaned["kind"]
        perm, what = (services.ADD, "新建") if kind == RuleVersion.Kind.NEW else (services.CHANGE, "修订")
        if not can_at(self.actor, perm, unit.path):
            return None, {"org_unit": MSG_NO_RIGHT.format(what=what)}
        errors: dict[str, str] = {}
        version = services.VersionInput(effective_on=cleaned["effective_on"], summary=cleaned["summary"], text=cleaned["text"])
        for name, msg in services._clean_version(version, revising=False).items():
            errors[name] = msg
        if kind == RuleVersion.Kind.REVISED and not cleaned["summary"]:
            errors["summary"] = MSG_SUMMARY_REQUIRED
        if errors:
            return None, errors
        row = RuleRow(action="create" if kind == RuleVersion.Kind.NEW else "revise", unit=unit, title=cleaned["title"],
                      doc_number=cleaned["doc_number"], category=cleaned["category"], effective_on=cleaned["effective_on"],
                      summary=cleaned["summary"], text=cleaned["text"])
        return row, {}

    def _existing(self, unit_ids: set[int]) -> dict[int, list[_Entry]]:
        by_unit: dict[int, list[_Entry]] = {u: [] for u in unit_ids}
        entries: dict[int, _Entry] = {}
        for rid, unit_id, title, doc, status in Rule.objects.filter(org_unit_id__in=unit_ids).values_list(
                "id", "org_unit_id", "title", "doc_number", "status").order_by("id"):
            entries[rid] = _Entry(title=title, doc=doc, status=status, first_effective=date.min, last_effective=date.min, rule_id=rid)
            by_unit[unit_id].append(entries[rid])
        for rid, kind, day, title, doc in RuleVersion.objects.filter(rule_id__in=entries).values_list(
                "rule_id", "kind", "effective_on", "title", "doc_number"):
            e = entries[rid]
            e.names |= {f"t:{title}", f"d:{doc}"}
            if kind == RuleVersion.Kind.NEW:
                e.first_effective = day
            else:
                e.revisions.add(day)
            e.last_effective = max(e.last_effective, day)
        return by_unit

    @staticmethod
    def _find(entries: list[_Entry], row: RuleRow) -> _Entry | None:
        """The unit's rule a row names: by 文号, else by name; a rule in force before a repealed one."""
        keys = ([f"d:{row.doc_number}"] if row.doc_number else []) + [f"t:{row.title}"]
        for key in keys:
            found = sorted((e for e in entries if key in e.names or key in (f"t:{e.title}", f"d:{e.doc}")),
                           key=lambda e: e.status != Rule.Status.IN_FORCE)
            if found:
                return found[0]
        return None

    def check_all(self, valid: list[tuple[int, Any]]) -> dict[int, dict[str, str]]:
        """Apply the rows in order to the unit's rules as they stand, so each row is checked against what the rows
        above it did (a revision of a rule created three rows up, two revisions of one rule)."""
        by_unit = self._existing({row.unit.pk for _, row in valid})
        errors: dict[int, dict[str, str]] = {}
        for n, row in valid:
            entries = by_unit[row.unit.pk]
            entry = self._find(entries, row)
            if row.action == "create":
                if entry is not None and entry.status == Rule.Status.IN_FORCE:
                    if entry.first_effective == row.effective_on:
                        row.action = "skip"  # imported before
                        continue
                    errors[n] = {"doc_number" if row.doc_number else "title": MSG_EXISTS}
                    continue
                row.entry = _Entry(title=row.title, doc=row.doc_number, status=Rule.Status.IN_FORCE,
                                   first_effective=row.effective_on, last_effective=row.effective_on)
                entries.append(row.entry)
                continue
            if entry is None:
                errors[n] = {"doc_number" if row.doc_number else "title": MSG_NOT_FOUND}
                continue
            if entry.status != Rule.Status.IN_FORCE:
                errors[n] = {"kind": services.MSG_REPEALED}
                continue
            if row.effective_on in entry.revisions:
                row.action = "skip"  # imported before
                continue
            if row.effective_on < entry.last_effective:
                errors[n] = {"effective_on": services.MSG_EARLIER.format(day=entry.last_effective.isoformat())}
                continue
            entry.revisions.add(row.effective_on)
            entry.last_effective = row.effective_on
            entry.names |= {f"t:{entry.title}", f"d:{entry.doc}"}
            entry.title, entry.doc = row.title, row.doc_number or entry.doc
            row.entry = entry
        return errors

    def describe(self, valid: list[tuple[int, Any]]) -> dict[str, Any]:
        return {"to_create": sum(1 for _, r in valid if r.action == "create"),
                "to_update": sum(1 for _, r in valid if r.action == "revise"),
                "unchanged": sum(1 for _, r in valid if r.action == "skip")}

    def commit(self, inputs: list[Any], progress: Callable[[int], None]) -> dict[str, Any]:
        created = revised = skipped = 0
        for i, row in enumerate(inputs, start=1):
            version = services.VersionInput(effective_on=row.effective_on, summary=row.summary, text=row.text)
            if row.action == "create":
                rule = services.rule_create(actor=self.actor, org_unit=row.unit, title=row.title, doc_number=row.doc_number,
                                            category=row.category, first=version)
                assert row.entry is not None
                row.entry.rule_id = rule.pk
                created += 1
            elif row.action == "revise":
                assert row.entry is not None and row.entry.rule_id is not None
                rule = Rule.objects.select_related("org_unit").get(pk=row.entry.rule_id)
                services.rule_revise(actor=self.actor, rule=rule, expected_version=rule.version, change=version, title=row.title,
                                     doc_number=row.doc_number or None)
                revised += 1
            else:
                skipped += 1
            if i % 100 == 0:
                progress(i)
        progress(len(inputs))
        return {"created": created, "updated": revised, "unchanged": skipped}
