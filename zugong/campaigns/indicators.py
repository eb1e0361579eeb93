"""Campaign figures, counted from the records (数出一源): deployments, assignments and how they were
carried out, progress reports, supervision and work reports."""

from django.db.models import F
from django.db.models.functions import Now, TruncDate

from zugong.campaigns.models import Assignment, Campaign, Finding, Inspection, ProgressReport, WorkReport
from zugong.stats.registry import Indicator, register

OPEN = [Assignment.Status.ISSUED, Assignment.Status.ACCEPTED]
GROUP = "活动部署"

register(
    Indicator("campaigns.campaigns", "部署的活动", "项", Campaign, date_field="start_date", group=GROUP,
              filters={"status__in": [Campaign.Status.DEPLOYED, Campaign.Status.RUNNING, Campaign.Status.SUMMARY, Campaign.Status.CLOSED]},
              description="本单位及下级部署的活动（期间内开始的），不含草稿"),
    Indicator("campaigns.assignments", "承接的活动任务", "项", Assignment, date_field="created_at", group=GROUP,
              description="一级抓一级分解到各单位的任务和本级细化措施，按承办单位计"),
    Indicator("campaigns.assignments_done", "已完成的活动任务", "项", Assignment, date_field="completed_on",
              filters={"status": Assignment.Status.DONE}, group=GROUP),
    Indicator("campaigns.done_on_time", "按时完成的活动任务", "项", Assignment, date_field="completed_on",
              filters={"status": Assignment.Status.DONE, "completed_on__lte": F("deadline")}, group=GROUP),
    Indicator("campaigns.on_time_rate", "活动任务按时完成率", "%", aggregate="ratio", numerator="campaigns.done_on_time",
              denominator="campaigns.assignments_done", group=GROUP),
    Indicator("campaigns.overdue", "逾期未完成的活动任务", "项", Assignment, group=GROUP,
              filters={"status__in": OPEN, "deadline__lt": TruncDate(Now()),
                       "campaign__status__in": [Campaign.Status.DEPLOYED, Campaign.Status.RUNNING, Campaign.Status.SUMMARY]},
              description="已过完成时限仍未完成的任务（当前状态，简报签发时冻结）"),
    Indicator("campaigns.progress_reports", "任务进度报告", "份", ProgressReport, date_field="date", group=GROUP),
    Indicator("campaigns.inspections", "督导检查", "次", Inspection, date_field="date", filters={"status": Inspection.Status.DONE},
              group=GROUP, description="按被督导单位计"),
    Indicator("campaigns.findings", "督导发现的问题", "个", Finding, date_field="created_at", group=GROUP),
    Indicator("campaigns.findings_done", "督导问题已整改", "个", Finding, date_field="closed_on",
              filters={"status": Finding.Status.DONE}, group=GROUP),
    Indicator("campaigns.work_reports", "述职", "份", WorkReport, date_field="date",
              filters={"kind__in": [WorkReport.Kind.HALF_YEAR, WorkReport.Kind.ANNUAL]}, group=GROUP,
              description="单位和个人的半年、年度述职"),
    Indicator("campaigns.performance_records", "实绩写实", "份", WorkReport, date_field="date",
              filters={"kind": WorkReport.Kind.RECORD}, group=GROUP),
)
