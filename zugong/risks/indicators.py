"""岗位风险防控 figures counted from the records: posts and risk points (current state), self-checks done and what they
found (by review date), posts overdue for their review and cadres due for rotation (current state), accountability
notices (by date). Everything counts at the post's (or the notice's) unit."""

from django.db.models.functions import Now, TruncDate

from zugong.risks.models import (
    AccountabilityNotice,
    Level,
    Post,
    PostHolding,
    ReviewResult,
    RiskPoint,
    RiskReview,
)
from zugong.risks.selectors import rotation_filters
from zugong.stats.registry import Indicator, register

GROUP = "岗位风险防控"

register(
    Indicator("risks.posts", "岗位", "个", Post, group=GROUP, description="各科室登记的岗位（当前数），按岗位所在单位计"),
    Indicator("risks.risk_points", "风险点", "个", RiskPoint, group=GROUP, description="各岗位查找的风险点（当前数）"),
    Indicator("risks.high_risk_points", "高风险点", "个", RiskPoint, group=GROUP, filters={"level": Level.HIGH},
              description="风险等级为“高”的风险点（当前数）"),
    Indicator("risks.reviews", "岗位风险排查", "次", RiskReview, date_field="reviewed_on", group=GROUP,
              description="登记的岗位风险排查，按岗位所在单位、排查日期计"),
    Indicator("risks.reviews_overdue", "逾期未排查岗位", "个", Post, group=GROUP, filters={"next_review_on__lt": TruncDate(Now())},
              description="已过下次排查日期仍未排查的岗位（当前状态，简报签发时冻结）"),
    Indicator("risks.findings", "排查发现问题", "个", ReviewResult, date_field="review__reviewed_on", group=GROUP,
              filters={"result": ReviewResult.Result.PROBLEM}, description="排查中结果为“发现问题”的风险点，按排查日期计"),
    Indicator("risks.notices", "问责通报", "次", AccountabilityNotice, date_field="date", group=GROUP,
              description="登记的问责通报，按通报单位、通报日期计"),
    Indicator("risks.rotation_due", "到期应轮岗干部", "人", PostHolding, aggregate="distinct", field="cadre", group=GROUP,
              filters=rotation_filters(),
              description="在有高风险点的岗位上任职满规定年限（ZUGONG_RISK_ROTATION_YEARS，默认5年）仍在岗的干部（当前状态）"),
)
