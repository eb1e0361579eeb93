"""项目化管理 figures counted from the records. Projects, claims and awards count at the unit that owns them (the
claiming unit for a claim, the project's unit for an award), so the province's dashboard breaks them down by city.

Projects, menu projects, approved claims, done and overdue projects are states (counted as of now, frozen when a
月通报 is issued); progress reports count by month and awards by the day they were awarded. The bulletin's ready
tables ([清单: projects.bulletin], [清单: projects.ranking]) are registered here too."""

from django.db.models import Q

from zugong.projects.bulletin import register_lists
from zugong.projects.models import (
    OPEN_STATUSES,
    AwardEntry,
    AwardLevel,
    Claim,
    Milestone,
    ProgressReport,
    Project,
    ProjectStatus,
    Today,
)
from zugong.stats.registry import Indicator, register

GROUP = "项目化管理"
AWARDED = [AwardLevel.FIRST, AwardLevel.SECOND, AwardLevel.THIRD, AwardLevel.EXEMPLAR]

# overdue: not done, and past the deadline or with a milestone past its date not done (today taken per query)
_LATE_MILESTONE = Milestone.objects.filter(due_on__lt=Today(), done=False).values("project_id")
_OVERDUE = Project.objects.filter(Q(deadline__lt=Today()) | Q(pk__in=_LATE_MILESTONE), status__in=OPEN_STATUSES).values("pk")

register(
    Indicator("projects.projects", "项目", "个", Project, group=GROUP, filters={"status__in": [*OPEN_STATUSES, ProjectStatus.DONE]},
              description="各单位的项目（含认领后的项目，已中止的不计；当前状态，通报签发时冻结）"),
    Indicator("projects.menu_projects", "认领清单项目", "个", Project, group=GROUP, filters={"claimable": True},
              description="上级发布、列入认领清单供下级认领的项目（如重点突破创新项目）"),
    Indicator("projects.claims_approved", "认领项目", "个", Claim, group=GROUP, filters={"status": Claim.Status.APPROVED},
              description="上级同意的认领（双向选择后成为认领单位的项目），按认领单位计"),
    Indicator("projects.claims_pending", "待审核认领申请", "个", Claim, group=GROUP, filters={"status": Claim.Status.PENDING},
              description="下级已申请、上级尚未审核的认领"),
    Indicator("projects.done", "已完成项目", "个", Project, group=GROUP, filters={"status": ProjectStatus.DONE},
              description="状态为已完成的项目（当前状态）"),
    Indicator("projects.overdue", "逾期项目", "个", Project, group=GROUP, filters={"pk__in": _OVERDUE},
              description="未完成，且已过完成时限或有节点过了计划日期仍未完成的项目（当前状态）"),
    Indicator("projects.reports", "项目月度进展报告", "份", ProgressReport, date_field="month", group=GROUP,
              description="各单位报告的项目月度进展，按月份计"),
    Indicator("projects.awards", "创新范例奖", "项", AwardEntry, date_field="awarded_on", group=GROUP, unit_field="org_unit",
              filters={"level__in": AWARDED}, description="获组织工作创新范例奖的项目，按项目单位、评定日期计"),
)
register_lists()
