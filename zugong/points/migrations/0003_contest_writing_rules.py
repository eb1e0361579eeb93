from decimal import Decimal

from django.db import migrations

RULES = [
    # code, name, category, points, yearly cap, description
    ("learning.essay_first", "征文获一等奖", "评", "20", None, "征文活动获一等奖，每篇20分"),
    ("learning.essay_second", "征文获二等奖", "评", "15", None, "征文活动获二等奖，每篇15分"),
    ("learning.essay_third", "征文获三等奖", "评", "10", None, "征文活动获三等奖，每篇10分"),
    ("learning.essay_excellence", "征文获优秀奖", "评", "5", None, "征文活动获优秀奖，每篇5分"),
    ("learning.writing_reviewed", "提交学习心得材料", "学", "2", "24",
     "读书笔记、党性分析材料、心得体会经审阅（已阅）后每份2分，每年最多24分"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    PointRule = apps.get_model("points", "PointRule")
    for order, (code, name, category, points, yearly, description) in enumerate(RULES, start=4):
        PointRule.objects.get_or_create(code=code, defaults={
            "name": name, "category": category, "points": Decimal(points), "yearly_cap": Decimal(yearly) if yearly else None,
            "description": description, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("points", "0002_rules")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
