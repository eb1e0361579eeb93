"""关心关爱 figures counted from the activity register: activities (in total and per kind) and 人次 reached, at the
organizing unit, by the activity's date. 慰问金额 is shown and exported on the list; the statistics registry has no
money unit, so it is not an indicator."""

from zugong.stats.registry import Indicator, register

from .models import CareActivity

GROUP = "关心关爱"

register(
    Indicator("care.activities", "关爱活动", "次", CareActivity, date_field="date", group=GROUP,
              description="走访慰问、困难帮扶、家属座谈会、文体活动等，按组织单位、活动日期计"),
    *[Indicator(f"care.activities_{k.value}", f"关爱活动（{k.label}）", "次", CareActivity, date_field="date", group=GROUP,
                filters={"kind": k.value}) for k in CareActivity.Kind],
    Indicator("care.persons", "关爱人次", "人次", CareActivity, aggregate="sum", field="persons", date_field="date", group=GROUP,
              description="各项关爱活动覆盖的人次之和"),
)
