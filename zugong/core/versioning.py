"""Optimistic locking: an update applies only if the row still has the version the editor loaded."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from zugong.core.errors import ConflictError


def update_versioned(obj: models.Model, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `obj` and bump its version, or raise ConflictError if someone got there first."""
    model = type(obj)
    attnames = [model._meta.get_field(f).attname for f in fields]  # type: ignore[union-attr]
    values: dict[str, Any] = {a: getattr(obj, a) for a in attnames}
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        **values, version=F("version") + 1
    )
    if updated != 1:
        raise ConflictError()
    obj.version = expected_version + 1  # type: ignore[attr-defined]
