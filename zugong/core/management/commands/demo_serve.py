"""`zugong demo-serve`: migrate, load the demo province when the database is empty, print the demo
accounts and serve — in one process, so a second `./dev demo` starts in a few seconds."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动演示：迁移数据库、首次载入演示数据、列出演示账号并启动服务"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", help="host:port")
        parser.add_argument("--scale", choices=["small", "province"], default="small")

    def handle(self, *args: Any, addrport: str, scale: str, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("demo_data", scale=scale, if_empty=True)
        call_command("demo_accounts")
        self.stdout.write(self.style.SUCCESS(f"组工平台演示：http://{addrport}/"))
        call_command("runserver", addrport, use_reloader=False)
