"""`zugong create-admin --role sysadmin|secadmin|auditor --username NAME [--full-name 姓名]`

Creates a 三员 account, or resets its password (--reset). Run on the server console: no 三员 can make
or reset another through the web (R10). The password is asked for twice and never echoed."""

import sys
from getpass import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zugong.accounts import services
from zugong.accounts.access import SYSTEM
from zugong.accounts.models import User
from zugong.core.errors import ValidationError


class Command(BaseCommand):
    help = "创建三员账号（系统管理员、安全管理员、审计管理员）或重置其密码"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--role", choices=["sysadmin", "secadmin", "auditor"], required=True)
        parser.add_argument("--username", required=True)
        parser.add_argument("--full-name", default="")
        parser.add_argument("--reset", action="store_true", help="重置已有三员账号的密码")
        parser.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        first = getpass("密码：")
        if first != getpass("再次输入密码："):
            raise CommandError("两次输入的密码不一致")
        return first

    def handle(self, *args: Any, role: str, username: str, full_name: str, reset: bool, password_stdin: bool, **options: Any) -> None:
        password = self._password(password_stdin)
        try:
            with transaction.atomic():
                if reset:
                    user = User.objects.filter(username=username, admin_role=role).first()
                    if user is None:
                        raise CommandError(f"没有用户名为 {username} 的{dict(User.AdminRole.choices)[role]}账号")
                    services.user_reset_password(actor=SYSTEM, user=user, password=password)
                    self.stdout.write(f"已重置 {username} 的密码")
                else:
                    services.user_create(actor=SYSTEM, username=username, full_name=full_name or username,
                                         password=password, admin_role=role)
                    self.stdout.write(f"已创建{dict(User.AdminRole.choices)[role]}账号 {username}")
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
