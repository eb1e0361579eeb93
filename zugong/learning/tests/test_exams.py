"""Exams: design, the cadre's sitting (draw, autosave, server-kept time, hand-in, grading, points),
results per unit and per question, the key never on the page before hand-in, and scope."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from zugong.conftest import make_user
from zugong.core.errors import ConflictError, ValidationError
from zugong.learning import exams, grading, results
from zugong.learning.models import Attempt, AttemptAnswer, Exam, Question, QuestionBank
from zugong.points.models import PointEntry

pytestmark = pytest.mark.django_db


def _bank(unit: Any, user: Any, *, single: int = 10, judge: int = 5, multiple: int = 3, fill: int = 2) -> QuestionBank:
    bank = QuestionBank.objects.create(org_unit=unit, name="党章党规", created_by=user)
    rows = []
    for i in range(single):
        rows.append(Question(bank=bank, kind="single", category="党章", text=f"单选题{i}：正确的是？",
                             options=["正确", "错误一", "错误二", "错误三"], answer=["0"], explanation=f"解析{i}"))
    for i in range(judge):
        rows.append(Question(bank=bank, kind="judge", category="纪律", text=f"判断题{i}", answer=["T"]))
    for i in range(multiple):
        rows.append(Question(bank=bank, kind="multiple", category="党章", text=f"多选题{i}", options=["对1", "错", "对2", "错2"],
                             answer=["0", "2"]))
    for i in range(fill):
        rows.append(Question(bank=bank, kind="fill", category="党章", text=f"填空题{i}：____和____", answer=["民主|民主集中", "集中"]))
    Question.objects.bulk_create(rows)
    return bank


def _exam(tree: Any, personas: Any, bank: QuestionBank, *, targets: list[Any] | None = None, publish: bool = True,
          attempts: int = 2, limit: int = 30, **extra: Any) -> Exam:
    now = timezone.now()
    data = {"title": "组工干部应知应会测试", "description": "", "starts_at": now - timedelta(hours=1), "ends_at": now + timedelta(days=3),
            "time_limit": limit, "attempts_allowed": attempts, "pass_score": Decimal(60), "shuffle_options": True,
            "show_key_after": True, **extra}
    rules = [exams.RuleInput(bank=bank, count=5, points=Decimal(10), kind="single"),
             exams.RuleInput(bank=bank, count=3, points=Decimal(10), kind="judge"),
             exams.RuleInput(bank=bank, count=1, points=Decimal(10), kind="multiple"),
             exams.RuleInput(bank=bank, count=1, points=Decimal(10), kind="fill")]
    exam = exams.exam_save(actor=personas.city_a, org_unit=tree.city_a, data=data,
                           targets=targets or [tree.county_a1, tree.county_a2], rules=rules)
    if publish:
        exam = exams.exam_set_status(actor=personas.city_a, exam=exam, status="published", expected_version=exam.version)
    return exam


@pytest.fixture
def setup(tree: Any, personas: Any, make_cadre: Any) -> dict[str, Any]:
    bank = _bank(tree.city_a, personas.city_a)
    taker = make_user("a1-cadre")
    cadre = make_cadre(tree.county_a1, name="李考生")
    cadre.user = taker
    cadre.save(update_fields=["user"])
    make_cadre(tree.county_a1, name="王未考")
    make_cadre(tree.county_a2, name="赵甲二")
    return {"bank": bank, "exam": _exam(tree, personas, bank), "taker": taker, "cadre": cadre}


def _right_answers(attempt: Attempt) -> dict[str, list[str]]:
    """The answers a perfect candidate posts: the key mapped to this paper's option letters."""
    out = {}
    for pos, item in enumerate(attempt.paper):
        q = Question.objects.get(pk=item["q"])
        if q.kind in ("single", "multiple"):
            out[str(pos)] = grading.to_display(q.kind, item["o"], q.answer)
        elif q.kind == "judge":
            out[str(pos)] = list(q.answer)
        else:
            out[str(pos)] = [a.split("|")[0] for a in q.answer]
    return out


def test_exam_design_is_validated(tree: Any, personas: Any) -> None:
    bank = _bank(tree.city_a, personas.city_a, single=3)
    now = timezone.now()
    data = {"title": "测试", "starts_at": now, "ends_at": now - timedelta(hours=1), "time_limit": 30, "attempts_allowed": 1,
            "pass_score": Decimal(90)}
    with pytest.raises(ValidationError) as exc:
        exams.exam_save(actor=personas.city_a, org_unit=tree.city_a, data=data, targets=[tree.county_b1],
                        rules=[exams.RuleInput(bank=bank, count=5, points=Decimal(10), kind="single")])
    errors = exc.value.message_dict
    assert errors["ends_at"] == ["截止时间应晚于开始时间"]
    assert errors["target_units"] == ["参考单位应为组织单位本级或下级"]
    assert errors["rules"] == ["第 1 条组卷规则：题库“党章党规”中符合条件的试题只有 3 道，少于抽题数 5"]
    with pytest.raises(ValidationError) as exc:
        exams.exam_save(actor=personas.city_a, org_unit=tree.city_a, data={**data, "ends_at": now + timedelta(days=1)},
                        targets=[tree.county_a1], rules=[exams.RuleInput(bank=bank, count=3, points=Decimal(10))])
    assert exc.value.message_dict == {"pass_score": ["及格分不能高于满分 30"]}
    assert not Exam.objects.exists()


def test_sitting_draws_its_own_paper_and_grades_with_points(setup: dict[str, Any], client: Any) -> None:
    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    attempt = exams.attempt_start(user=taker, cadre=cadre, exam=exam)
    assert len(attempt.paper) == 10 and attempt.max_score == Decimal(100)
    assert len({i["q"] for i in attempt.paper}) == 10
    assert attempt.deadline_at == attempt.started_at + timedelta(minutes=30)
    # the same sitting comes back while it is open
    assert exams.attempt_start(user=taker, cadre=cadre, exam=exam).pk == attempt.pk
    answers = _right_answers(attempt)
    wrong_pos = next(p for p, item in enumerate(attempt.paper) if Question.objects.get(pk=item["q"]).kind == "judge")
    answers[str(wrong_pos)] = ["F"]
    exams.attempt_save(user=taker, attempt=attempt, answers={k: v for k, v in answers.items() if int(k) < 5})
    done = exams.attempt_submit(user=taker, attempt=attempt, answers=answers)
    assert done.status == Attempt.Status.SUBMITTED
    assert done.score == Decimal(90) and done.passed is True
    assert AttemptAnswer.objects.filter(attempt=done).count() == 10
    assert AttemptAnswer.objects.filter(attempt=done, correct=False).get().position == wrong_pos
    entry = PointEntry.objects.get(cadre=cadre, rule__code="learning.exam_passed")
    assert entry.points == Decimal(10) and entry.source == f"exam:{exam.pk}"
    # handing in twice changes nothing
    again = exams.attempt_submit(user=taker, attempt=done, answers={})
    assert again.score == Decimal(90) and AttemptAnswer.objects.filter(attempt=done).count() == 10
    with pytest.raises(ValidationError, match="您已通过本次考试"):
        exams.attempt_start(user=taker, cadre=cadre, exam=exam)


def test_retry_after_failing_earns_decayed_points(setup: dict[str, Any]) -> None:
    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    first = exams.attempt_start(user=taker, cadre=cadre, exam=exam)
    first = exams.attempt_submit(user=taker, attempt=first, answers={})
    assert first.score == 0 and first.passed is False
    assert not PointEntry.objects.filter(cadre=cadre).exists()
    second = exams.attempt_start(user=taker, cadre=cadre, exam=exam)
    assert second.number == 2
    second = exams.attempt_submit(user=taker, attempt=second, answers=_right_answers(second))
    assert second.score == 100
    assert PointEntry.objects.get(cadre=cadre).points == Decimal(6)  # second try: 6 of 10
    with pytest.raises(ValidationError):
        exams.attempt_start(user=taker, cadre=cadre, exam=exam)


def test_server_keeps_the_time(setup: dict[str, Any]) -> None:
    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    start = timezone.now()
    attempt = exams.attempt_start(user=taker, cadre=cadre, exam=exam, now=start)
    right = _right_answers(attempt)
    exams.attempt_save(user=taker, attempt=attempt, answers={"0": right["0"]}, now=start + timedelta(minutes=10))
    late = start + timedelta(minutes=31)
    with pytest.raises(ConflictError, match="答题时间已到"):
        exams.attempt_save(user=taker, attempt=attempt, answers=right, now=late)
    done = exams.attempt_submit(user=taker, attempt=attempt, answers=right, now=late)
    # answers posted after the limit are not taken: only the one saved in time counts
    assert done.status == Attempt.Status.TIMED_OUT
    assert done.score == Decimal(10)
    assert done.submitted_at == attempt.deadline_at


def test_unsubmitted_sittings_are_graded_after_the_deadline(setup: dict[str, Any]) -> None:
    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    start = timezone.now() - timedelta(hours=1)
    attempt = exams.attempt_start(user=taker, cadre=cadre, exam=exam, now=start)
    first = Question.objects.get(pk=attempt.paper[0]["q"])
    Attempt.objects.filter(pk=attempt.pk).update(answers={"0": list(first.answer)})  # saved in time by the autosave
    assert exams.finalize_expired(exam=exam) == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.TIMED_OUT and attempt.score == Decimal(10)
    assert attempt.submitted_at == attempt.deadline_at


def test_bad_answers_are_refused_in_chinese(setup: dict[str, Any]) -> None:
    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    attempt = exams.attempt_start(user=taker, cadre=cadre, exam=exam)
    single = next(p for p, i in enumerate(attempt.paper) if Question.objects.get(pk=i["q"]).kind == "single")
    with pytest.raises(ValidationError, match="单选题只能选一个选项"):
        exams.attempt_save(user=taker, attempt=attempt, answers={str(single): ["A", "B"]})
    with pytest.raises(ValidationError, match="选项不存在"):
        exams.attempt_save(user=taker, attempt=attempt, answers={str(single): ["Z"]})
    with pytest.raises(ValidationError, match="第 99 题不存在"):
        exams.attempt_save(user=taker, attempt=attempt, answers={"99": ["A"]})


def test_paper_page_never_carries_the_key_and_pins_queries(setup: dict[str, Any], client: Any,
                                                            django_assert_max_num_queries: Any) -> None:
    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    client.force_login(taker)
    r = client.post(reverse("learning:exam_start", args=[exam.pk]))
    attempt = Attempt.objects.get(cadre=cadre)
    assert r.status_code == 303 and r["Location"] == reverse("learning:attempt_take", args=[attempt.pk])
    with django_assert_max_num_queries(16):
        page = client.get(reverse("learning:attempt_take", args=[attempt.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and html.count('class="card mb-3 zg-question"') == 10
    assert "解析" not in html and "民主集中" not in html  # explanations and fill keys stay on the server
    # posting the form (what the autosave and the hand-in send) grades it
    form = {f"a{p}": v for p, v in _right_answers(attempt).items()}
    saved = client.post(reverse("learning:attempt_save", args=[attempt.pk]), form)
    assert saved.status_code == 200 and saved.json()["answered"] == 10
    r = client.post(reverse("learning:attempt_submit", args=[attempt.pk]), form)
    assert r.status_code == 303
    result = client.get(reverse("learning:attempt_result", args=[attempt.pk])).content.decode()
    assert "data-score>100.0<" in result and "data-passed>合格<" in result
    # right and wrong at once; the key and explanations only once the exam is over (colleagues may still be answering)
    assert "正确答案和解析在考试截止后显示" in result and "解析：解析" not in result and "正确答案：" not in result
    Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.CLOSED)
    after = client.get(reverse("learning:attempt_result", args=[attempt.pk])).content.decode()
    assert "解析：解析" in after and "正确答案：" in after
    pdf = client.get(reverse("learning:attempt_certificate", args=[attempt.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_sittings_are_personal(setup: dict[str, Any], client: Any, personas: Any) -> None:
    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    attempt = exams.attempt_start(user=taker, cadre=cadre, exam=exam)
    client.force_login(personas.province)  # sees everything by role, but a sitting is its taker's alone
    for name in ("attempt_take", "attempt_result", "attempt_certificate"):
        assert client.get(reverse(f"learning:{name}", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("learning:attempt_save", args=[attempt.pk]), {"a0": "A"}).status_code == 404


def test_cadre_outside_the_targets_cannot_start(setup: dict[str, Any], tree: Any, make_cadre: Any, client: Any) -> None:
    outsider = make_user("b1-cadre")
    c = make_cadre(tree.county_b1, name="乙考生")
    c.user = outsider
    c.save(update_fields=["user"])
    client.force_login(outsider)
    assert client.post(reverse("learning:exam_start", args=[setup["exam"].pk])).status_code == 404
    page = client.get(reverse("learning:my_exams")).content.decode()
    assert "目前没有可以参加的考试" in page


def test_results_per_unit_and_question(setup: dict[str, Any], personas: Any, tree: Any, client: Any,
                                       django_assert_max_num_queries: Any) -> None:
    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    attempt = exams.attempt_start(user=taker, cadre=cadre, exam=exam)
    exams.attempt_submit(user=taker, attempt=attempt, answers=_right_answers(attempt))
    rows = {r.unit.name: r for r in results.unit_results(personas.city_a, exam)}
    a1 = rows["甲一县委组织部"]
    assert (a1.on_roll, a1.participants, a1.passed) == (2, 1, 1)
    assert a1.participation == Decimal("50.0") and a1.pass_rate == Decimal("100.0")
    assert (rows["甲二县委组织部"].participants, rows["甲二县委组织部"].pass_rate) == (0, None)
    rates = results.question_rates(personas.city_a, exam)
    assert len(rates) == 10 and all(r["rate"] == Decimal("100.0") for r in rates)
    client.force_login(personas.city_a)
    with django_assert_max_num_queries(26):  # fixed: one pool count per paper rule (at most 10), none per sitting
        page = client.get(reverse("learning:exam_detail", args=[exam.pk]))
    assert page.status_code == 200 and "李考生" in page.content.decode()
    client.force_login(personas.county_b1)
    assert client.get(reverse("learning:exam_detail", args=[exam.pk])).status_code == 404


def test_published_exam_is_fixed(setup: dict[str, Any], personas: Any, tree: Any) -> None:
    exam = setup["exam"]
    with pytest.raises(ValidationError, match="考试已发布"):
        exams.exam_save(actor=personas.city_a, org_unit=tree.city_a, data={"title": "改"}, targets=[tree.county_a1], rules=[],
                        exam=exam, expected_version=exam.version)
    with pytest.raises(ConflictError):
        exams.exam_set_status(actor=personas.city_a, exam=exam, status="closed", expected_version=exam.version - 1)
    closed = exams.exam_set_status(actor=personas.city_a, exam=exam, status="closed", expected_version=exam.version)
    assert closed.status == Exam.Status.CLOSED


def test_exam_form_page(tree: Any, personas: Any, client: Any) -> None:
    bank = _bank(tree.city_a, personas.city_a)
    client.force_login(personas.city_a)
    assert client.get(reverse("learning:exam_add")).status_code == 200
    form = {"org_unit": tree.city_a.pk, "title": "季度测试", "starts_at": "2026-12-01T09:00", "ends_at": "2026-12-31T18:00",
            "time_limit": "30", "attempts_allowed": "1", "pass_score": "60", "target_units": [tree.county_a1.pk],
            "rules-TOTAL_FORMS": "2", "rules-INITIAL_FORMS": "0", "rules-0-bank": bank.pk, "rules-0-kind": "single",
            "rules-0-count": "10", "rules-0-points": "10", "rules-1-bank": ""}
    r = client.post(reverse("learning:exam_add"), form)
    assert r.status_code == 302
    exam = Exam.objects.get(title="季度测试")
    assert exam.status == "draft" and exam.rules.get().count == 10
    bad = client.post(reverse("learning:exam_add"), {**form, "rules-0-count": "11", "time_limit": "abc"})
    assert bad.status_code == 400 and "请填写分钟数" in bad.content.decode()
    client.force_login(personas.county_a1_readonly)
    assert client.get(reverse("learning:exam_add")).status_code == 403


def test_api_sitting(setup: dict[str, Any], personas: Any, client: Any) -> None:
    exam, taker = setup["exam"], setup["taker"]
    client.force_login(taker)
    r = client.post("/api/v1/my/attempts/", {"exam": exam.pk}, content_type="application/json")
    assert r.status_code == 201
    body = r.json()
    assert len(body["paper"]) == 10 and body["status"] == "in_progress"
    assert all(set(p) == {"position", "kind", "text", "points", "options", "blanks", "saved"} for p in body["paper"])
    attempt = Attempt.objects.get(pk=body["id"])
    answers = _right_answers(attempt)
    bad = client.post(f"/api/v1/my/attempts/{attempt.pk}/answers/", {"answers": {"0": ["Q"]}}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"
    r = client.post(f"/api/v1/my/attempts/{attempt.pk}/submit/", {"answers": answers}, content_type="application/json")
    assert r.status_code == 200 and r.json()["score"] == "100.0" and r.json()["passed"] is True
    client.force_login(personas.city_a)
    assert client.get(f"/api/v1/my/attempts/{attempt.pk}/").status_code == 404
    results_body = client.get(f"/api/v1/exams/{exam.pk}/results/").json()
    a1 = next(u for u in results_body["units"] if u["name"] == "甲一县委组织部")
    assert (a1["participants"], a1["passed"]) == (1, 1)
    assert client.get(f"/api/v1/attempts/?exam={exam.pk}").json()["count"] == 1
    client.force_login(personas.county_b1)
    assert client.get(f"/api/v1/exams/{exam.pk}/").status_code == 404


def test_one_target_is_broken_down_by_the_units_below_it(tree: Any, personas: Any, make_cadre: Any) -> None:
    bank = _bank(tree.city_a, personas.city_a)
    exam = _exam(tree, personas, bank, targets=[tree.city_a])
    make_cadre(tree.city_a, name="市本级")
    taker = make_user("a2-cadre")
    c = make_cadre(tree.county_a2, name="甲二考生")
    c.user = taker
    c.save(update_fields=["user"])
    attempt = exams.attempt_start(user=taker, cadre=c, exam=exam)
    exams.attempt_submit(user=taker, attempt=attempt, answers=_right_answers(attempt))
    rows = [(r.unit.name, r.on_roll, r.participants, r.passed) for r in results.unit_results(personas.city_a, exam)]
    assert rows == [("甲市委组织部（本级）", 1, 0, 0), ("甲一县委组织部", 0, 0, 0), ("甲二县委组织部", 1, 1, 1)]
    total = results.totals(results.unit_results(personas.city_a, exam))
    assert total is not None and (total.on_roll, total.participants, total.passed) == (2, 1, 1)


def test_publishing_tells_the_cadres_of_the_target_units(setup: dict[str, Any], tree: Any, personas: Any, make_cadre: Any) -> None:
    from zugong.notices.models import Notice

    notices = Notice.objects.filter(dedupe_key=f"exam:{setup['exam'].pk}:published")
    assert [n.recipient_id for n in notices] == [setup["taker"].pk]  # the one linked account in A1/A2
    n = notices.get()
    assert n.title == "请参加考试：组工干部应知应会测试" and n.url == reverse("learning:my_exams")
    outsider = make_user("b1-someone")
    c = make_cadre(tree.county_b1, name="乙县某")
    c.user = outsider
    c.save(update_fields=["user"])
    assert not Notice.objects.filter(recipient=outsider).exists()


def test_colleagues_do_not_read_the_key_of_a_running_exam(setup: dict[str, Any], personas: Any, tree: Any, make_cadre: Any,
                                                          client: Any) -> None:
    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    attempt = exams.attempt_start(user=taker, cadre=cadre, exam=exam)
    exams.attempt_submit(user=taker, attempt=attempt, answers=_right_answers(attempt))
    colleague = make_cadre(tree.county_a1, name="同事")
    colleague.user = personas.county_a1_readonly  # reads A1's results by role, and sits the exam too
    colleague.save(update_fields=["user"])
    url = reverse("learning:attempt_detail", args=[attempt.pk])
    client.force_login(personas.county_a1_readonly)
    page = client.get(url).content.decode()
    assert page.count("✓") == 10 and "正确答案：" not in page and "解析0" not in page
    client.force_login(personas.city_a)  # the organizer, not a taker: sees the key
    assert "正确答案：" in client.get(url).content.decode()


def test_a_drawn_question_is_replaced_not_changed(setup: dict[str, Any], personas: Any) -> None:
    from zugong.learning import bank as bank_svc

    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    attempt = exams.attempt_start(user=taker, cadre=cadre, exam=exam)
    item = next(i for i in attempt.paper if Question.objects.get(pk=i["q"]).kind == "single")
    q = Question.objects.get(pk=item["q"])
    new = bank_svc.question_save(actor=personas.city_a, bank=q.bank, question=q, expected_version=q.version,
                                 data={"kind": "single", "text": q.text, "options": ["甲", "乙"], "answer": "B"})
    q.refresh_from_db()
    assert new.pk != q.pk and not q.is_active and q.options == ["正确", "错误一", "错误二", "错误三"]
    done = exams.attempt_submit(user=taker, attempt=attempt, answers=_right_answers(attempt))
    assert done.score == Decimal(100)  # graded by the question as it was drawn


def test_passed_counts_a_pass_submitted_in_the_period(setup: dict[str, Any], personas: Any, tree: Any) -> None:
    """Filters and period hold for the same sitting: a pass last year and a failed sitting this year is no pass this year."""
    from datetime import date

    from zugong.stats import engine
    from zugong.stats.registry import get

    exam, cadre, taker = setup["exam"], setup["cadre"], setup["taker"]
    first = exams.attempt_submit(user=taker, attempt=exams.attempt_start(user=taker, cadre=cadre, exam=exam), answers={})
    assert first.passed is False
    last_year = timezone.now().replace(year=timezone.now().year - 1)
    Attempt.objects.create(exam=exam, cadre=cadre, user=taker, org_unit=cadre.org_unit, number=9, started_at=last_year,
                           deadline_at=last_year, submitted_at=last_year, status="submitted", score=100, max_score=100, passed=True)
    year = timezone.localdate().year
    this_year = engine.Period(date(year, 1, 1), date(year, 12, 31))
    assert engine.value(get("learning.exam_participants"), personas.province, tree.province, this_year) == 1
    assert engine.value(get("learning.exam_passed"), personas.province, tree.province, this_year) == 0
    before = engine.Period(date(year - 1, 1, 1), date(year - 1, 12, 31))
    assert engine.value(get("learning.exam_passed"), personas.province, tree.province, before) == 1
