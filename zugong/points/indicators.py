"""积分 figures: points earned (approved entries, at the unit where the cadre was when earning them) and the
average per cadre on the roll (a mean, not a percentage)."""

from zugong.points.models import PointEntry
from zugong.stats.registry import Indicator, register

GROUP = "学习培训"

register(
    Indicator("points.total", "组工干部积分合计", "分", PointEntry, aggregate="sum", field="points", date_field="date", group=GROUP,
              filters={"status": PointEntry.Status.APPROVED}, description="期间内记入积分卡的积分（含手工加减分，已审核的），按干部当时所在单位计"),
    Indicator("points.average", "人均积分", "分", aggregate="ratio", numerator="points.total", denominator="people.headcount", group=GROUP,
              description="积分合计 ÷ 在册组工干部"),
)
