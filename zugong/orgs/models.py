"""The org tree: departments, affiliated units, zones and internal offices (DESIGN.md §5.1).

Materialized path: each level adds STEP characters, so a subtree is one indexed prefix filter and
the per-child breakdown of an aggregate is one GROUP BY on a path prefix.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet

STEP = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def encode_step(n: int) -> str:
    if not 0 <= n < len(ALPHABET) ** STEP:
        raise ValueError("too many children under one unit")
    out = ""
    for _i in range(STEP):
        n, r = divmod(n, len(ALPHABET))
        out = ALPHABET[r] + out
    return out


def decode_step(s: str) -> int:
    n = 0
    for ch in s:
        n = n * len(ALPHABET) + ALPHABET.index(ch)
    return n


class OrgUnit(models.Model):
    """A node of the org tree. Business data belongs to a unit; grants on a unit cover its subtree."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("省级组织部")
        CITY = "city", _("市级组织部")
        COUNTY = "county", _("县级组织部")
        AFFILIATED = "affiliated", _("直属单位组织人事部门")
        ZONE = "zone", _("管理区/开发区")
        OFFICE = "office", _("内设科室")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    division_code = models.CharField(_("行政区划代码"), max_length=6, blank=True, default="")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级单位")
    )
    path = models.CharField(max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField(_("层级"))
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "path"

    class Meta:
        ordering = ["path"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.UniqueConstraint(
                fields=["division_code"],
                condition=~models.Q(division_code="") & ~models.Q(kind="office"),
                name="orgs_orgunit_division_code_unique",
                violation_error_message=_("该行政区划代码已被其他单位使用"),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="orgs_orgunit_sibling_name_unique",
                violation_error_message=_("同一上级单位下已有同名单位"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:unit", args=[self.pk])

    @property
    def level_label(self) -> str:
        return str(self.get_kind_display())

    def ancestor_paths(self) -> list[str]:
        return [self.path[: i * STEP] for i in range(1, self.depth)]
