"""`manage.py end_secondments`: end every secondment whose period is over (run daily); the cadres are 在岗 again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from zugong.people.movements import secondments_end_due


class Command(BaseCommand):
    help = "结束已到期的挂职（按挂职结束日期办结），相关干部恢复在岗"

    def handle(self, *args: Any, **options: Any) -> None:
        n = secondments_end_due()
        self.stdout.write(f"已结束{n}条到期挂职")
