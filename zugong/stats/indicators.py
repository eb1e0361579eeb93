"""Figures reported through forms (填报): they have no records of their own, so a superior asks for
them and accepted values roll up like any other indicator (seed 002: 征求意见函、座谈会、走访). 媒体报道 and 规章制度 are counted from their
registers (publicity, regulations), so they are no longer asked for."""

from zugong.stats.models import ReportValue
from zugong.stats.registry import Indicator, register


def form_indicator(code: str, label: str, unit: str, description: str = "") -> Indicator:
    return Indicator(code, label, unit, ReportValue, aggregate="sum", field="value", date_field="period_end",
                     filters={"code": code, "accepted": True}, group="填报", description=description, form_fed=True)


register(
    form_indicator("forms.letters_sent", "发出征求意见函", "份"),
    form_indicator("forms.forums_held", "召开座谈会", "次"),
    form_indicator("forms.people_visited", "走访干部群众", "人次"),
)
