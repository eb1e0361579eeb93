from decimal import Decimal

from django.db import migrations

RULES = [
    # code, name, category, points, daily cap, yearly cap, decay, description
    ("learning.study_attended", "参加学习活动", "学", "1", "2", "40", [], "参加中心组学习、党课、报告会等，每次1分，每日最多2分，每年最多40分"),
    ("learning.training_completed", "培训结业", "学", "5", None, "30", [], "参加培训班并结业，每期5分，每年最多30分"),
    ("learning.exam_passed", "考试合格", "考", "10", None, "30", ["10", "6", "3"],
     "知识测试合格：第一次作答合格10分，第二次6分，第三次及以后3分；每年最多30分"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    PointRule = apps.get_model("points", "PointRule")
    for order, (code, name, category, points, daily, yearly, decay, description) in enumerate(RULES, start=1):
        PointRule.objects.get_or_create(code=code, defaults={
            "name": name, "category": category, "points": Decimal(points), "daily_cap": Decimal(daily) if daily else None,
            "yearly_cap": Decimal(yearly) if yearly else None, "decay": decay, "description": description, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("points", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
