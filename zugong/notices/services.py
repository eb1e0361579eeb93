"""Writes on the inbox: send notices (idempotent by dedupe key), mark them read.

Sending is not audited row by row: a notice is a copy of something already on record (an assignment's
deadline), and the job that sends a batch records one audit entry for it with the counts. Marking one's
own notices read changes no business data, like opening a letter, so it is not audited either.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.core.errors import ValidationError
from zugong.notices.models import DEDUPE_KEY_MAX, MSG_URL, Notice, is_relative_url
from zugong.orgs.models import OrgUnit

MSG_KIND = "未知的消息类型"
MSG_TITLE = "请填写消息标题"
MSG_DEDUPE_KEY = "请提供去重键"


@transaction.atomic
def notify(
    recipients: Iterable[Any], *, org_unit: OrgUnit, kind: str, title: str, body: str = "", url: str = "",
    dedupe_key: str,
) -> int:
    """Send one notice to each recipient that has not yet had one with `dedupe_key`; return how many were sent.

    Recipients are users or user ids. A re-run with the same key sends nothing; a race with a parallel
    run is settled by the (recipient, dedupe_key) unique constraint.
    """
    return len(notify_many([{"recipients": recipients, "org_unit": org_unit, "kind": kind, "title": title, "body": body,
                             "url": url, "dedupe_key": dedupe_key}]))


def _check(item: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if item["kind"] not in Notice.Kind.values:
        errors["kind"] = MSG_KIND
    if not str(item["title"]).strip():
        errors["title"] = MSG_TITLE
    url = item.get("url", "")
    if url and not is_relative_url(url):
        errors["url"] = MSG_URL
    key = str(item["dedupe_key"])
    if not key.strip() or len(key) > DEDUPE_KEY_MAX:
        errors["dedupe_key"] = MSG_DEDUPE_KEY
    if errors:
        raise ValidationError(errors)


def mark_read(user: Any, ids: Iterable[int]) -> int:
    """Mark some of the user's own notices read (other users' ids are ignored); return how many changed."""
    ids = list(ids)
    if not ids:
        return 0
    return Notice.objects.filter(recipient=user, pk__in=ids, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(user: Any) -> int:
    """Mark every unread notice of the user read; return how many changed."""
    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notify_many(items: list[dict[str, Any]]) -> list[Notice]:
    """Several notices in two queries (a deployment tells every receiving unit at once). Each item holds
    notify's keyword arguments; returns the notices sent (those whose recipient had none with the key)."""
    wanted: list[Notice] = []
    now = timezone.now()
    for item in items:
        _check(item)
        for uid in sorted({getattr(r, "pk", r) for r in item["recipients"]} - {None}):
            wanted.append(Notice(recipient_id=uid, org_unit=item["org_unit"], kind=item["kind"], title=item["title"].strip()[:200],
                                 body=item.get("body", ""), url=item.get("url", ""), dedupe_key=item["dedupe_key"], created_at=now))
    if not wanted:
        return []
    keys = {n.dedupe_key for n in wanted}
    already = set(Notice.objects.filter(dedupe_key__in=keys, recipient_id__in={n.recipient_id for n in wanted})
                  .values_list("recipient_id", "dedupe_key"))
    rows = [n for n in wanted if (n.recipient_id, n.dedupe_key) not in already]
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    return rows
