"""The point rules the platform ships with (the data migrations seed them; `ensure_rules` puts back the ones
a flushed test database lost). Editing a rule's points or caps happens on the rules page, not here."""

from __future__ import annotations

from decimal import Decimal

# code, name, category, points, daily cap, yearly cap, decay, description
RULES: list[tuple[str, str, str, str, str | None, str | None, list[str], str]] = [
    ("learning.study_attended", "参加学习活动", "学", "1", "2", "40", [], "参加中心组学习、党课、报告会等，每次1分，每日最多2分，每年最多40分"),
    ("learning.training_completed", "培训结业", "学", "5", None, "30", [], "参加培训班并结业，每期5分，每年最多30分"),
    ("learning.exam_passed", "考试合格", "考", "10", None, "30", ["10", "6", "3"],
     "知识测试合格：第一次作答合格10分，第二次6分，第三次及以后3分；每年最多30分"),
    ("learning.essay_first", "征文获一等奖", "评", "20", None, None, [], "征文活动获一等奖，每篇20分"),
    ("learning.essay_second", "征文获二等奖", "评", "15", None, None, [], "征文活动获二等奖，每篇15分"),
    ("learning.essay_third", "征文获三等奖", "评", "10", None, None, [], "征文活动获三等奖，每篇10分"),
    ("learning.essay_excellence", "征文获优秀奖", "评", "5", None, None, [], "征文活动获优秀奖，每篇5分"),
    ("learning.writing_reviewed", "提交学习心得材料", "学", "2", None, "24", [],
     "读书笔记、党性分析材料、心得体会经审阅（已阅）后每份2分，每年最多24分"),
]


def ensure_rules() -> None:
    from zugong.points.models import PointRule

    for order, (code, name, category, points, daily, yearly, decay, description) in enumerate(RULES, start=1):
        PointRule.objects.get_or_create(code=code, defaults={
            "name": name, "category": category, "points": Decimal(points), "daily_cap": Decimal(daily) if daily else None,
            "yearly_cap": Decimal(yearly) if yearly else None, "decay": decay, "description": description, "order": order * 10})
