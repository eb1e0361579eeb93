"""Reads of drives, channel records and opinions: always through visible_to."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum

from zugong.opinions.models import COUNT_LABELS, RECORD_KINDS, Channel, ChannelRecord, Drive, Opinion


def drive_summary(user: Any, drive: Drive) -> dict[str, Any]:
    """What the user may see of a drive: per channel kind the records and their totals (one GROUP BY),
    opinions per channel and per category (two GROUP BYs)."""
    records = ChannelRecord.objects.visible_to(user, "view").filter(drive=drive)
    by_kind = {r["kind"]: r for r in records.values("kind").annotate(n=Count("id"), total=Sum("count"), people=Sum("participants"))}
    kinds = [{"kind": k.value, "label": k.label, "count_label": COUNT_LABELS[k], "records": by_kind.get(k, {}).get("n", 0),
              "total": by_kind.get(k, {}).get("total") or 0, "people": by_kind.get(k, {}).get("people") or 0} for k in RECORD_KINDS]
    opinions = Opinion.objects.visible_to(user, "view").filter(drive=drive)
    labels = dict(Channel.choices)
    by_channel = [{"channel": r["channel"], "label": labels.get(r["channel"], r["channel"]), "n": r["n"]}
                  for r in opinions.values("channel").annotate(n=Count("id")).order_by("-n", "channel")]
    by_category = list(opinions.values("category_id", "category__name").annotate(n=Count("id")).order_by("-n", "category_id"))
    return {"kinds": kinds, "by_channel": by_channel, "by_category": by_category, "opinions": sum(r["n"] for r in by_channel)}


def drive_records(user: Any, drive: Drive) -> Any:
    return (ChannelRecord.objects.visible_to(user, "view").filter(drive=drive).select_related("org_unit")
            .prefetch_related("files").order_by("-date", "-id"))
