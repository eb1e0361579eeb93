from django.db import migrations

KINDS = [
    ("central_group", "中心组学习"), ("collective", "集中学习"), ("lecture", "报告会"), ("party_lecture", "党课"),
    ("discussion", "座谈讨论"), ("reading", "读书会"), ("warning", "警示教育"), ("tradition", "革命传统教育"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    StudyKind = apps.get_model("learning", "StudyKind")
    for order, (code, name) in enumerate(KINDS, start=1):
        StudyKind.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
