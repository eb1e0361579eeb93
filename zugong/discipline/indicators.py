"""违规违纪处理 figures: cases (人次) at the cadre's unit, by the date of the decision. Like the cases themselves, the
figure and the records behind it are for the holders of discipline.view_disciplinecase only (部领导, 纪检监察员):
the statistics engine counts and lists through `visible_to(user, "view")` and offers an indicator only to those
who hold its model's view permission."""

from zugong.stats.registry import Indicator, register

from .models import DisciplineCase

GROUP = "违规违纪处理"

register(
    Indicator("discipline.cases", "违规违纪处理", "人次", DisciplineCase, date_field="decided_on", group=GROUP,
              description="受到处理的组工干部人次，按所在单位、处理决定日期计"),
    *[Indicator(f"discipline.cases_{h.value}", f"违规违纪处理（{h.label}）", "人次", DisciplineCase, date_field="decided_on",
                group=GROUP, filters={"handling": h.value}) for h in DisciplineCase.Handling],
)
