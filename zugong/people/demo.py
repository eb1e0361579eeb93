"""Demo movements and reserve pool (called by core.demo.build_cadres once the roster is in): every cadre whose
status says they left or are away has the movement that put them there (挂职 with direction, host unit and period,
some ending within 30 days and a few overdue; 对外交流 or 调出; 退休), about one in seven of the others had a
选调 (with its steps: older ones passed probation, recent ones still in 考察 or 试用), 公开竞岗, 轮岗, 对内交流,
晋升 or a finished secondment in the last eighteen months; about one in twelve is in the unit's reserve pool.
Rows are written in bulk (the roster is thousands of rows); deterministic for a seed."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

DOWN_HOSTS = ["城关镇党委", "新华街道党工委", "红旗乡党委", "永安镇党委", "东风街道党工委", "前进村党支部", "幸福社区党委"]
LATERAL_HOSTS = ["发展和改革委员会", "人力资源和社会保障局", "政府办公室", "统计局", "信访局", "工业和信息化局"]
EXCHANGE_OUT = ["纪委监委", "政府办公室", "宣传部", "统战部", "乡镇党委", "国有企业党委"]
SOURCES = ["乡镇党委", "街道党工委", "县直机关", "高校应届毕业生", "选调生", "国有企业"]
LOWER_RANK = {"bureau": "division_chief", "division_chief": "division_deputy", "division_deputy": "section_chief",
              "inspector": "section_chief", "section_chief": "section_deputy", "section_deputy": "principal",
              "principal": "staff", "staff": "probation", "probation": "probation"}
RESERVE_POSTS = {"province": ["处长", "副处长"], "city": ["科长", "副部长"], "county": ["股长", "副部长"]}


def _pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


@transaction.atomic
def build(*, seed: int = 2027, today: date | None = None) -> dict[str, int]:
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import (
        Cadre,
        CadreStatus,
        Movement,
        ReservePoolEntry,
        ReserveStatus,
        SecondmentDirection,
        SelectionProcess,
        StepResult,
    )

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    today = today or timezone.localdate()
    K = Movement.Kind
    units = {u.pk: u for u in OrgUnit.objects.only("id", "name", "kind", "parent_id", "path")}
    offices: dict[int, list[int]] = {}
    peers: dict[str, list[int]] = {}
    for u in units.values():
        if u.kind == OrgUnit.Kind.OFFICE:
            offices.setdefault(u.parent_id or 0, []).append(u.pk)
        else:
            peers.setdefault(u.kind, []).append(u.pk)
    rows = list(Cadre.objects.order_by("pk").values_list("id", "org_unit_id", "office_id", "position", "rank", "status", "birth_date"))
    moves: list[Movement] = []
    steps: dict[int, dict[str, Any]] = {}  # index in moves → selection step values
    pool: list[ReservePoolEntry] = []

    def ago(lo: int, hi: int) -> date:
        return today - timedelta(days=rng.randrange(lo, hi))

    def secondment(base: dict[str, Any], unit: Any, *, open_: bool) -> Movement:
        direction = _pick(rng, [(SecondmentDirection.UP, 0.42), (SecondmentDirection.DOWN, 0.45), (SecondmentDirection.LATERAL, 0.13)])
        parent = units.get(unit.parent_id) if unit.parent_id else None
        host_unit = parent if direction == SecondmentDirection.UP and parent is not None else None
        host_name = "" if host_unit else (rng.choice(DOWN_HOSTS) if direction == SecondmentDirection.DOWN else
                                          rng.choice(LATERAL_HOSTS) if direction == SecondmentDirection.LATERAL else "省直机关")
        years = rng.choice([1, 1, 2])
        if open_:
            roll = rng.random()
            if roll < 0.15:  # ending within 30 days
                end = today + timedelta(days=rng.randrange(0, 30))
            elif roll < 0.20:  # over, not yet ended (the secondments page offers to end them)
                end = today - timedelta(days=rng.randrange(1, 20))
            else:
                end = today + timedelta(days=rng.randrange(31, 330))
            start = end - timedelta(days=365 * years)
            start = min(start, today)
            ended = None
        else:
            start = ago(400, 900)
            end = start + timedelta(days=365)
            end = min(end, today - timedelta(days=1))
            ended = end
        return Movement(**base, kind=K.SECONDMENT, date=start, direction=direction, host_unit=host_unit, host_unit_name=host_name,
                        period_start=start, period_end=end, ended_on=ended)

    for pk, unit_id, office_id, position, rank, status, birth in rows:
        unit = units[unit_id]
        promoted_on: date | None = None
        base = {"cadre_id": pk, "org_unit_id": unit_id, "from_unit_id": unit_id, "from_office_id": office_id,
                "from_position": position, "from_rank": rank, "from_status": CadreStatus.ACTIVE}
        if status == CadreStatus.SECONDED:
            moves.append(secondment(base, unit, open_=True))
        elif status == CadreStatus.TRANSFERRED:
            if rng.random() < 0.6:
                moves.append(Movement(**base, kind=K.EXCHANGE_OUT, date=ago(0, 540),
                                      destination=f"{unit.name.replace('组织部', '')}{rng.choice(EXCHANGE_OUT)}"))
            else:
                moves.append(Movement(**base, kind=K.TRANSFER_OUT, date=ago(0, 540), destination="调往外省（市）工作"))
        elif status == CadreStatus.RETIRED:
            moves.append(Movement(**base, kind=K.RETIREMENT, date=ago(0, 540)))
        elif rng.random() < 0.15:
            kind = _pick(rng, [(K.SELECTION, 0.22), (K.COMPETITION, 0.30), (K.ROTATION, 0.16), (K.EXCHANGE, 0.08),
                               (K.PROMOTION, 0.14), (K.SECONDMENT, 0.10)])
            on = ago(0, 540)
            if kind == K.SECONDMENT:
                moves.append(secondment(base, unit, open_=False))
            elif kind == K.SELECTION:
                m = Movement(**{**base, "from_unit_id": None, "from_office_id": None, "from_position": "", "from_rank": ""},
                             kind=K.SELECTION, date=on, to_unit_id=unit_id, to_office_id=office_id, to_position=position,
                             to_rank=rank, destination=f"来源：{rng.choice(SOURCES)}")
                exam_on = on - timedelta(days=rng.randrange(20, 60))
                values: dict[str, Any] = {"exam_date": exam_on, "exam_score": Decimal(rng.randrange(700, 960)) / 10}
                age = (today - on).days
                if age > 200 or rng.random() < 0.6:
                    values.update(inspection_date=exam_on + timedelta(days=10), inspection_result=StepResult.PASS,
                                  inspection_note="政治素质好，业务能力强，群众公认")
                    if rng.random() < 0.04:
                        values.update(inspection_result=StepResult.FAIL, inspection_note="考察中发现不宜调入的情况")
                        m.state = Movement.State.FAILED
                    else:
                        values.update(probation_start=on, probation_end=on + timedelta(days=182))
                        if values["probation_end"] < today:
                            values["probation_result"] = StepResult.PASS
                        else:
                            m.state = Movement.State.IN_PROGRESS
                else:
                    m.state = Movement.State.IN_PROGRESS
                steps[len(moves)] = values
                moves.append(m)
            elif kind == K.COMPETITION:
                moves.append(Movement(**{**base, "from_position": "一级主任科员" if position != "一级主任科员" else "科员"},
                                      kind=K.COMPETITION, date=on, to_position=position, note="竞争上岗"))
            elif kind == K.ROTATION:
                others = [o for o in offices.get(unit_id, []) if o != office_id]
                if not others or office_id is None:
                    continue
                moves.append(Movement(**{**base, "from_office_id": rng.choice(others)}, kind=K.ROTATION, date=on,
                                      to_office_id=office_id, note="部机关内部轮岗"))
            elif kind == K.EXCHANGE:
                candidates = [p for p in peers.get(unit.kind, []) if p != unit_id]
                if not candidates:
                    continue
                moves.append(Movement(**{**base, "from_unit_id": rng.choice(candidates), "from_office_id": None},
                                      kind=K.EXCHANGE, date=on, to_unit_id=unit_id, to_office_id=office_id))
            else:
                moves.append(Movement(**{**base, "from_rank": LOWER_RANK.get(rank, rank)}, kind=K.PROMOTION, date=on,
                                      to_rank=rank, to_position=position))
                promoted_on = on
        # the reserve pool: younger cadres at the lower ranks, about one in twelve
        if status == CadreStatus.ACTIVE and birth.year >= today.year - 45 and rank in ("principal", "section_deputy", "staff",
                                                                                        "section_chief", "division_deputy") \
                and rng.random() < 0.16:
            level = "province" if unit.kind in ("province", "affiliated") else "city" if unit.kind in ("city", "zone") else "county"
            since = ago(30, 900)
            state = _pick(rng, [(ReserveStatus.IN_POOL, 0.86), (ReserveStatus.USED, 0.09), (ReserveStatus.LEFT, 0.05)])
            left = since + timedelta(days=rng.randrange(1, max(2, (today - since).days))) if state != ReserveStatus.IN_POOL else None
            if promoted_on is not None:  # a promotion uses the cadre's place in the pool, as movements.movement_create does
                since, state, left = min(since, promoted_on - timedelta(days=90)), ReserveStatus.USED, promoted_on
            pool.append(ReservePoolEntry(
                cadre_id=pk, org_unit_id=unit_id, since=since, recommended_post=rng.choice(RESERVE_POSTS[level]),
                recommended_rank=_up(rank), status=state, left_on=left,
                left_reason={ReserveStatus.USED: "已提拔使用", ReserveStatus.LEFT: "本人申请退出"}.get(state, ""),
                note=rng.choice(["", "", "近三年考核均为优秀", "有基层工作经历", "综合素质好，可重点培养"]),
            ))
    Movement.objects.bulk_create(moves, batch_size=2000)
    # a cadre has at most one movement besides the status one, so (cadre, date) finds each selection's row
    by_cadre = {(moves[i].cadre_id, moves[i].date): i for i in steps}
    processes = []
    fetched = Movement.objects.filter(kind=K.SELECTION).values_list("pk", "org_unit_id", "cadre_id", "date")
    for pk, org_id, cadre_id, on in fetched:
        i = by_cadre.get((cadre_id, on))
        if i is None:
            continue
        processes.append(SelectionProcess(movement_id=pk, org_unit_id=org_id, **steps[i]))
    SelectionProcess.objects.bulk_create(processes, batch_size=2000)
    ReservePoolEntry.objects.bulk_create(pool, batch_size=2000)
    return {"movements": len(moves), "selections": len(processes), "reserve": len(pool)}


def _up(rank: str) -> str:
    """The level a reserve cadre is recommended for: one step up."""
    up = {"staff": "section_deputy", "principal": "section_deputy", "section_deputy": "section_chief",
          "section_chief": "division_deputy", "division_deputy": "division_chief"}
    return up.get(rank, "")
