"""Roster figures: headcount (a state), entrants and movements (dated), education share (a ratio), the movements
the seeds report (选调、公开竞岗、对外交流、上下挂职、晋升) and the reserve pool (a state)."""

from typing import Any

from zugong.people.models import Cadre, CadreStatus, Education, Movement, ReserveStatus, SecondmentDirection
from zugong.stats.registry import Indicator, register

ON_ROLL = [CadreStatus.ACTIVE, CadreStatus.SECONDED, CadreStatus.LOANED]
K = Movement.Kind
NOT_FAILED = [Movement.State.DONE, Movement.State.IN_PROGRESS]

# per-kind movement counts (people.movements_<kind>); the seed's figures keep the seed's names
_KIND_INDICATORS: dict[str, tuple[str, str, dict[str, Any], str]] = {
    K.SELECTION: ("选调", "人", {"state__in": NOT_FAILED}, "选调进入组织部门的干部（不含考察或试用未通过的）"),
    K.COMPETITION: ("公开竞岗", "人", {}, "通过公开竞岗走上新岗位的组工干部"),
    K.ROTATION: ("轮岗组工干部", "人次", {}, ""),
    K.EXCHANGE_OUT: ("对外交流", "人", {}, "交流到组织系统以外任职的组工干部"),
    K.SECONDMENT: ("上下挂职", "人", {"direction__in": [SecondmentDirection.UP, SecondmentDirection.DOWN]},
                   "期间内开始挂职的组工干部，上挂和下派（横向挂职不计入）"),
    K.PROMOTION: ("晋升组工干部", "人次", {}, ""),
    K.TRANSFER_OUT: ("调出组工干部", "人次", {}, ""),
    K.RETIREMENT: ("退休组工干部", "人次", {}, ""),
}

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
        Indicator(f"people.movements_{kind}", label, unit, Movement, date_field="date", filters={"kind": kind, **extra},
                  group="干部交流", description=description)
        for kind, (label, unit, extra, description) in _KIND_INDICATORS.items()
    ],
    # 交流 before the split into 对内/对外: both together, so briefings written with this code still add up
    Indicator("people.movements_exchange", "交流组工干部", "人次", Movement, date_field="date",
              filters={"kind__in": [K.EXCHANGE, K.EXCHANGE_OUT]}, group="干部交流", description="对内交流和对外交流合计"),
    Indicator("people.movements_exchange_in", "对内交流", "人次", Movement, date_field="date", filters={"kind": K.EXCHANGE},
              group="干部交流", description="在组织系统内交流任职"),
    Indicator("people.movements_secondment_all", "挂职（含横向）", "人", Movement, date_field="date",
              filters={"kind": K.SECONDMENT}, group="干部交流"),
    Indicator("people.promotions", "晋升", "人", Movement, date_field="date", filters={"kind": K.PROMOTION}, group="干部交流",
              description="期间内晋升职务或职级的组工干部"),
    Indicator("people.reserve_pool", "后备干部人才库", "人", Cadre, filters={"reserve_entries__status": ReserveStatus.IN_POOL},
              group="干部队伍", description="后备组工干部人才库在库人数（当前状态，简报签发时冻结）"),
)
