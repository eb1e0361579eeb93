"""Satisfaction surveys (满意度测评, 民意调查) and democratic appraisal (民主测评) with one-time ballot codes.

Anonymity is the point of this app (SECURITY.md R64–R71, docs/anonymity-threat-model.md):
- `BallotCode` is eligibility only: a keyed hash of the printed code, its batch and a used flag. No code, user,
  address or time is stored with it.
- Answers go to `ResponseStaging` while the survey is open (random UUID keys, no time, nothing about the
  respondent but the coarse target and category the code was printed for). At close one transaction moves them
  in key order (a random order) to `Response` / `ResponseAnswer` / `ResponseText` and touches every code of the
  survey, so storage order, ids and PostgreSQL's xmin say nothing about who answered when.
- There is no foreign key between codes and responses, no admin, no history and no audit row per response.
- Results (`Result`) are computed once at close, with cells of fewer than `k_min` responses suppressed."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet, paths_q, perm_name


class Kind(models.TextChoices):
    SATISFACTION = "satisfaction", _("满意度测评")
    POLL = "poll", _("民意调查")
    APPRAISAL_TEAM = "appraisal_team", _("民主测评（领导班子）")
    APPRAISAL_PERSON = "appraisal_person", _("民主测评（干部个人）")


class Scale(models.TextChoices):
    SATISFACTION4 = "satisfaction4", _("满意 / 基本满意 / 不满意 / 不了解")
    APPRAISAL4 = "appraisal4", _("优秀 / 称职 / 基本称职 / 不称职")
    SCORE = "score", _("打分（0–100）")


# the answer values of each scale, in the order shown; ResponseAnswer.value stores the number
SCALE_OPTIONS: dict[str, list[tuple[int, str]]] = {
    Scale.SATISFACTION4: [(1, "满意"), (2, "基本满意"), (3, "不满意"), (4, "不了解")],
    Scale.APPRAISAL4: [(1, "优秀"), (2, "称职"), (3, "基本称职"), (4, "不称职")],
}
DONT_KNOW = 4  # 不了解: left out of the satisfaction rate's denominator
SATISFIED = (1, 2)  # 满意 + 基本满意 (satisfaction4); 优秀 + 称职 (appraisal4)


class SurveyQuerySet(ScopedQuerySet):
    """A survey is read by the issuing unit's subtree and, for viewing, by the units it surveys (their own
    progress: how many codes were used, never which)."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            paths = scope_paths(user, perm_name(self.model, "view"))
            if paths:
                targets = Target.objects.filter(survey=OuterRef("pk")).filter(paths_q("org_unit__path", paths))
                q |= Q(Exists(targets))
        return q


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("测评中")
        CLOSED = "closed", _("已结束")
        ARCHIVED = "archived", _("已归档")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.SATISFACTION)
    title = models.CharField(_("名称"), max_length=200)
    scale = models.CharField(_("评价等次"), max_length=20, choices=Scale.choices, default=Scale.SATISFACTION4)
    instructions = models.TextField(_("填写说明"), blank=True, default="")
    allow_comments = models.BooleanField(_("征求意见建议（文字）"), default=True)
    k_min = models.PositiveSmallIntegerField(_("最少样本数"), default=5,
                                             help_text=_("回答数少于此数的结果不显示（保护填写人）"))
    bottom_n = models.PositiveSmallIntegerField(_("专项检查数（下一级）"), default=3,
                                                help_text=_("测评结束后，下一级地区（如市地）满意度排名最后的几个自动列入专项检查"))
    bottom_n_sub = models.PositiveSmallIntegerField(_("专项检查数（再下一级）"), default=10,
                                                    help_text=_("再下一级地区（如县市区）排名最后的几个列入专项检查"))
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    template_code = models.SlugField(_("模板代码"), max_length=40, blank=True, default="",
                                     help_text=_("同一模板的测评按年度比较（同比）"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    close_digest = models.CharField(_("答卷校验码"), max_length=64, blank=True, default="",
                                    help_text=_("结束时全部答卷的 SM3 摘要（R70），可随时重算核对答卷未被改动"))

    objects = SurveyQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-year", "-id"]
        permissions = [("view_appraisal", _("查看干部个人民主测评结果"))]
        verbose_name = _("测评")
        verbose_name_plural = _("测评")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    @property
    def options(self) -> list[tuple[int, str]]:
        return SCALE_OPTIONS.get(self.scale, [])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def rates_persons(self) -> bool:
        """民主测评 of persons: each aspect is a cadre, rated on the same criteria; their results are restricted."""
        return self.kind == Kind.APPRAISAL_PERSON


class SurveyPart(ScopedQuerySet):
    """Rows that belong to a survey scope through it."""


class TargetPart(ScopedQuerySet):
    """Rows about a rated unit (its code quota, its responses) are read, for viewing, also by that unit's subtree:
    a city sees how many of its codes were used and, after close, how many responses it has — never their content."""

    unit_field = "target__org_unit"

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            q |= paths_q(f"{self.unit_field}__path", scope_paths(user, perm_name(self.model, "view")))
        return q


class Aspect(models.Model):
    """A group of items (方面): 组织工作, 组工干部 … In the appraisal of persons, one cadre: the aspect's items
    are the criteria (德、能、勤、绩、廉、总体评价) that cadre is rated on."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="aspects")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("方面"), max_length=100)
    cadre = models.ForeignKey("people.Cadre", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("被测评干部"))

    objects = SurveyPart.as_manager()
    scope_field = "survey__org_unit"

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("测评方面")
        verbose_name_plural = _("测评方面")

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """One question (测评项目), answered on the survey's scale."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="items", verbose_name=_("方面"))
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    text = models.CharField(_("测评项目"), max_length=300)

    objects = SurveyPart.as_manager()
    scope_field = "survey__org_unit"

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("测评项目")
        verbose_name_plural = _("测评项目")

    def __str__(self) -> str:
        return self.text


class RespondentCategory(models.Model):
    """Who answers (参评人员类别): 党员干部, 群众, 服务对象 … Results can be read per category (k_min applies)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("参评人员类别"), max_length=50)

    objects = SurveyPart.as_manager()
    scope_field = "survey__org_unit"

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="surveys_category_unique_name")]
        verbose_name = _("参评人员类别")
        verbose_name_plural = _("参评人员类别")

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A unit the survey is about and where its codes are handed out: a region rated for satisfaction, or, in the
    appraisal of persons, the unit whose respondents rate the cadres (the cadres are the survey's aspects)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="targets")
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("测评对象（地区、单位）"))
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    objects = SurveyPart.as_manager()
    scope_field = "survey__org_unit"

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "org_unit"], name="surveys_target_unique_unit")]
        verbose_name = _("测评对象")
        verbose_name_plural = _("测评对象")

    def __str__(self) -> str:
        return str(self.org_unit)


class CodeBatch(models.Model):
    """The codes for one target and respondent category: the quota (名额) and how many were issued.
    Used counts come from the codes; nothing records which code was handed to whom."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="batches")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="batches", verbose_name=_("测评对象"))
    category = models.ForeignKey(RespondentCategory, on_delete=models.CASCADE, related_name="batches", verbose_name=_("参评人员类别"))
    quota = models.PositiveIntegerField(_("名额"), default=0)
    issued = models.PositiveIntegerField(_("已生成"), default=0)

    objects = TargetPart.as_manager()
    scope_field = "survey__org_unit"

    class Meta:
        ordering = ["target__order", "target_id", "category__order", "category_id"]
        constraints = [models.UniqueConstraint(fields=["target", "category"], name="surveys_batch_unique")]
        verbose_name = _("测评码名额")
        verbose_name_plural = _("测评码名额")

    def __str__(self) -> str:
        return f"{self.target} · {self.category}"


class BallotCode(models.Model):
    """Eligibility only (R64, R68): the keyed hash of a printed code and whether it was used. Nothing else."""

    batch = models.ForeignKey(CodeBatch, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    objects = SurveyPart.as_manager()
    scope_field = "batch__survey__org_unit"

    class Meta:
        verbose_name = _("测评码")
        verbose_name_plural = _("测评码")

    def __str__(self) -> str:
        return "测评码"


class ResponseStaging(models.Model):
    """A response while the survey is open (R66): random key, no time, never read until close. The answers are
    sealed (SM4-GCM under the field key, ballots.seal): while voting, the row shares its transaction id with the
    spent code, so whoever reads the database then (or a backup of those days) must not read the answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(RespondentCategory, on_delete=models.CASCADE, related_name="+")
    sealed = models.TextField()  # encrypt(JSON {"answers": {item id: value}, "comment": text})

    objects = SurveyPart.as_manager()
    scope_field = "survey__org_unit"

    def __str__(self) -> str:
        return "答卷（待整理）"


class Response(models.Model):
    """A response after close, in random key order (R64, R66). No code, user, address, browser or time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(RespondentCategory, on_delete=models.CASCADE, related_name="+")

    objects = TargetPart.as_manager()
    scope_field = "survey__org_unit"

    def __str__(self) -> str:
        return "答卷"


class ResponseAnswer(models.Model):
    """One answer. Written only by the close (closing.py), from answers checked when they were submitted; its two
    keys have no database constraint, whose check of every row at commit was half of a large close (bench_surveys)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", db_constraint=False)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    value = models.SmallIntegerField()

    objects = SurveyPart.as_manager()
    scope_field = "response__survey__org_unit"

    class Meta:
        indexes = [models.Index(fields=["item", "value"], name="surveys_answer_item_value")]

    def __str__(self) -> str:
        return "回答"


class ResponseText(models.Model):
    """A free-text answer (意见建议), encrypted: the words are what could identify a writer."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, primary_key=True, related_name="text")
    content = models.TextField()  # SM4-GCM (core.crypto)

    objects = SurveyPart.as_manager()
    scope_field = "response__survey__org_unit"

    def __str__(self) -> str:
        return "意见建议"


class Result(models.Model):
    """A figure frozen at close: the count of each answer for one target (or all) × item (or an aspect, or
    overall) × category (or all). `suppressed` cells (n < k_min, and their complements) show 样本不足."""

    # Derived rows, written only by results.compute from the survey's own parts in the same transaction, and only for
    # closed surveys, whose parts can no longer be changed or deleted (the survey's deletion cascades to them). So
    # the four part keys carry no constraint and no index of their own (the cell index below starts with the survey):
    # their checks at commit and their index upkeep cost more than writing the rows (bench_surveys).
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results", db_index=False)
    target = models.ForeignKey(Target, null=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False)
    aspect = models.ForeignKey(Aspect, null=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False)
    item = models.ForeignKey(Item, null=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False)
    category = models.ForeignKey(RespondentCategory, null=True, on_delete=models.DO_NOTHING, related_name="+",
                                 db_constraint=False, db_index=False)
    respondents = models.PositiveIntegerField(default=0)  # responses behind the cell
    counts = models.JSONField(default=dict)  # {value: count}; score scale: {"sum": s, "n": n}
    answered = models.PositiveIntegerField(default=0)  # answers minus 不了解
    satisfied = models.PositiveIntegerField(default=0)
    rate = models.DecimalField(max_digits=7, decimal_places=4, null=True)  # satisfied / answered; mean score for the score scale
    suppressed = models.BooleanField(default=False)
    rank = models.PositiveSmallIntegerField(null=True)  # regions, overall row only

    objects = SurveyPart.as_manager()
    scope_field = "survey__org_unit"

    class Meta:
        indexes = [models.Index(fields=["survey", "target", "aspect", "item", "category"], name="surveys_result_cell")]

    def __str__(self) -> str:
        return "测评结果"


class InspectionQuerySet(ScopedQuerySet):
    """An inspection is read by the organizing unit's subtree and, for viewing, by the inspected region's."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            q |= paths_q(f"{self.region_field}__path", scope_paths(user, perm_name(self.model, "view")))
        return q

    region_field = "region"


class SpecialInspection(models.Model):
    """A special inspection of a region that ranked at the bottom (督导检查 of the lowest cities, 专项检查 of the
    lowest counties): planned automatically when the survey closes, then carried out and recorded."""

    class Kind(models.TextChoices):
        SUPERVISION = "supervision", _("督导检查")
        SPECIAL = "special", _("整改落实专项检查")

    class Status(models.TextChoices):
        PLANNED = "planned", _("待检查")
        DONE = "done", _("已检查")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="inspections")
    region = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("被检查地区"))
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    rank = models.PositiveSmallIntegerField(_("满意度排名"))
    rate = models.DecimalField(_("满意度"), max_digits=7, decimal_places=4, null=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    group = models.CharField(_("检查组"), max_length=200, blank=True, default="")
    done_on = models.DateField(_("检查日期"), null=True, blank=True)
    summary = models.TextField(_("检查情况"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    objects = InspectionQuerySet.as_manager()
    scope_field = "survey__org_unit"

    class Meta:
        ordering = ["survey", "-kind", "-rank", "id"]  # 督导检查 (cities) before 专项检查 (counties)
        constraints = [models.UniqueConstraint(fields=["survey", "region"], name="surveys_inspection_unique_region")]
        verbose_name = _("满意度专项检查")
        verbose_name_plural = _("满意度专项检查")

    def __str__(self) -> str:
        return f"{self.region}{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:inspection_detail", args=[self.pk])


class FindingQuerySet(InspectionQuerySet):
    region_field = "inspection__region"


class InspectionFinding(models.Model):
    """A problem the inspection found (it opens a problem of the region in the rectification ledger, whose measures
    run there) and the rectification suggestions made for it (整改建议, one per line)."""

    inspection = models.ForeignKey(SpecialInspection, on_delete=models.CASCADE, related_name="findings")
    problem = models.OneToOneField("opinions.Problem", on_delete=models.PROTECT, related_name="survey_finding", verbose_name=_("问题"))
    suggestions = models.TextField(_("整改建议"), blank=True, default="")
    suggestion_count = models.PositiveSmallIntegerField(_("建议条数"), default=0)

    objects = FindingQuerySet.as_manager()
    scope_field = "inspection__survey__org_unit"

    class Meta:
        ordering = ["id"]
        verbose_name = _("专项检查发现的问题")
        verbose_name_plural = _("专项检查发现的问题")

    def __str__(self) -> str:
        return str(self.problem)
