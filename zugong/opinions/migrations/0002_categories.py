from django.db import migrations

CATEGORIES = [
    ("thinking", "思想作风"), ("work_style", "工作作风"), ("efficiency", "工作效率"), ("selection", "选人用人"),
    ("integrity", "廉洁自律"), ("service", "服务基层"), ("other", "其他"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    OpinionCategory = apps.get_model("opinions", "OpinionCategory")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        OpinionCategory.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("opinions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
