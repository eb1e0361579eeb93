"""FilterSet base: takes the request so choice fields list only what the user may see."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q

from zugong.orgs.models import OrgUnit


class ScopedFilterSet(django_filters.FilterSet):
    def __init__(self, data: Any = None, queryset: Any = None, *, request: Any = None, prefix: str | None = None) -> None:
        super().__init__(data=data, queryset=queryset, request=request, prefix=prefix)
        self.user = getattr(request, "user", None)
        for name, f in self.filters.items():
            if isinstance(f, SubtreeFilter):
                self.form.fields[name].queryset = OrgUnit.objects.visible_to(self.user, "view").filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE)


class SubtreeFilter(django_filters.ModelChoiceFilter):
    """`?org=ID`: rows in that unit's subtree (the unit must be visible to the user)."""

    user: Any = None

    def __init__(self, *args: Any, path_lookup: str = "org_unit__path", **kwargs: Any) -> None:
        kwargs.setdefault("queryset", OrgUnit.objects.none())
        kwargs.setdefault("label", "单位（含下级）")
        kwargs.setdefault("empty_label", "全部单位")
        self.path_lookup = path_lookup
        super().__init__(*args, **kwargs)

    def filter(self, qs: Any, value: Any) -> Any:
        if not value:
            return qs
        return qs.filter(Q(**{f"{self.path_lookup}__startswith": value.path}))
