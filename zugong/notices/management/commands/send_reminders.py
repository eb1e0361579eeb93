"""`zugong send-reminders`: send today's report-form and campaign-task deadline reminders and escalate overdue mailbox
letters (the same jobs celery beat runs at 08:00)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zugong.campaigns.reminders import send_assignment_reminders
from zugong.opinions.reminders import escalate_mailbox
from zugong.stats.reminders import send_report_reminders


class Command(BaseCommand):
    help = "发送填报和活动任务的截止提醒、逾期通知和催办，公开信箱逾期催办（重复运行不会重复发送）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按哪一天计算（YYYY-MM-DD），默认今天")
        parser.add_argument("--days-before", type=int, default=2, help="截止前几个工作日开始提醒，默认 2")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        if options["days_before"] < 0:
            raise CommandError("--days-before 不能为负数")
        r = send_report_reminders(today=today, days_before=options["days_before"])
        self.stdout.write(
            f"即将到期 {r.due_soon} 项、已逾期 {r.overdue} 项；"
            f"发送提醒 {r.reminders} 条、逾期通知 {r.overdue_notices} 条、催办 {r.urgings} 条"
        )
        t = send_assignment_reminders(today=today, days_before=options["days_before"])
        self.stdout.write(
            f"活动任务：即将到期 {t.due_soon} 项、已逾期 {t.overdue} 项；"
            f"发送提醒 {t.reminders} 条、逾期通知 {t.overdue_notices} 条、催办 {t.urgings} 条"
        )
        m = escalate_mailbox(today=today)
        self.stdout.write(f"公开信箱：受理逾期 {m.ack_overdue} 封、答复逾期 {m.reply_overdue} 封；逾期通知 {m.overdue_notices} 条、催办 {m.urgings} 条")
