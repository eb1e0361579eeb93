"""`zugong demo-accounts`: print the demo accounts and their password."""

from typing import Any

from django.core.management.base import BaseCommand

from zugong.core import demo


class Command(BaseCommand):
    help = "列出演示账号"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"演示账号（密码均为 {demo.DEMO_PASSWORD}）：")
        for a in demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {a.username:<18} {a.description}")
