"""Scoped querysets: `Model.objects.visible_to(user, action)` is the one read path (DESIGN.md §5.2).

A model says where its org unit is with `scope_field` ("org_unit", or "path" on OrgUnit itself).
A grant on a unit covers its subtree, so scope is a prefix filter on the materialized path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from zugong.accounts.models import User


def perm_name(model: type[models.Model], action: str) -> str:
    """The permission string for an action on a model: `people.view_cadre`."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def path_lookup(model: type[models.Model]) -> str:
    field = getattr(model, "scope_field", None)
    if field is None:
        raise TypeError(f"{model.__name__} declares no scope_field")
    return "path" if field == "path" else f"{field}__path"


def paths_q(lookup: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{lookup}__startswith": p})
    return q


class ScopedQuerySet(models.QuerySet[Any]):
    """QuerySet whose rows belong to org units; filters them to a user's grants."""

    def visible_to(self, user: User | Any, action: str = "view") -> ScopedQuerySet:
        return self.filter(self.scope_q(user, action))

    def scope_q(self, user: User | Any, action: str = "view") -> Q:
        """The role-scope condition (matches nothing without a grant); querysets that open rows by other
        rules as well (campaign participants, supervision groups) OR their rule onto it."""
        from zugong.accounts.access import scope_paths

        return paths_q(path_lookup(self.model), scope_paths(user, perm_name(self.model, action)))

    def in_subtree(self, path: str) -> ScopedQuerySet:
        return self.filter(**{f"{path_lookup(self.model)}__startswith": path})
