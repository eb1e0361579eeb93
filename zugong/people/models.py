"""The cadre roster (组工干部名册) and movements (选调、公开竞岗、轮岗、交流、挂职 ...)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet, path_lookup, paths_q


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class PoliticalStatus(models.TextChoices):
    MEMBER = "member", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    LEAGUE = "league", _("共青团员")
    DEMOCRATIC = "democratic", _("民主党派")
    MASSES = "masses", _("群众")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("中专及以下")


class Degree(models.TextChoices):
    DOCTOR = "doctor", _("博士")
    MASTER = "master", _("硕士")
    BACHELOR = "bachelor", _("学士")
    NONE = "none", _("无学位")


class Rank(models.TextChoices):
    BUREAU = "bureau", _("厅局级")
    DIVISION_CHIEF = "division_chief", _("县处级正职")
    DIVISION_DEPUTY = "division_deputy", _("县处级副职")
    INSPECTOR = "inspector", _("调研员")
    SECTION_CHIEF = "section_chief", _("乡科级正职")
    SECTION_DEPUTY = "section_deputy", _("乡科级副职")
    PRINCIPAL = "principal", _("主任科员")
    STAFF = "staff", _("科员")
    PROBATION = "probation", _("试用期")


class CadreStatus(models.TextChoices):
    ACTIVE = "active", _("在岗")
    SECONDED = "seconded", _("挂职")
    LOANED = "loaned", _("借调")
    TRANSFERRED = "transferred", _("调出")
    RETIRED = "retired", _("退休")


AGE_BANDS: list[tuple[str, str, int, int]] = [
    ("-30", "30岁及以下", 0, 30),
    ("31-40", "31-40岁", 31, 40),
    ("41-50", "41-50岁", 41, 50),
    ("51-", "51岁及以上", 51, 200),
]


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class Cadre(models.Model):
    """A 组工干部. ID number and phone are encrypted at rest; lists show the masked forms."""

    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(_("姓名全拼"), max_length=120, db_index=True)
    name_initials = models.CharField(_("姓名简拼"), max_length=30, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    id_number_enc = models.TextField(_("身份证号（密文）"))
    id_number_hash = models.CharField(_("身份证号索引"), max_length=64, unique=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18)
    birth_date = models.DateField(_("出生日期"), db_index=True)
    phone_enc = models.TextField(_("手机号（密文）"), blank=True, default="")
    phone_masked = models.CharField(_("手机号"), max_length=20, blank=True, default="")
    political_status = models.CharField(_("政治面貌"), max_length=20, choices=PoliticalStatus.choices)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    degree = models.CharField(_("学位"), max_length=20, choices=Degree.choices, default=Degree.NONE)
    position = models.CharField(_("职务"), max_length=100, blank=True, default="")
    rank = models.CharField(_("职级"), max_length=20, choices=Rank.choices)
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="cadres", verbose_name=_("所在单位")
    )
    office = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="office_cadres",
        verbose_name=_("所在科室"),
    )
    work_start_date = models.DateField(_("从事组织工作时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=CadreStatus.choices, default=CadreStatus.ACTIVE)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cadre",
        verbose_name=_("系统账号"), help_text=_("本人登录后可参加考试、查看积分卡"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["org_unit__path", "name_pinyin", "id"]
        verbose_name = _("组工干部")
        verbose_name_plural = _("组工干部")
        indexes = [
            # covering on PostgreSQL: headcount and education figures per unit come from the index alone
            # (docs/benchmarks.md, national scale); a plain index elsewhere
            models.Index(fields=["org_unit", "status"], include=["education", "work_start_date"], name="people_cadre_org_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:cadre_detail", args=[self.pk])


class SecondmentDirection(models.TextChoices):
    UP = "up", _("上挂")
    DOWN = "down", _("下派")
    LATERAL = "lateral", _("横向")


class StepResult(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class BorrowedPermQuerySet(ScopedQuerySet):
    """Rows guarded by another people model's permissions (`perm_model`): the reserve pool is read and kept with the
    roster's permissions (people.view_cadre / change_cadre), a selection's steps with the movements' ones."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        perm = f"people.{action}_{self.model.perm_model}"  # type: ignore[attr-defined]
        return paths_q(path_lookup(self.model), scope_paths(user, perm))


class Movement(models.Model):
    """A movement in a cadre's career, recorded by the unit where it happened (feeds the indicators).

    The values the cadre had before (from_*) and the new ones the kind implies (to_*) are kept on the record, so the
    cadre's page shows a history; a secondment has a direction, a host unit and a period (ended_on once back)."""

    class Kind(models.TextChoices):
        SELECTION = "selection", _("选调")
        COMPETITION = "competition", _("公开竞岗")
        ROTATION = "rotation", _("轮岗")
        EXCHANGE = "exchange", _("对内交流")
        EXCHANGE_OUT = "exchange_out", _("对外交流")
        SECONDMENT = "secondment", _("挂职")
        PROMOTION = "promotion", _("晋升")
        TRANSFER_OUT = "transfer_out", _("调出")
        RETIREMENT = "retirement", _("退休")

    class State(models.TextChoices):
        DONE = "done", _("已完成")
        IN_PROGRESS = "in_progress", _("进行中")
        FAILED = "failed", _("未通过")

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="movements", verbose_name=_("干部"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"), db_index=True)
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="movements", verbose_name=_("登记单位")
    )
    state = models.CharField(_("办理状态"), max_length=20, choices=State.choices, default=State.DONE)
    destination = models.CharField(_("去向/来源"), max_length=100, blank=True, default="")
    note = models.CharField(_("备注"), max_length=200, blank=True, default="")
    from_unit = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("原单位"))
    from_office = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("原科室"))
    from_position = models.CharField(_("原职务"), max_length=100, blank=True, default="")
    from_rank = models.CharField(_("原职级"), max_length=20, choices=Rank.choices, blank=True, default="")
    from_status = models.CharField(_("原状态"), max_length=20, choices=CadreStatus.choices, blank=True, default="")
    to_unit = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("新单位"))
    to_office = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("新科室"))
    to_position = models.CharField(_("新职务"), max_length=100, blank=True, default="")
    to_rank = models.CharField(_("新职级"), max_length=20, choices=Rank.choices, blank=True, default="")
    direction = models.CharField(_("挂职方向"), max_length=10, choices=SecondmentDirection.choices, blank=True, default="")
    host_unit = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("挂职单位（系统内）"))
    host_unit_name = models.CharField(_("挂职单位"), max_length=100, blank=True, default="")
    period_start = models.DateField(_("挂职开始"), null=True, blank=True)
    period_end = models.DateField(_("挂职结束"), null=True, blank=True, db_index=True)
    ended_on = models.DateField(_("实际结束"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("登记人"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            # movement figures per unit and period, by kind, from the index alone (PostgreSQL)
            models.Index(fields=["org_unit", "date"], include=["kind"], name="people_movement_org_date_idx"),
        ]
        verbose_name = _("干部变动")
        verbose_name_plural = _("干部变动")

    def __str__(self) -> str:
        return f"{self.cadre.name} {self.get_kind_display()} {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("people:cadre_detail", args=[self.cadre_id]) + f"#movement-{self.pk}"

    @property
    def host(self) -> str:
        return self.host_unit.name if self.host_unit_id and self.host_unit else self.host_unit_name

    def summary(self) -> str:
        """What changed, in one Chinese line (the timeline and the list)."""
        parts: list[str] = []
        if self.kind == self.Kind.SECONDMENT:
            if self.direction:
                parts.append(self.get_direction_display())
            if self.host:
                parts.append(f"到{self.host}")
            if self.period_start and self.period_end:
                parts.append(f"{self.period_start:%Y-%m-%d}至{self.period_end:%Y-%m-%d}")
            if self.ended_on:
                parts.append(f"已于{self.ended_on:%Y-%m-%d}结束")
        unit_from = self.from_unit.name if self.from_unit_id and self.from_unit else ""
        if self.to_unit_id and self.to_unit_id != self.from_unit_id and self.to_unit:
            parts.append(f"{unit_from or '原单位'}→{self.to_unit.name}")
        if self.to_office_id and self.to_office_id != self.from_office_id and self.to_office:
            parts.append(f"科室→{self.to_office.name}")
        if self.to_position and self.to_position != self.from_position:
            parts.append(f"职务{self.from_position or '-'}→{self.to_position}")
        if self.to_rank and self.to_rank != self.from_rank:
            old = Rank(self.from_rank).label if self.from_rank in Rank.values else "-"
            parts.append(f"职级{old}→{Rank(self.to_rank).label}")
        parts += [x for x in (self.destination, self.note) if x]
        return "，".join(str(p) for p in parts)


class SelectionProcess(models.Model):
    """The steps of a 选调 (考试、考察、试用): the movement is done when the probation is passed."""

    movement = models.OneToOneField(Movement, on_delete=models.CASCADE, related_name="selection_process", verbose_name=_("选调"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("登记单位"))
    exam_date = models.DateField(_("考试日期"), null=True, blank=True)
    exam_score = models.DecimalField(_("考试成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    inspection_date = models.DateField(_("考察日期"), null=True, blank=True)
    inspection_result = models.CharField(_("考察结果"), max_length=10, choices=StepResult.choices, blank=True, default="")
    inspection_note = models.CharField(_("考察意见"), max_length=200, blank=True, default="")
    probation_start = models.DateField(_("试用开始"), null=True, blank=True)
    probation_end = models.DateField(_("试用结束"), null=True, blank=True)
    probation_result = models.CharField(_("试用结果"), max_length=10, choices=StepResult.choices, blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = BorrowedPermQuerySet.as_manager()
    scope_field = "org_unit"
    perm_model = "movement"

    class Meta:
        verbose_name = _("选调考察记录")
        verbose_name_plural = _("选调考察记录")

    def __str__(self) -> str:
        return f"选调考察记录 #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("people:cadre_detail", args=[self.movement.cadre_id]) + f"#movement-{self.movement_id}"

    def steps(self) -> list[dict[str, str]]:
        """考试 → 考察 → 试用, each done / failed / current / waiting, with what was recorded."""
        def state(done: bool, failed: bool, started: bool) -> str:
            return "failed" if failed else "done" if done else "current" if started else "waiting"

        exam_done = self.exam_score is not None
        insp_done = self.inspection_result == StepResult.PASS
        insp_failed = self.inspection_result == StepResult.FAIL
        prob_done = self.probation_result == StepResult.PASS
        prob_failed = self.probation_result == StepResult.FAIL
        return [
            {"key": "exam", "label": "考试", "state": state(exam_done, False, True),
             "text": f"{self.exam_date:%Y-%m-%d} 成绩 {self.exam_score} 分" if exam_done and self.exam_date else ""},
            {"key": "inspection", "label": "考察", "state": state(insp_done, insp_failed, exam_done),
             "text": " ".join(x for x in (f"{self.inspection_date:%Y-%m-%d}" if self.inspection_date else "",
                                          self.get_inspection_result_display(), self.inspection_note) if x)},
            {"key": "probation", "label": "试用", "state": state(prob_done, prob_failed, insp_done),
             "text": " ".join(x for x in (
                 f"{self.probation_start:%Y-%m-%d}至{self.probation_end:%Y-%m-%d}" if self.probation_start and self.probation_end else "",
                 self.get_probation_result_display()) if x)},
        ]


class ReserveStatus(models.TextChoices):
    IN_POOL = "in_pool", _("在库")
    USED = "used", _("已使用")
    LEFT = "left", _("退出")


class ReservePoolEntry(models.Model):
    """A cadre in the unit's 后备组工干部人才库: since when, for which post or level, and whether still in it."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="reserve_entries", verbose_name=_("干部"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="reserve_entries", verbose_name=_("所属单位"))
    since = models.DateField(_("入库时间"))
    recommended_post = models.CharField(_("拟推荐岗位"), max_length=100, blank=True, default="")
    recommended_rank = models.CharField(_("拟推荐职级"), max_length=20, choices=Rank.choices, blank=True, default="")
    note = models.CharField(_("备注"), max_length=200, blank=True, default="")
    status = models.CharField(_("状态"), max_length=10, choices=ReserveStatus.choices, default=ReserveStatus.IN_POOL)
    left_on = models.DateField(_("出库时间"), null=True, blank=True)
    left_reason = models.CharField(_("出库原因"), max_length=200, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("登记人"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = BorrowedPermQuerySet.as_manager()
    scope_field = "org_unit"
    perm_model = "cadre"

    class Meta:
        ordering = ["org_unit__path", "-since", "id"]
        verbose_name = _("后备组工干部")
        verbose_name_plural = _("后备组工干部人才库")
        constraints = [
            models.UniqueConstraint(fields=["cadre"], condition=Q(status="in_pool"), name="people_reserve_one_open_per_cadre"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name}（{self.get_status_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("people:cadre_detail", args=[self.cadre_id]) + "#reserve"
