"""One FilterSet for the project list, shared by the page, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q

from zugong.core.filters import ScopedFilterSet, SubtreeFilter
from zugong.projects.models import Program, Project, ProjectStatus

KINDS = [("menu", "认领清单项目"), ("claimed", "认领的项目"), ("own", "本单位自定项目")]


class ProjectFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="项目名称")
    org = SubtreeFilter(field_name="org_unit")
    program = django_filters.ModelChoiceFilter(queryset=Program.objects.none(), label="所属工程", empty_label="全部工程")
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label="状态", empty_label="全部状态")
    kind = django_filters.ChoiceFilter(choices=KINDS, method="filter_kind", label="类别", empty_label="全部类别")
    overdue = django_filters.ChoiceFilter(choices=[("1", "逾期")], method="filter_overdue", label="逾期", empty_label="不限")

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.form.fields["program"]
        f.queryset = Program.objects.visible_to(self.user, "view").select_related("org_unit")

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(title__icontains=value.strip()) if value.strip() else qs

    def filter_kind(self, qs: Any, name: str, value: str) -> Any:
        if value == "menu":
            return qs.filter(claimable=True)
        if value == "claimed":
            return qs.filter(parent__isnull=False)
        if value == "own":
            return qs.filter(parent__isnull=True, claimable=False)
        return qs

    def filter_overdue(self, qs: Any, name: str, value: str) -> Any:
        return qs.overdue() if value == "1" else qs


def overdue_ids(qs: Any) -> set[int]:
    """Which of the rows on a page are overdue (one query)."""
    return set(Project.objects.filter(pk__in=[p.pk for p in qs]).overdue().values_list("pk", flat=True))


__all__ = ["ProjectFilterSet", "Q", "overdue_ids"]
