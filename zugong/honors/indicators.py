"""评选表彰 figures counted from the records: selections run, nominations, ballots cast and commendations.

Nominations count at the nominating unit and commendations at the commended cadre's own unit, so the province's
dashboard breaks them down by city; selections and ballots count at the organizing unit (a ballot has no unit: that
is the point of it)."""

from zugong.honors.models import Commendation, Nomination, Selection
from zugong.stats.registry import Indicator, register

GROUP = "评选表彰"
TALLIED = ["closed", "commended"]

register(
    Indicator("honors.selections", "开展评选活动", "次", Selection, date_field="closed_on", group=GROUP,
              filters={"status__in": TALLIED}, description="已完成计票的评选（如“我身边的优秀组工干部”），按组织单位、计票日期计"),
    Indicator("honors.nominations", "推荐评选人选", "人", Nomination, date_field="submitted_on", group=GROUP, unit_field="org_unit",
              filters={"status__in": ["submitted", "accepted", "rejected"]}, description="各单位推荐的人选（撤回的不计），按推荐单位、推荐日期计"),
    Indicator("honors.ballots", "参加评选投票", "人次", Selection, aggregate="sum", field="ballots", date_field="closed_on", group=GROUP,
              filters={"status__in": TALLIED}, description="投票码和干部登录投出的选票数，按组织单位、计票日期计"),
    Indicator("honors.commendations", "受表彰组工干部", "人", Commendation, date_field="awarded_on", group=GROUP, unit_field="unit",
              description="评选确认的表彰记录，按受表彰干部所在单位、表彰日期计"),
)
