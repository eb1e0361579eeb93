"""Supervision findings move onto the rectification ledger: each finding without a measure gets one (its status
mapped: 待整改 → 未启动, 整改中 → 整改中, 已整改 → 已销号 on the day it was closed), and its follow-ups
(FindingUpdate) become the measure's history (MeasureUpdate); campaigns then drops FindingUpdate."""

from django.db import migrations

STATUS = {"open": "planned", "rectifying": "in_progress", "done": "closed"}


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    Finding = apps.get_model("campaigns", "Finding")
    FindingUpdate = apps.get_model("campaigns", "FindingUpdate")
    Measure = apps.get_model("opinions", "Measure")
    MeasureUpdate = apps.get_model("opinions", "MeasureUpdate")
    for f in Finding.objects.filter(measures__isnull=True).select_related("inspection").order_by("id"):
        updates = list(FindingUpdate.objects.filter(finding=f).order_by("created_at", "id"))
        status = STATUS.get(f.status, "planned")
        last = updates[-1] if updates else None
        m = Measure.objects.create(
            finding=f, org_unit_id=f.org_unit_id, content=f.suggestion or f"整改：{f.content}",
            planned_on=(f.inspection.date or f.created_at.date()), deadline=f.deadline, status=status,
            progress=100 if status == "closed" else (50 if status == "in_progress" else 0),
            completed_on=f.closed_on if status == "closed" else None, accepted_on=f.closed_on if status == "closed" else None,
            accepted_by_id=last.author_id if status == "closed" and last else None, created_by_id=f.inspection.created_by_id)
        for u in updates:
            MeasureUpdate.objects.create(measure=m, kind="accept" if u.status == "done" else "progress", date=u.created_at.date(),
                                         text=u.text, progress=100 if u.status == "done" else None, author_id=u.author_id)


class Migration(migrations.Migration):
    dependencies = [("opinions", "0004_ledger"), ("campaigns", "0003_campaign_files_assignment_campaign_and_more")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
