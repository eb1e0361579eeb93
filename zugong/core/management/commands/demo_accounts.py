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
        from zugong.opinions.demo import DEMO_CODES

        self.stdout.write("公开信箱 /mailbox/ 演示回执码（道里区委组织部收到的来信）：")
        for label, key in (("待受理", "received"), ("办理中", "accepted"), ("已答复，可评价", "replied"), ("受理已逾期", "overdue")):
            self.stdout.write(f"  {DEMO_CODES[key]}  {label}")
        from zugong.surveys.demo import DEMO_BALLOTS

        self.stdout.write("满意度测评 /survey/ 演示测评码（今年全省民意调查，道里区）：")
        for label, key in (("党员干部", "cadre"), ("群众", "masses"), ("服务对象", "client"), ("群众", "masses2")):
            self.stdout.write(f"  {DEMO_BALLOTS[key]}  {label}")
        from zugong.honors.demo import DEMO_VOTES

        self.stdout.write("评选投票 /honor/vote/ 演示投票码（今年全省“我身边的优秀组工干部”评选；demo-county 登录后也可在“评选投票”中投票）：")
        for key in ("one", "two", "three"):
            self.stdout.write(f"  {DEMO_VOTES[key]}")
