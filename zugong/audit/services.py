"""Writing and verifying the audit chain. `record` is called by every service that changes data."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from zugong.audit import context
from zugong.audit.models import ChainHead, ObjectChange
from zugong.core.bulk import insert_rows
from zugong.core.crypto import chain_mac

# Fields never copied into before/after (secrets, or ciphertext that would leak nothing useful).
REDACTED_SUFFIXES = ("_enc", "password", "_hash")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


@functools.cache
def _snapshot_fields(model: type[models.Model]) -> tuple[tuple[str, str], ...]:
    return tuple((f.name, f.attname) for f in model._meta.concrete_fields
                 if not f.name.endswith(REDACTED_SUFFIXES) and not isinstance(f, models.BinaryField))


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Field values of a model instance for before/after, secrets left out."""
    return {name: _jsonable(getattr(obj, attname)) for name, attname in _snapshot_fields(type(obj))}


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    if before is None or after is None:
        return before, after
    changed = {k for k in after if before.get(k) != after.get(k)}
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def _payload(row: ObjectChange) -> bytes:
    fields = {
        "time": row.time.isoformat(),
        "actor": row.actor_id,
        "actor_name": row.actor_name,
        "org": row.org_unit_id,
        "ip": row.ip,
        "request_id": row.request_id,
        "action": row.action,
        "result": row.result,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "object_repr": row.object_repr,
        "before": row.before,
        "after": row.after,
        "prev": row.prev_mac,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Entry:
    """One audit event before it is chained."""

    action: str
    obj: models.Model | None = None
    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""
    org_unit_id: int | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    result: str = "ok"


def _row(entry: Entry, actor: Any, actor_name: str, now: datetime) -> ObjectChange:
    object_type, object_id, object_repr, org_unit_id = (
        entry.object_type, entry.object_id, entry.object_repr, entry.org_unit_id
    )
    obj = entry.obj
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
        if org_unit_id is None:
            org_unit_id = getattr(obj, "org_unit_id", None)
    before, after = diff(entry.before, entry.after)
    ctx = context.current()
    actor_id = None
    if getattr(actor, "system", False):
        actor_name = actor_name or "system"
    elif actor is not None and getattr(actor, "is_authenticated", False):
        actor_id, actor_name = actor.pk, actor_name or actor.get_username()
    return ObjectChange(
        time=now,
        actor_id=actor_id,
        actor_name=actor_name[:150],
        org_unit_id=org_unit_id,
        ip=ctx.ip if ctx else None,
        request_id=ctx.request_id if ctx else "",
        action=entry.action,
        result=entry.result,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        before=before,
        after=after,
    )


def record_many(entries: list[Entry], *, actor: Any = None, actor_name: str = "") -> list[ObjectChange]:
    """Append rows to the chain under the chain-head lock, in the caller's transaction."""
    if not entries:
        return []
    now = timezone.now()
    # no savepoint of its own: a failure here fails the caller's transaction anyway (3 queries per append:
    # lock the head, insert, move the head; an append costs every audited write in the platform)
    with transaction.atomic(savepoint=False):
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        prev = head.last_mac
        rows = []
        for entry in entries:
            row = _row(entry, actor, actor_name, now)
            row.prev_mac = prev
            row.mac = prev = chain_mac(_payload(row))
            rows.append(row)
        if len(rows) <= 100:
            ObjectChange.objects.bulk_create(rows)  # small appends get their ids back (RETURNING)
            last_id = rows[-1].pk or ObjectChange.objects.filter(mac=prev).values_list("id", flat=True).get()
        else:
            insert_rows(ObjectChange, rows)  # large imports: one executemany per batch
            last_id = ObjectChange.objects.filter(mac=prev).values_list("id", flat=True).get()
        ChainHead.objects.filter(pk=head.pk).update(last_id=last_id, last_mac=prev)
    return rows


def record(*, action: str, actor: Any = None, actor_name: str = "", **fields: Any) -> ObjectChange:
    """Append one row to the chain (see Entry for the fields)."""
    return record_many([Entry(action=action, **fields)], actor=actor, actor_name=actor_name)[0]


@dataclass(frozen=True)
class VerifyProblem:
    row_id: int | None
    message: str


def verify(batch: int = 5000) -> Iterator[VerifyProblem]:
    """Walk the chain in id order; report edited rows, deleted rows and a truncated tail."""
    prev = "0" * 64
    last_id = 0
    # Ids may have gaps (rolled-back transactions consume sequence values): the chain, not the ids, is checked.
    qs = ObjectChange.objects.order_by("id")
    for row in qs.iterator(chunk_size=batch):
        if row.prev_mac != prev:
            yield VerifyProblem(row.pk, f"记录 {row.pk} 的前序哈希与上一条不符（上一条被修改或删除）")
        if chain_mac(_payload(row)) != row.mac:
            yield VerifyProblem(row.pk, f"记录 {row.pk} 的内容与哈希不符（被修改）")
        prev = row.mac
        last_id = row.pk
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_id != last_id or head.last_mac != prev):
        yield VerifyProblem(None, f"链尾应为记录 {head.last_id}，实际为 {last_id}（末尾记录被删除）")
