"""Roster figures: headcount (a state), entrants and movements (dated), education share (a ratio)."""

from zugong.people.models import Cadre, CadreStatus, Education, Movement
from zugong.stats.registry import Indicator, register

ON_ROLL = [CadreStatus.ACTIVE, CadreStatus.SECONDED, CadreStatus.LOANED]

register(
    Indicator("people.headcount", "在册组工干部", "人", Cadre, filters={"status__in": ON_ROLL}, group="干部队伍",
              description="在岗、挂职、借调的组工干部人数（当前状态，简报签发时冻结）"),
    Indicator("people.postgraduates", "研究生学历组工干部", "人", Cadre,
              filters={"status__in": ON_ROLL, "education": Education.POSTGRADUATE}, group="干部队伍"),
    Indicator("people.postgraduate_share", "研究生学历占比", "%", aggregate="ratio",
              numerator="people.postgraduates", denominator="people.headcount", group="干部队伍"),
    Indicator("people.new_entrants", "新进组工干部", "人", Cadre, date_field="work_start_date", group="干部队伍",
              description="期间内开始从事组织工作的干部"),
    Indicator("people.movements", "干部变动", "人次", Movement, date_field="date", group="干部交流"),
    *[
        Indicator(f"people.movements_{kind}", f"{label}组工干部", "人次", Movement, date_field="date",
                  filters={"kind": kind}, group="干部交流")
        for kind, label in Movement.Kind.choices
    ],
)
