"""基层工作 figures (seeds: 下基层14452人次, 帮扶对子3265对, 解决实际问题6757个, 调研报告2270份, 联系点310个,
深入联系点430多人次)."""

from zugong.fieldwork.models import (
    ContactPoint,
    FieldVisit,
    GrassrootsProblem,
    Pairing,
    ResearchTopic,
    VisitKind,
)
from zugong.stats.registry import Indicator, register

GROUP = "基层工作"

register(
    Indicator("fieldwork.visit_persons", "下基层", "人次", FieldVisit, aggregate="sum", field="person_count", date_field="date",
              group=GROUP, description="期间内下基层（四进）的干部人次：每次下基层按参加干部人数计"),
    Indicator("fieldwork.visits", "下基层", "次", FieldVisit, date_field="date", group=GROUP, description="期间内下基层（四进）的次数"),
    *[
        Indicator(f"fieldwork.visit_persons_{kind}", str(label), "人次", FieldVisit, aggregate="sum", field="person_count", date_field="date",
                  filters={"kind": kind}, group=GROUP, description=f"期间内{label}的干部人次")
        for kind, label in VisitKind.choices
    ],
    Indicator("fieldwork.pairings", "帮扶对子", "对", Pairing, date_field="start_date", group=GROUP,
              description="期间内结对的帮扶对子（干部与基层党员、人才或困难家庭）"),
    Indicator("fieldwork.pairings_active", "在帮扶对子", "对", Pairing, filters={"status": Pairing.Status.ACTIVE}, group=GROUP,
              description="当前帮扶中的对子（时点数）"),
    Indicator("fieldwork.problems_solved", "解决实际问题", "个", GrassrootsProblem, date_field="solved_on",
              filters={"status": GrassrootsProblem.Status.SOLVED}, group=GROUP, description="期间内为基层群众解决的实际问题（按解决日期）"),
    Indicator("fieldwork.reports", "调研报告", "份", ResearchTopic, date_field="report_date", group=GROUP,
              description="期间内形成的领衔课题调研报告（按报告日期）"),
    Indicator("fieldwork.reports_adopted", "成果转化", "份", ResearchTopic, date_field="report_date", filters={"adopted": True},
              group=GROUP, description="期间内形成、并被采纳转化为政策措施的调研报告（按报告日期）"),
    Indicator("fieldwork.contact_points", "联系点", "个", ContactPoint, group=GROUP, description="各内设科室建立的基层联系点（时点数）"),
    Indicator("fieldwork.contact_point_visits", "深入联系点", "人次", FieldVisit, aggregate="sum", field="person_count", date_field="date",
              filters={"contact_point__isnull": False}, group=GROUP, description="期间内到联系点下基层的干部人次"),
)
