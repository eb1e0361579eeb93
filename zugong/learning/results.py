"""Reads of exams: the cadre's open exams and sittings, and the organizer's results — per unit
participation and pass rates, per-question correct rates — each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from zugong.learning import grading
from zugong.learning.exams import open_exams_q
from zugong.learning.models import Attempt, AttemptAnswer, Exam, Question
from zugong.people.models import Cadre
from zugong.people.selectors import ON_ROLL

DONE = [Attempt.Status.SUBMITTED, Attempt.Status.TIMED_OUT]


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def exams(user: Any) -> Any:
    return Exam.objects.visible_to(user, "view").select_related("org_unit")


def open_for(cadre: Cadre) -> list[Exam]:
    """Exams the cadre may sit now, newest first (2 queries: exams, then the cadre's sittings of them)."""
    now = timezone.now()
    found = list(Exam.objects.filter(open_exams_q(cadre, now)).select_related("org_unit").distinct().order_by("ends_at"))
    mine: dict[int, list[Attempt]] = {}
    for a in Attempt.objects.filter(cadre=cadre, exam__in=found).order_by("number"):
        mine.setdefault(a.exam_id, []).append(a)
    for e in found:
        sittings = mine.get(e.pk, [])
        e.my_attempts = sittings  # type: ignore[attr-defined]
        e.in_progress = next((a for a in sittings if a.status == Attempt.Status.IN_PROGRESS), None)  # type: ignore[attr-defined]
        e.best = max((a.score for a in sittings if a.score is not None), default=None)  # type: ignore[attr-defined]
        e.passed = any(a.passed for a in sittings)  # type: ignore[attr-defined]
        e.left = max(e.attempts_allowed - len(sittings), 0)  # type: ignore[attr-defined]
    return found


def my_attempts(user: Any) -> Any:
    return Attempt.objects.own(user).select_related("exam").order_by("-started_at")


@dataclass
class UnitResult:
    unit: Any
    on_roll: int
    participants: int
    passed: int

    @property
    def participation(self) -> Decimal | None:
        return rate(self.participants, self.on_roll)

    @property
    def pass_rate(self) -> Decimal | None:
        return rate(self.passed, self.participants)


def unit_results(user: Any, exam: Exam) -> list[UnitResult]:
    """Per target unit — or, when the exam targets one unit, per unit directly below it (its own staff as
    本级) — cadres on the roll, cadres who sat it (handed in), cadres who passed (2 queries + the units)."""
    from zugong.stats.engine import children_of

    targets = list(exam.target_units.order_by("path"))
    if not targets:
        return []
    rows: list[tuple[Any, Q]] = [(t, Q(org_unit__path__startswith=t.path)) for t in targets]
    if len(targets) == 1 and (kids := children_of(targets[0])):
        top = targets[0]
        rows = [(k, Q(org_unit__path__startswith=k.path)) for k in kids]
        own = Q(org_unit__path__startswith=top.path)
        for k in kids:
            own &= ~Q(org_unit__path__startswith=k.path)
        rows.insert(0, (SimpleNamespace(pk=top.pk, name=f"{top.name}（本级）"), own))
    roll = Cadre.objects.visible_to(user, "view").filter(status__in=ON_ROLL).aggregate(
        **{f"t{i}": Count("id", filter=q) for i, (_u, q) in enumerate(rows)})
    sat = Attempt.objects.visible_to(user, "view").filter(exam=exam, status__in=DONE)
    counts = sat.aggregate(**{f"s{i}": Count("cadre", distinct=True, filter=q) for i, (_u, q) in enumerate(rows)},
                           **{f"p{i}": Count("cadre", distinct=True, filter=q & Q(passed=True)) for i, (_u, q) in enumerate(rows)})
    return [UnitResult(u, roll[f"t{i}"] or 0, counts[f"s{i}"] or 0, counts[f"p{i}"] or 0) for i, (u, _q) in enumerate(rows)]


def totals(rows: list[UnitResult]) -> UnitResult | None:
    if not rows:
        return None
    return UnitResult(None, sum(r.on_roll for r in rows), sum(r.participants for r in rows), sum(r.passed for r in rows))


def question_rates(user: Any, exam: Exam, limit: int = 50) -> list[dict[str, Any]]:
    """Per question drawn in this exam: times answered, times right, correct rate; hardest first (2 queries)."""
    rows = list(AttemptAnswer.objects.filter(attempt__in=Attempt.objects.visible_to(user, "view").filter(exam=exam))
                .values("question_id").annotate(n=Count("id"), right=Count("id", filter=Q(correct=True))))
    for r in rows:
        r["rate"] = rate(r["right"], r["n"])
    rows.sort(key=lambda r: (r["rate"] if r["rate"] is not None else Decimal(101), r["question_id"]))
    rows = rows[:limit]
    texts = dict(Question.objects.filter(pk__in=[r["question_id"] for r in rows]).values_list("id", "text"))
    for r in rows:
        r["text"] = texts.get(r["question_id"], "")
    return rows


def people(user: Any, exam: Exam) -> Any:
    """Each cadre's sittings of the exam, best score first (a queryset for paging)."""
    return (Attempt.objects.visible_to(user, "view").filter(exam=exam).select_related("cadre", "org_unit")
            .order_by("-score", "cadre__name_pinyin", "number"))


def summary(user: Any, exam: Exam) -> dict[str, Any]:
    agg = Attempt.objects.visible_to(user, "view").filter(exam=exam, status__in=DONE).aggregate(
        sittings=Count("id"), best=Max("score"), in_time=Count("id", filter=Q(status=Attempt.Status.SUBMITTED)))
    return agg


def paper_items(attempt: Attempt) -> list[dict[str, Any]]:
    """The paper as the page shows it: text and options in this sitting's order, the saved answers — no key."""
    rows = {q["id"]: q for q in Question.objects.filter(pk__in=[i["q"] for i in attempt.paper]).values("id", "kind", "text", "options",
                                                                                                       "answer")}
    items = []
    for pos, item in enumerate(attempt.paper):
        q = rows[item["q"]]
        saved = attempt.answers.get(str(pos), [])
        shown = grading.to_display(q["kind"], item["o"], saved)
        blanks = len(q["answer"]) if q["kind"] == "fill" else 0
        items.append({
            "pos": pos, "no": pos + 1, "kind": q["kind"], "kind_label": Question.Kind(q["kind"]).label, "text": q["text"],
            "points": item["p"], "answered": bool(saved), "saved": shown,
            "options": [(grading.LETTERS[i], q["options"][authored], grading.LETTERS[i] in shown) for i, authored in enumerate(item["o"])
                        if authored < len(q["options"])],
            "blanks": [(saved[b] if b < len(saved) else "") for b in range(blanks)],
            "judge": saved[0] if q["kind"] == "judge" and saved else "",
        })
    return items
