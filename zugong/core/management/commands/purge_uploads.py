"""`zugong purge-uploads`: delete stored import files of finished or abandoned jobs (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from zugong.core.jobs import purge_uploads


class Command(BaseCommand):
    help = "删除已完成或超过24小时未确认的导入任务所上传的文件"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"已删除 {purge_uploads()} 个上传文件")
