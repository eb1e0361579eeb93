"""`zugong audit-verify`: walk the hash chain and report any edited or deleted row (exit 1 if any)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zugong.audit.models import ObjectChange
from zugong.audit.services import verify


class Command(BaseCommand):
    help = "校验审计日志哈希链，发现被修改或删除的记录"

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(verify())
        total = ObjectChange.objects.count()
        if problems:
            for p in problems:
                self.stderr.write(p.message)
            raise CommandError(f"审计日志校验失败：{len(problems)} 处异常（共 {total} 条记录）")
        self.stdout.write(f"审计日志完整：{total} 条记录，哈希链校验通过")
