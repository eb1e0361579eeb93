"""Movement services: each kind's effect on the cadre (and the values kept on the record), scope refusal, bad input,
selection steps, the end of secondments, the reserve pool."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.conftest import make_user
from zugong.core.errors import ConflictError, ValidationError
from zugong.people import movements, reserve
from zugong.people.models import Cadre, CadreStatus, Movement, ReservePoolEntry, SelectionProcess

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
K = Movement.Kind


def move(actor: Any, cadre: Cadre, kind: str, **kw: Any) -> Movement:
    on = kw.pop("on", TODAY)
    expected = kw.pop("expected_version", None)
    return movements.movement_register(actor=actor, cadre=cadre, data=movements.MovementInput(kind=kind, on=on, **kw),
                                       expected_version=expected)


def errors_of(exc: Any) -> dict[str, list[str]]:
    return dict(exc.value.message_dict)


class TestKinds:
    def test_promotion_sets_position_and_rank_and_keeps_the_old_ones(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1, rank="principal", position="一级主任科员")
        reserve.reserve_add(actor=personas.city_a, cadre=cadre, data=reserve.ReserveInput(since=TODAY - timedelta(days=100)))
        m = move(personas.city_a, cadre, K.PROMOTION, to_position="副股长", to_rank="section_deputy", expected_version=cadre.version)
        cadre.refresh_from_db()
        assert (cadre.position, cadre.rank, cadre.version) == ("副股长", "section_deputy", 2)
        assert (m.from_position, m.from_rank, m.to_rank) == ("一级主任科员", "principal", "section_deputy")
        assert m.summary() == "职务一级主任科员→副股长，职级主任科员→乡科级副职"
        assert ReservePoolEntry.objects.get(cadre=cadre).status == "used"  # the promotion used the place in the pool
        actions = list(ObjectChange.objects.filter(action__in=["movement.created", "cadre.updated", "reserve.left"])
                       .values_list("action", flat=True))
        assert sorted(actions) == ["cadre.updated", "movement.created", "reserve.left"]

    def test_rotation_and_exchange_within_scope_move_the_cadre(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1)
        move(personas.city_a, cadre, K.ROTATION, to_office=tree.county_a1_office)
        cadre.refresh_from_db()
        assert cadre.office_id == tree.county_a1_office.pk and cadre.org_unit_id == tree.county_a1.pk
        m = move(personas.city_a, cadre, K.EXCHANGE, to_unit=tree.county_a2)
        cadre.refresh_from_db()
        assert cadre.org_unit_id == tree.county_a2.pk and cadre.office_id is None
        assert (m.from_unit_id, m.from_office_id, m.org_unit_id) == (tree.county_a1.pk, tree.county_a1_office.pk, tree.county_a1.pk)
        assert "甲一县委组织部→甲二县委组织部" in m.summary()

    def test_a_unit_outside_the_scope_is_refused_with_a_message(self, tree: Any, make_cadre: Any) -> None:
        a1_admin = make_user("a1-admin", grants=[("admin", tree.county_a1)])
        cadre = make_cadre(tree.county_a1)
        with pytest.raises(ValidationError) as exc:
            move(a1_admin, cadre, K.EXCHANGE, to_unit=tree.county_a2)
        assert errors_of(exc)["to_unit"] == ["“甲二县委组织部”不在您的授权范围内，不能把干部调入该单位；请由共同的上级组织部门登记"]
        cadre.refresh_from_db()
        assert cadre.org_unit_id == tree.county_a1.pk and cadre.version == 1 and not Movement.objects.exists()

    def test_selection_places_the_cadre_and_opens_the_steps(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.city_a)
        m = move(personas.province, cadre, K.SELECTION, to_unit=tree.county_a1, to_office=tree.county_a1_office,
                 to_position="科员", to_rank="probation", destination="来源：某乡镇")
        cadre.refresh_from_db()
        assert (cadre.org_unit_id, cadre.office_id, cadre.rank) == (tree.county_a1.pk, tree.county_a1_office.pk, "probation")
        assert m.state == "in_progress" and m.org_unit_id == tree.county_a1.pk  # counted at the selecting unit
        assert [s["state"] for s in m.selection_process.steps()] == ["current", "waiting", "waiting"]

    def test_secondment_exchange_out_and_retirement_change_the_status(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        a, b, c = make_cadre(tree.county_a1), make_cadre(tree.county_a1), make_cadre(tree.county_a1)
        m = move(personas.city_a, a, K.SECONDMENT, direction="up", host_unit=tree.city_a, period_start=TODAY,
                 period_end=TODAY + timedelta(days=365))
        move(personas.city_a, b, K.EXCHANGE_OUT, destination="某县纪委监委")
        reserve.reserve_add(actor=personas.city_a, cadre=c, data=reserve.ReserveInput(since=TODAY))
        move(personas.city_a, c, K.RETIREMENT)
        statuses = dict(Cadre.objects.values_list("id", "status"))
        assert (statuses[a.pk], statuses[b.pk], statuses[c.pk]) == ("seconded", "transferred", "retired")
        assert m.host == "甲市委组织部" and m.summary().startswith("上挂，到甲市委组织部，")
        assert ReservePoolEntry.objects.get(cadre=c).status == "left"

    def test_required_values_per_kind(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1)
        cases = [
            (K.SELECTION, {}, "to_unit", "选调须选择调入单位"),
            (K.COMPETITION, {}, "to_position", "公开竞岗须填写竞聘的职务"),
            (K.PROMOTION, {"to_position": "股长"}, "to_rank", "晋升须选择新职级"),
            (K.ROTATION, {}, "to_unit", "轮岗、交流须填写新的单位、科室、职务或去向之一"),
            (K.EXCHANGE_OUT, {}, "destination", "请填写去向单位"),
            (K.SECONDMENT, {}, "direction", "请选择挂职方向（上挂、下派或横向）"),
            (K.SECONDMENT, {"direction": "down"}, "host_unit_name", "请填写挂职单位"),
            (K.SECONDMENT, {"direction": "down", "host_unit_name": "某镇", "period_start": TODAY, "period_end": TODAY},
             "period_end", "挂职结束日期应晚于开始日期"),
            (K.ROTATION, {"to_office": tree.city_a_office}, "to_office", "新科室必须是新单位（未选新单位时为现所在单位）的内设科室"),
            (K.ROTATION, {"to_unit": tree.county_a1_office}, "to_unit", "新单位不能是内设科室，科室请填在“新科室”"),
            (K.ROTATION, {"destination": "x", "on": TODAY + timedelta(days=1)}, "date", "变动日期不能晚于今天"),
            ("moon", {}, "kind", "变动类型无效"),
        ]
        for kind, kw, field, message in cases:
            with pytest.raises(ValidationError) as exc:
                move(personas.city_a, cadre, kind, **kw)
            assert message in errors_of(exc)[field], (kind, kw)
        assert not Movement.objects.exists()
        cadre.refresh_from_db()
        assert cadre.version == 1

    def test_a_stale_page_is_a_conflict(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1)
        with pytest.raises(ConflictError):
            move(personas.city_a, cadre, K.PROMOTION, to_rank="section_deputy", expected_version=cadre.version + 1)
        assert not Movement.objects.exists()


class TestSecondments:
    def test_end_and_end_due(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        a, b = make_cadre(tree.county_a1), make_cadre(tree.county_b1)
        kw = {"direction": "down", "host_unit_name": "某镇党委"}
        over = move(personas.province, a, K.SECONDMENT, on=TODAY - timedelta(days=400), period_start=TODAY - timedelta(days=400),
                    period_end=TODAY - timedelta(days=3), **kw)
        running = move(personas.province, b, K.SECONDMENT, period_start=TODAY, period_end=TODAY + timedelta(days=20), **kw)
        with pytest.raises(ValidationError) as exc:
            move(personas.province, b, K.SECONDMENT, period_start=TODAY, period_end=TODAY + timedelta(days=20), **kw)
        assert errors_of(exc)["kind"] == ["该干部正在挂职，请先结束本次挂职"]
        assert movements.secondments_end_due(actor=personas.city_a) == 1  # only what city A may change
        over.refresh_from_db()
        assert over.ended_on == TODAY - timedelta(days=3)
        assert Cadre.objects.get(pk=a.pk).status == "active"
        with pytest.raises(ValidationError) as exc:
            movements.secondment_end(actor=personas.province, movement=over, on=TODAY, expected_version=over.version)
        assert errors_of(exc)["ended_on"] == ["该挂职已结束"]
        with pytest.raises(ValidationError) as exc:
            movements.secondment_end(actor=personas.province, movement=running, on=TODAY - timedelta(days=1), expected_version=1)
        assert errors_of(exc)["ended_on"] == ["结束日期不能早于挂职开始日期"]
        with pytest.raises(ConflictError):
            movements.secondment_end(actor=personas.province, movement=running, on=TODAY, expected_version=9)
        running.refresh_from_db()  # nothing was written
        assert running.ended_on is None
        movements.secondment_end(actor=personas.province, movement=running, on=TODAY, expected_version=running.version)
        assert Cadre.objects.get(pk=b.pk).status == "active"

    def test_command(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_b1)
        move(personas.province, cadre, K.SECONDMENT, on=TODAY - timedelta(days=30), direction="lateral", host_unit_name="某局",
             period_start=TODAY - timedelta(days=30), period_end=TODAY - timedelta(days=1))
        out = StringIO()
        call_command("end_secondments", stdout=out)
        assert out.getvalue().strip() == "已结束1条到期挂职"
        assert Cadre.objects.get(pk=cadre.pk).status == "active"


class TestSelectionSteps:
    def _process(self, personas: Any, tree: Any, make_cadre: Any) -> SelectionProcess:
        m = move(personas.city_a, make_cadre(tree.county_a1), K.SELECTION, on=TODAY - timedelta(days=200), to_unit=tree.county_a1)
        return m.selection_process

    def step(self, personas: Any, p: SelectionProcess, step: str, **values: Any) -> SelectionProcess:
        p.refresh_from_db()
        return movements.selection_step(actor=personas.city_a, process=p, step=step, values=values, expected_version=p.version)

    def test_exam_inspection_probation_complete_the_selection(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        p = self._process(personas, tree, make_cadre)
        with pytest.raises(ValidationError) as exc:
            self.step(personas, p, "inspection", inspection_result="pass", inspection_date=TODAY)
        assert errors_of(exc)["step"] == ["请先登记考试成绩"]
        with pytest.raises(ValidationError) as exc:
            self.step(personas, p, "exam", exam_score="101", exam_date=TODAY)
        assert errors_of(exc)["exam_score"] == ["考试成绩应为0-100之间的数字"]
        self.step(personas, p, "exam", exam_score=Decimal("86.5"), exam_date=TODAY - timedelta(days=230))
        self.step(personas, p, "inspection", inspection_result="pass", inspection_date=TODAY - timedelta(days=210), inspection_note="好")
        with pytest.raises(ValidationError) as exc:
            self.step(personas, p, "probation", probation_start=TODAY - timedelta(days=10), probation_end=TODAY + timedelta(days=170),
                      probation_result="pass")
        assert errors_of(exc)["probation_result"] == ["试用期未满，不能登记试用结果"]
        self.step(personas, p, "probation", probation_start=TODAY - timedelta(days=200), probation_end=TODAY - timedelta(days=18))
        p.movement.refresh_from_db()
        assert p.movement.state == "in_progress"
        self.step(personas, p, "probation", probation_start=TODAY - timedelta(days=200), probation_end=TODAY - timedelta(days=18),
                  probation_result="pass")
        p.refresh_from_db()
        assert p.movement.state == "done" and [s["state"] for s in p.steps()] == ["done", "done", "done"]
        with pytest.raises(ValidationError) as exc:
            self.step(personas, p, "exam", exam_score=90, exam_date=TODAY)
        assert exc.value.messages == ["该选调已办结，不能再修改考察记录"]
        assert ObjectChange.objects.filter(action="selection.step_recorded").count() == 4

    def test_failed_inspection_and_stale_version(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        p = self._process(personas, tree, make_cadre)
        self.step(personas, p, "exam", exam_score=70, exam_date=TODAY)
        with pytest.raises(ConflictError):
            movements.selection_step(actor=personas.city_a, process=p, step="inspection", expected_version=1,
                                     values={"inspection_result": "fail", "inspection_date": TODAY})
        self.step(personas, p, "inspection", inspection_result="fail", inspection_date=TODAY)
        p.movement.refresh_from_db()
        assert p.movement.state == "failed"
        assert [s["state"] for s in p.steps()] == ["done", "failed", "waiting"]


class TestReservePool:
    def test_add_update_leave(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1)
        entry = reserve.reserve_add(actor=personas.county_a1_clerk, cadre=cadre, data=reserve.ReserveInput(
            since=TODAY, recommended_post="股长", recommended_rank="section_deputy"))
        assert entry.org_unit_id == tree.county_a1.pk and entry.status == "in_pool"
        with pytest.raises(ValidationError) as exc:
            reserve.reserve_add(actor=personas.city_a, cadre=cadre, data=reserve.ReserveInput(since=TODAY))
        assert errors_of(exc)["cadre"] == ["该干部已在后备库中"]
        with pytest.raises(ValidationError) as exc:
            reserve.reserve_update(actor=personas.city_a, entry=entry, expected_version=1,
                                   data=reserve.ReserveInput(since=TODAY + timedelta(days=1)))
        assert errors_of(exc)["since"] == ["入库时间不能晚于今天"]
        reserve.reserve_update(actor=personas.city_a, entry=entry, expected_version=1, data=reserve.ReserveInput(since=TODAY, note="重点培养"))
        with pytest.raises(ConflictError):
            reserve.reserve_update(actor=personas.city_a, entry=entry, expected_version=1, data=reserve.ReserveInput(since=TODAY))
        with pytest.raises(ValidationError) as exc:
            reserve.reserve_leave(actor=personas.city_a, entry=entry, status="in_pool", on=TODAY, reason="", expected_version=2)
        assert errors_of(exc)["status"] == ["出库方式只能是“已使用”或“退出”"]
        reserve.reserve_leave(actor=personas.city_a, entry=entry, status="left", on=TODAY, reason="本人申请", expected_version=2)
        entry.refresh_from_db()
        assert (entry.status, entry.left_reason, entry.version) == ("left", "本人申请", 3)
        again = reserve.reserve_add(actor=personas.city_a, cadre=cadre, data=reserve.ReserveInput(since=TODAY))
        assert again.pk != entry.pk  # out of the pool, the cadre can be put in again

    def test_scope_and_roll(self, personas: Any, tree: Any, make_cadre: Any) -> None:
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            reserve.reserve_add(actor=personas.county_b1, cadre=make_cadre(tree.county_a1), data=reserve.ReserveInput(since=TODAY))
        with pytest.raises(ValidationError) as exc:
            reserve.reserve_add(actor=personas.city_a, cadre=make_cadre(tree.county_a1, status="retired"),
                                data=reserve.ReserveInput(since=TODAY))
        assert errors_of(exc)["cadre"] == ["该干部已退休，不能入库"]
        assert not ReservePoolEntry.objects.exists()


def test_old_callers_still_record_kind_and_date_only(personas: Any, tree: Any, make_cadre: Any) -> None:
    from zugong.people.services import movement_record

    cadre = make_cadre(tree.county_a1)
    m = movement_record(actor=personas.city_a, cadre=cadre, kind=K.ROTATION, on=date(TODAY.year, 1, 1))
    assert m.kind == "rotation" and m.from_unit_id == tree.county_a1.pk
    assert Cadre.objects.get(pk=cadre.pk).status == CadreStatus.ACTIVE
