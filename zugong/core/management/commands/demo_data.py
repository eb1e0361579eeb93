"""`zugong demo-data --scale small|province`: load the deterministic demo province."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zugong.core import demo


class Command(BaseCommand):
    help = "载入演示数据：黑龙江省（13个市地及其县区）的组织部门、组工干部和演示账号"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=["small", "province"], default="small")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有单位时什么也不做")

    def handle(self, *args: Any, scale: str, if_empty: bool, **options: Any) -> None:
        from zugong.orgs.models import OrgUnit

        if OrgUnit.objects.exists():
            if if_empty:
                return
            raise CommandError("数据库中已有单位数据；演示数据只能载入空数据库")
        self.stdout.write(f"正在载入演示数据（{scale}）…")
        counts = demo.load(scale=scale)
        self.stdout.write(f"已载入：{counts['cities']} 个市地、{counts['counties']} 个县（市、区）、{counts['cadres']} 名组工干部")
