"""Reads for the roster: dashboard figures and a cadre's history. All through visible_to."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.orgs.models import STEP, OrgUnit
from zugong.people.filtersets import age_band_q
from zugong.people.models import AGE_BANDS, Cadre, CadreStatus, Education, Movement

ON_ROLL = [CadreStatus.ACTIVE, CadreStatus.SECONDED, CadreStatus.LOANED]


def cadres_in(user: Any, unit: OrgUnit) -> Any:
    return Cadre.objects.visible_to(user, "view").filter(org_unit__path__startswith=unit.path)


def headcount_by_child(user: Any, unit: OrgUnit) -> list[dict[str, Any]]:
    """Headcount on the roll per direct child of `unit` (offices folded into their department),
    in one GROUP BY on the child-level path prefix; the unit's own staff are listed as 本级."""
    prefix_len = len(unit.path) + STEP
    rows = (
        cadres_in(user, unit)
        .filter(status__in=ON_ROLL)
        .annotate(prefix=Substr("org_unit__path", 1, prefix_len))
        .values("prefix")
        .annotate(n=Count("id"))
    )
    counts = {r["prefix"]: r["n"] for r in rows}
    children = OrgUnit.objects.filter(parent=unit, is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).order_by("order", "path")
    result = [{"id": c.pk, "name": c.name, "value": counts.get(c.path, 0)} for c in children]
    own = sum(n for p, n in counts.items() if len(p) < prefix_len)
    offices = OrgUnit.objects.filter(parent=unit, kind=OrgUnit.Kind.OFFICE).values_list("path", flat=True)
    own += sum(counts.get(p, 0) for p in offices)
    if own:
        result.insert(0, {"id": unit.pk, "name": "本级", "value": own})
    return result


def roster_profile(user: Any, unit: OrgUnit) -> dict[str, Any]:
    """Age bands, education and status of the subtree's roster, in one query each."""
    qs = cadres_in(user, unit)
    today = timezone.localdate()
    on_roll = qs.filter(status__in=ON_ROLL)
    ages = on_roll.aggregate(**{key: Count("id", filter=age_band_q(key, today)) for key, *_ in AGE_BANDS})
    edu = dict(on_roll.values_list("education").annotate(n=Count("id")).values_list("education", "n"))
    status = dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "total": sum(status.get(s, 0) for s in ON_ROLL),
        "ages": [{"name": label, "value": ages[key]} for key, label, *_ in AGE_BANDS],
        "education": [{"name": str(label), "value": edu.get(code, 0)} for code, label in Education.choices],
        "status": [{"name": str(label), "value": status.get(code, 0)} for code, label in CadreStatus.choices],
    }


def movements_this_year(user: Any, unit: OrgUnit) -> list[dict[str, Any]]:
    year = timezone.localdate().year
    rows = dict(
        Movement.objects.visible_to(user, "view")
        .filter(org_unit__path__startswith=unit.path, date__year=year)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    codes: dict[str, str] = {Movement.Kind.SECONDMENT: "people.movements_secondment_all"}  # every secondment, as counted here
    return [{"name": str(label), "value": rows.get(code, 0), "indicator": codes.get(code, f"people.movements_{code}"),
             "start": f"{year}-01-01"} for code, label in Movement.Kind.choices]


def _label(field: str) -> str:
    try:
        return str(Cadre._meta.get_field(field).verbose_name)  # type: ignore[union-attr]
    except Exception:
        return field


def cadre_timeline(user: Any, cadre: Cadre) -> list[dict[str, Any]]:
    """Changes (from the audit log) and movements, newest first."""
    events: list[dict[str, Any]] = []
    for m in Movement.objects.visible_to(user, "view").filter(cadre=cadre).select_related(
        "from_unit", "from_office", "to_unit", "to_office", "host_unit"
    ):
        label = m.get_kind_display() + ("" if m.state == Movement.State.DONE else f"（{m.get_state_display()}）")
        events.append({"when": m.date, "sort": (m.date.isoformat(), 1), "label": label, "text": m.summary(),
                       "kind": "movement", "anchor": f"movement-{m.pk}"})
        if m.ended_on:
            events.append({"when": m.ended_on, "sort": (m.ended_on.isoformat(), 2), "label": "挂职结束",
                           "text": f"{m.host}挂职结束，恢复在岗" if m.host else "挂职结束，恢复在岗", "kind": "movement"})
    changes = ObjectChange.objects.filter(object_type="people.cadre", object_id=str(cadre.pk)).filter(
        ~Q(action="cadre.pii_revealed")
    )[:50]
    labels = {"cadre.created": "建档", "cadre.updated": "信息修改", "cadre.imported": "导入建档", "cadre.import_updated": "导入更新",
              "cadre.user_linked": "关联系统账号"}
    for c in changes:
        local = timezone.localtime(c.time)
        names = sorted((c.after or {}).keys() - {"updated_at", "version", "name_pinyin", "name_initials", "id_number_masked", "phone_masked"})
        fields = "、".join(str(_label(f)) for f in names)
        events.append({"when": local, "sort": (local.date().isoformat(), 0), "label": labels.get(c.action, c.action),
                       "text": f"{c.actor_name}" + (f"：{fields}" if c.action.endswith("updated") and fields else ""), "kind": "change"})
    imported = (
        ObjectChange.objects.filter(action="cadre.imported", time__gte=cadre.created_at - timedelta(minutes=5))
        .order_by("id")
        .only("time", "actor_name", "after")[:50]
    )
    batch = next((r for r in imported if cadre.pk in (r.after or {}).get("ids", [])), None)
    if batch is not None:
        local = timezone.localtime(batch.time)
        events.append({"when": local, "sort": (local.date().isoformat(), -1), "label": "导入建档", "text": batch.actor_name, "kind": "change"})
    elif not any(c.action == "cadre.created" for c in changes):
        # Records that predate the change log (seeded or migrated) still show when they were filed.
        local = timezone.localtime(cadre.created_at)
        events.append({"when": local, "sort": (local.date().isoformat(), -1), "label": "建档", "text": "", "kind": "change"})
    events.sort(key=lambda e: e["sort"], reverse=True)
    return events


def cadre_of(user: Any) -> Cadre | None:
    """The roster entry linked to a signed-in account (the person taking exams, reading their card), if any."""
    if not getattr(user, "pk", None):
        return None
    return Cadre.objects.filter(user_id=user.pk).select_related("org_unit").first()
