"""The cadre roster (组工干部名册) and movements (选调、公开竞岗、轮岗、交流、挂职 ...)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


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


class Movement(models.Model):
    """A movement in a cadre's career, recorded by the unit where it happened (feeds the indicators)."""

    class Kind(models.TextChoices):
        SELECTION = "selection", _("选调")
        COMPETITION = "competition", _("公开竞岗")
        ROTATION = "rotation", _("轮岗")
        EXCHANGE = "exchange", _("交流")
        SECONDMENT = "secondment", _("挂职")
        TRANSFER_OUT = "transfer_out", _("调出")
        RETIREMENT = "retirement", _("退休")

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="movements", verbose_name=_("干部"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"), db_index=True)
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="movements", verbose_name=_("登记单位")
    )
    destination = models.CharField(_("去向/来源"), max_length=100, blank=True, default="")
    note = models.CharField(_("备注"), max_length=200, blank=True, default="")
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
