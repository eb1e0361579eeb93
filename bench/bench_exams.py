"""Benchmark 6: exam submission and grading (the load to plan for: 27,000 cadres handing in within an hour).

Data: the demo org tree and accounts; ATTEMPTS cadres (`common.add_cadres`), each linked to an account of its own;
a question bank at the province of BANK_SIZE questions of every kind (single / multiple choice, 判断, 填空 with one or
two blanks and alternatives), an exam for the whole province whose paper rules draw 50 questions (`exams.exam_save`,
then `exams.exam_set_status` to publish it), and one started attempt per cadre (`exams.attempt_start`: each draws
its own paper, options shuffled). For every attempt a full set of 50 answers as the page posts them (display
letters via `grading.to_display`, T/F, blank texts), each candidate getting a share of them right drawn from SKILL
(so some fail), built outside the timing.

Project path (timed, per attempt): `exams.attempt_submit(user=..., attempt=..., answers=...)`: lock the attempt,
read the keys, clean and save the answers, grade, insert the 50 AttemptAnswer rows, update the attempt, award the
points when passed, write the audit row; one transaction.

Floor (timed, per attempt, right after it): the same 50 graded rows read back and deleted first (not timed), then
written again by one hand-written INSERT into learning_attemptanswer in a transaction of its own (executemany on
SQLite as `zugong.core.bulk.insert_rows` does, COPY on PostgreSQL); the rows read afterwards must equal the rows
before.

Also: `grading.grade(paper, answers, keys)` alone for one 50-question attempt (keys as `exams._keys` builds them),
GRADE_RUNS runs.

Targets: submission p50 <= 3 x floor p50; grading a 50-question attempt well under 50 ms.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

import common

TARGET = 3.0
GRADE_BUDGET_MS = 50.0
ATTEMPTS = 300
WARMUP = 5
BANK_SIZE = 500
GRADE_RUNS = 1000
SKILL = (0.45, 0.98)  # each candidate answers a share of the questions right drawn from this range
SEED = 2026
# (kind, questions in the bank, drawn per paper, points each): 50 questions, 100 points
MIX = [("single", 200, 20, Decimal(2)), ("multiple", 100, 10, Decimal(2)), ("judge", 150, 15, Decimal(2)),
       ("fill", 50, 5, Decimal(2))]
PASS_SCORE = Decimal(60)
COLUMNS = ["attempt_id", "position", "question_id", "answer", "correct", "points"]
CATEGORIES = ["党章党规", "干部工作", "组织工作", "人才工作", "组工干部"]


# --- data ------------------------------------------------------------------------------------------
def build_bank(actor: Any, unit: Any) -> Any:
    """BANK_SIZE questions of the MIX, keys in the stored form (see the Question docstring)."""
    from zugong.learning.models import Question, QuestionBank

    rng = random.Random(SEED)
    bank = QuestionBank.objects.create(org_unit=unit, name="基准测试题库", created_by=actor)
    rows = []
    for kind, n, _drawn, _points in MIX:
        for i in range(n):
            options: list[str] = []
            if kind == "single":
                options = [f"选项{j + 1}" for j in range(4)]
                answer = [str(rng.randrange(4))]
            elif kind == "multiple":
                options = [f"选项{j + 1}" for j in range(5)]
                answer = sorted((str(j) for j in rng.sample(range(5), rng.randint(2, 3))), key=int)
            elif kind == "judge":
                answer = [rng.choice("TF")]
            else:
                answer = ["民主集中制|民主集中"] + (["党的领导"] if i % 2 else [])
            rows.append(Question(bank=bank, kind=kind, category=CATEGORIES[i % len(CATEGORIES)], difficulty=i % 3 + 1,
                                 text=f"{kind}题{i}：下列说法正确的是？", options=options, answer=answer, explanation=f"解析{i}"))
    Question.objects.bulk_create(rows, batch_size=1000)
    return bank


def build_exam(actor: Any, unit: Any, bank: Any) -> Any:
    from django.utils import timezone

    from zugong.learning import exams
    from zugong.learning.models import Exam

    now = timezone.now()
    rules = [exams.RuleInput(bank=bank, kind=kind, count=drawn, points=points) for kind, _n, drawn, points in MIX]
    exam = exams.exam_save(actor=actor, org_unit=unit, targets=[unit], rules=rules, data={
        "title": "基准测试：组工干部应知应会知识测试", "description": "", "starts_at": now - timedelta(hours=1),
        "ends_at": now + timedelta(days=1), "time_limit": 120, "attempts_allowed": 1, "pass_score": PASS_SCORE,
        "shuffle_options": True, "show_key_after": True})
    return exams.exam_set_status(actor=actor, exam=exam, status=Exam.Status.PUBLISHED, expected_version=exam.version)


def link_accounts(n: int) -> list[Any]:
    """An account of its own for each of the first `n` cadres without one (bulk, unusable passwords: nobody logs in)."""
    from zugong.accounts.models import User
    from zugong.people.models import Cadre

    cadres = list(Cadre.objects.filter(user__isnull=True).select_related("org_unit").order_by("id")[:n])
    User.objects.bulk_create([User(username=f"bench-exam-{c.pk}", full_name=c.name, password="!") for c in cadres])  # noqa: S106
    users = {u.username: u for u in User.objects.filter(username__in=[f"bench-exam-{c.pk}" for c in cadres])}
    for c in cadres:
        c.user = users[f"bench-exam-{c.pk}"]
    Cadre.objects.bulk_update(cadres, ["user"], batch_size=1000)
    return cadres


def start_attempts(exam: Any, cadres: list[Any]) -> list[Any]:
    from zugong.learning import exams

    return [exams.attempt_start(user=c.user, cadre=c, exam=exam) for c in cadres]


def posted_answers(attempt: Any, keys: dict[int, Any], rng: random.Random) -> dict[str, list[str]]:
    """A full set of answers as the page posts them, a share of them right drawn from SKILL (as the demo does)."""
    from zugong.learning import grading

    out: dict[str, list[str]] = {}
    skill = rng.uniform(*SKILL)
    for pos, item in enumerate(attempt.paper):
        key = keys[item["q"]]
        right = rng.random() < skill
        if key.kind in grading.CHOICE_KINDS:
            stored = key.answer if right else [str(next(i for i in range(key.options) if str(i) not in key.answer))]
            out[str(pos)] = grading.to_display(key.kind, item["o"], stored)
        elif key.kind == "judge":
            out[str(pos)] = list(key.answer) if right else ["F" if key.answer == ["T"] else "T"]
        else:
            out[str(pos)] = [blank.split("|")[-1] for blank in key.answer] if right else ["不会"] * len(key.answer)
    return out


# --- floor: hand-written SQL ----------------------------------------------------------------------------
def floor(attempt_id: int) -> dict[str, Any]:
    """Read the attempt's graded rows, delete them, time one raw INSERT of the same rows in its own transaction."""
    from django.db import connection, transaction

    from zugong.learning.models import AttemptAnswer

    fields = [AttemptAnswer._meta.get_field(col) for col in COLUMNS]
    before = list(AttemptAnswer.objects.filter(attempt_id=attempt_id).order_by("position").values_list(*COLUMNS))
    params = [[f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)] for row in before]
    qn = connection.ops.quote_name
    table = qn(AttemptAnswer._meta.db_table)
    cols = ", ".join(qn(col) for col in COLUMNS)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE attempt_id = %s", [attempt_id])
    t = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
        else:
            cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(COLUMNS))})", params)
    seconds = time.perf_counter() - t
    after = list(AttemptAnswer.objects.filter(attempt_id=attempt_id).order_by("position").values_list(*COLUMNS))
    if after != before:
        raise SystemExit(f"the floor wrote different rows for attempt {attempt_id}: {len(after)} read back, {len(before)} before")
    return {"insert": seconds, "rows": len(before)}


# --- measuring ----------------------------------------------------------------------------------------
def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20, method="inclusive")[-1]


def captured(fn: Any) -> tuple[Any, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return result, [q["sql"] for q in ctx.captured_queries]


def time_grading(attempt: Any) -> dict[str, Any]:
    """`grading.grade` alone on a submitted attempt's paper and stored answers, GRADE_RUNS runs."""
    from zugong.learning import exams, grading

    keys = exams._keys(attempt.paper)  # the keys exactly as the project builds them
    answers = attempt.answers
    times = []
    for _ in range(GRADE_RUNS):
        t = time.perf_counter()
        graded = grading.grade(attempt.paper, answers, keys)
        times.append(time.perf_counter() - t)
    if len(graded) != len(attempt.paper) or sum((g.points for g in graded), Decimal(0)) != attempt.score:
        raise SystemExit("grading alone disagrees with the submitted attempt's score")
    return {"median_ms": statistics.median(times) * 1000, "p95_ms": p95(times) * 1000, "questions": len(graded)}


def run(args: Any) -> dict[str, Any]:
    from zugong.audit.models import ObjectChange
    from zugong.learning import exams
    from zugong.learning.models import Attempt, AttemptAnswer
    from zugong.orgs.models import OrgUnit
    from zugong.points.models import PointEntry

    actor = common.province_user()
    root = OrgUnit.objects.get(depth=1)
    t = time.perf_counter()
    common.add_cadres(ATTEMPTS)
    cadres = link_accounts(ATTEMPTS)
    bank = build_bank(actor, root)
    exam = build_exam(actor, root, bank)
    attempts = start_attempts(exam, cadres)
    questions = sum(len(a.paper) for a in attempts) // len(attempts)
    keys = exams._keys([{"q": q, "o": o or []} for q, o in bank.questions.values_list("id", "options")])
    rng = random.Random(SEED)
    answers = [posted_answers(a, keys, rng) for a in attempts]
    common.analyze()
    common.log(f"{len(attempts)} attempts of {questions} questions started, bank of {len(keys)} questions "
               f"({time.perf_counter() - t:.1f}s)")

    project_s: list[float] = []
    floor_s: list[float] = []
    measured_ids: list[int] = []
    queries: list[str] = []
    for i, (c, a, posted) in enumerate(zip(cadres, attempts, answers, strict=True)):  # project and floor alternating
        if i == 0:
            t = time.perf_counter()
            done, queries = captured(lambda c=c, a=a, posted=posted: exams.attempt_submit(user=c.user, attempt=a, answers=posted))
            p = time.perf_counter() - t
        else:
            t = time.perf_counter()
            done = exams.attempt_submit(user=c.user, attempt=a, answers=posted)
            p = time.perf_counter() - t
        if done.status != Attempt.Status.SUBMITTED:
            raise SystemExit(f"attempt {a.pk} ended {done.status}, not submitted")
        f = floor(a.pk)
        if f["rows"] != len(a.paper):
            raise SystemExit(f"attempt {a.pk}: {f['rows']} graded rows, expected {len(a.paper)}")
        if i < WARMUP:
            continue
        project_s.append(p)
        floor_s.append(f["insert"])
        measured_ids.append(a.pk)
    common.log(f"warm-up: {WARMUP} submissions ({len(queries)} queries in the first)")

    submitted = list(Attempt.objects.filter(exam=exam).values_list("status", "passed", "score"))
    passed_n = sum(1 for _s, ok, _score in submitted if ok)
    first_passed = bool(Attempt.objects.get(pk=attempts[0].pk).passed)
    passed_of = dict(Attempt.objects.filter(exam=exam).values_list("pk", "passed"))
    by_outcome = {}
    for label, want in (("passed", True), ("failed", False)):
        xs = [p for p, pk in zip(project_s, measured_ids, strict=True) if bool(passed_of[pk]) == want]
        by_outcome[label] = {"n": len(xs), "p50": round(common.median(xs) * 1000, 2) if xs else None}
    made = {
        "answer_rows": AttemptAnswer.objects.filter(attempt__exam=exam).count(),
        "points_entries": PointEntry.objects.filter(source=f"exam:{exam.pk}").count(),
        "audit_rows": ObjectChange.objects.filter(action="attempt.submitted").count(),
    }
    if made["answer_rows"] != len(attempts) * questions or made["points_entries"] != passed_n:
        raise SystemExit(f"unexpected rows after the run: {made}, {passed_n} passed")
    grading_ = time_grading(Attempt.objects.filter(exam=exam).order_by("id").first())

    p50, f50 = common.median(project_s), common.median(floor_s)
    ratio = p50 / f50
    passed = ratio <= TARGET
    grade_ok = grading_["median_ms"] < GRADE_BUDGET_MS
    common.log(f"submit p50 {p50 * 1000:.2f} ms (p95 {p95(project_s) * 1000:.2f}), floor p50 {f50 * 1000:.2f} ms "
               f"(p95 {p95(floor_s) * 1000:.2f}): {ratio:.2f}x; grading {grading_['median_ms']:.3f} ms")
    n = len(project_s)
    result: dict[str, Any] = {
        "benchmark": "exams",
        "title": f"Exam submission and grading, {ATTEMPTS} attempts of {questions} questions",
        "attempts": len(attempts),
        "measured": n,
        "questions": questions,
        "bank": len(keys),
        "passed": passed_n,
        "made": made,
        "queries": len(queries),
        "query_sql": [q[:160] for q in queries],
        "first_passed": first_passed,
        "submit_ms": {"p50": round(p50 * 1000, 2), "p95": round(p95(project_s) * 1000, 2),
                      "min": round(min(project_s) * 1000, 2), "max": round(max(project_s) * 1000, 2)},
        "floor_ms": {"p50": round(f50 * 1000, 2), "p95": round(p95(floor_s) * 1000, 2),
                     "min": round(min(floor_s) * 1000, 2), "max": round(max(floor_s) * 1000, 2)},
        "submit_by_outcome_ms": by_outcome,
        "grading": {k: round(v, 4) if isinstance(v, float) else v for k, v in grading_.items()},
        "per_hour": round(3600 / p50),
        "targets": [{
            "name": f"exam submission ({questions} answers: save, grade, insert, points, audit) vs raw INSERT of the same "
                    "rows, per attempt p50",
            "value_ms": round(p50 * 1000, 2), "floor_ms": round(f50 * 1000, 2), "ratio": round(ratio, 2),
            "target": f"<= {TARGET:g}x", "pass": passed,
        }, {
            "name": f"grading alone (`grading.grade`), a {questions}-question attempt, median of {GRADE_RUNS} runs, vs "
                    f"a {GRADE_BUDGET_MS:g} ms budget",
            "value_ms": round(grading_["median_ms"], 3), "floor_ms": GRADE_BUDGET_MS,
            "ratio": round(grading_["median_ms"] / GRADE_BUDGET_MS, 4), "target": f"well under {GRADE_BUDGET_MS:g} ms",
            "pass": grade_ok,
        }],
        "notes": [
            f"Per-attempt times of {n} submissions and {n} floor inserts, each submission followed by the floor insert of "
            f"its own rows, after {WARMUP} warm-up pairs (the first also counts the queries). Every attempt is a different "
            "cadre's own sitting with its own drawn paper (options shuffled).",
            f"Answers: a full set of {questions} per attempt as the page posts them, each candidate getting {SKILL[0]:.0%} to "
            f"{SKILL[1]:.0%} of them right; {passed_n} of {len(attempts)} passed (pass score {PASS_SCORE}), and a "
            f"submission that passes also awards points (`points.award`: a PointEntry and a second audit row). "
            f"{len(queries)} queries in the first submission ({'passed' if first_passed else 'failed'}).",
            f"At the submission p50 one process hands in about {round(3600 / p50):,} attempts an hour "
            "(27,000 within an hour is the load to plan for; the database serialises writers on SQLite).",
        ],
    }
    if common.want_profile(args, passed and grade_ok):
        common.log("profiling 50 submissions (cProfile)")
        extra_cadres = _more_cadres(50)
        extra = start_attempts(exam, extra_cadres)
        extra_answers = [posted_answers(a, keys, rng) for a in extra]
        result["profile"] = common.profile_summary(
            lambda: [exams.attempt_submit(user=c.user, attempt=a, answers=x)
                     for c, a, x in zip(extra_cadres, extra, extra_answers, strict=True)], top=15)
    return result


def _more_cadres(n: int) -> list[Any]:
    """`n` more cadres with accounts, for the profiled submissions (outside the measured ones)."""
    from zugong.people.models import Cadre

    common.add_cadres(n, start=Cadre.objects.count() + 10_000)
    return link_accounts(n)


def main() -> None:
    args = common.parse_args(__doc__.splitlines()[0])
    env = common.setup(args.db)
    try:
        common.write_result(args, env, run(args))
    finally:
        env.close()


if __name__ == "__main__":
    main()
