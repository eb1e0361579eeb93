"""Exam pages. Organizers: list, design (rules, targets, window), publish/close, results (per unit,
per question, per person, xlsx). Cadres (the account linked to a roster entry): my exams, start, the
paper (autosaved, timed by the server), hand in, result and certificate. A sitting is read by its owner
only (404 for anyone else); the answer key reaches the page only after hand-in."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can, can_at, has_perm_anywhere, require_perm, scope_paths
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.exports import xlsx_response
from zugong.core.scope import paths_q
from zugong.core.views import error_text, posted_version, submit
from zugong.learning import exams, grading, results
from zugong.learning.certificates import certificate_pdf
from zugong.learning.forms_exams import ExamForm, RuleFormSet
from zugong.learning.models import Attempt, Exam, Question, QuestionBank
from zugong.orgs.models import OrgUnit
from zugong.people.selectors import cadre_of

ADD = "learning.add_exam"


def _crumbs(*rest: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("考试", reverse("learning:exam_list")), *rest]


def _exam(request: HttpRequest, pk: int) -> Exam:
    require_perm(request.user, "learning.view_exam")
    return get_object_or_404(results.exams(request.user), pk=pk)


def _units(user: Any) -> Any:
    return OrgUnit.objects.filter(paths_q("path", scope_paths(user, ADD)), is_active=True).exclude(
        kind=OrgUnit.Kind.OFFICE).order_by("path")


def _banks(user: Any) -> Any:
    return QuestionBank.objects.visible_to(user, "view").select_related("org_unit").order_by("org_unit__path", "name")


@login_required
def exam_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "learning.view_exam")
    from django.db.models import Count, Q

    status = request.GET.get("status") or ""
    qs = results.exams(request.user)
    if status in Exam.Status.values:
        qs = qs.filter(status=status)
    qs = qs.order_by("-starts_at", "-id").annotate(sat=Count("attempts__cadre", distinct=True, filter=Q(attempts__status__in=results.DONE)),
                     passed_n=Count("attempts__cadre", distinct=True, filter=Q(attempts__passed=True)))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "learning/exam_list.html", {
        "title": "考试", "breadcrumbs": [("考试", None)], "page_obj": page, "status": status, "statuses": Exam.Status.choices,
        "can_add": has_perm_anywhere(request.user, ADD),
    })


def _rules_input(formset: Any) -> list[exams.RuleInput]:
    out = []
    for f in formset.forms:
        d = f.cleaned_data
        if d.get("bank"):
            out.append(exams.RuleInput(bank=d["bank"], count=d["count"], points=d["points"], category=(d.get("category") or "").strip(),
                                       difficulty=d.get("difficulty"), kind=d.get("kind") or ""))
    return out


def _exam_form_page(request: HttpRequest, form: ExamForm, formset: Any, exam: Exam | None, status: int = 200) -> HttpResponse:
    title = "修改考试" if exam else "组织考试"
    crumbs = _crumbs((exam.title, exam.get_absolute_url()), (title, None)) if exam else _crumbs((title, None))
    return render(request, "learning/exam_form.html", {"title": title, "breadcrumbs": crumbs, "form": form, "formset": formset,
                                                         "object": exam}, status=status)


@login_required
def exam_add(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, ADD)
    return _exam_edit(request, None)


@login_required
def exam_edit(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam(request, pk)
    if not can(request.user, "add", exam):
        raise PermissionDenied("只有组织单位可以修改考试")
    return _exam_edit(request, exam)


def _exam_edit(request: HttpRequest, exam: Exam | None) -> HttpResponse:
    units, banks = _units(request.user), _banks(request.user)
    if request.method == "POST":
        form = ExamForm(request.POST, units=units)
        formset = RuleFormSet(request.POST, prefix="rules", form_kwargs={"banks": banks})
        valid_rules = formset.is_valid()

        def save(data: dict[str, Any]) -> Exam:
            if not valid_rules:
                raise ValidationError({"__all__": "请检查组卷规则"})
            fields = {k: data[k] for k in exams.FIELDS}
            version = data.get("version") if exam else None
            return exams.exam_save(actor=request.user, org_unit=data["org_unit"], data=fields, targets=list(data["target_units"]),
                                   rules=_rules_input(formset), exam=exam, expected_version=version)

        saved, status = submit(form, save)
        if status == 200:
            messages.success(request, "已保存。请检查试卷设置后发布考试")
            return HttpResponseRedirect(saved.get_absolute_url())
        return _exam_form_page(request, form, formset, exam, status)
    if exam is not None:
        initial = {f: getattr(exam, f) for f in exams.FIELDS}
        initial.update(org_unit=exam.org_unit_id, target_units=list(exam.target_units.values_list("pk", flat=True)),
                       version=exam.version, starts_at=timezone.localtime(exam.starts_at), ends_at=timezone.localtime(exam.ends_at))
        form = ExamForm(initial=initial, units=units)
        rules = [{"bank": r.bank_id, "category": r.category, "difficulty": r.difficulty, "kind": r.kind, "count": r.count,
                  "points": r.points} for r in exam.rules.all()]
        formset = RuleFormSet(initial=[*rules, {}, {}], prefix="rules", form_kwargs={"banks": banks})
    else:
        form = ExamForm(units=units)
        formset = RuleFormSet(initial=[{"points": 2}, {}, {}], prefix="rules", form_kwargs={"banks": banks})
    return _exam_form_page(request, form, formset, exam)


@login_required
def exam_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam(request, pk)
    rules = list(exam.rules.select_related("bank"))
    for r in rules:
        r.pool = exams.rule_pool(r).count()  # type: ignore[attr-defined]
    rows = results.unit_results(request.user, exam)
    page = Paginator(results.people(request.user, exam), 50).get_page(request.GET.get("page"))
    return render(request, "learning/exam_detail.html", {
        "title": exam.title, "breadcrumbs": _crumbs((exam.title, None)), "exam": exam, "rules": rules,
        "max_score": exams.total_score(rules), "units": rows, "total": results.totals(rows),
        "questions": results.question_rates(request.user, exam, limit=20), "page_obj": page,
        "summary": results.summary(request.user, exam),
        "can_change": can_at(request.user, ADD, exam.org_unit.path),
        "targets": list(exam.target_units.order_by("path")),
    })


@login_required
@require_POST
def exam_status(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam(request, pk)
    if not can_at(request.user, ADD, exam.org_unit.path):
        raise PermissionDenied("只有组织单位可以发布或结束考试")
    try:
        exam = exams.exam_set_status(actor=request.user, exam=exam, status=request.POST.get("status") or "",
                                     expected_version=posted_version(request))
    except (ValidationError, ConflictError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "考试已发布，参考单位的组工干部可在“我的考试”中参加" if exam.status == Exam.Status.PUBLISHED
                         else "考试已结束，未交卷的答卷已按截止时保存的答案评分")
    return HttpResponseRedirect(reverse("learning:exam_detail", args=[pk]), status=303)


@login_required
def exam_export(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam(request, pk)
    headers = ["姓名", "单位", "第几次", "状态", "得分", "满分", "是否及格", "开始时间", "交卷时间"]

    def rows() -> Any:
        for a in results.people(request.user, exam).iterator(chunk_size=2000):
            yield [a.cadre.name, a.org_unit.name, a.number, a.get_status_display(), a.score, a.max_score,
                   "" if a.passed is None else ("是" if a.passed else "否"), timezone.localtime(a.started_at).strftime("%Y-%m-%d %H:%M"),
                   timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else ""]

    from zugong.audit.services import record

    record(action="exam.exported", actor=request.user, obj=exam)
    return xlsx_response(headers, rows(), filename=f"{exam.title}成绩.xlsx", sheet="成绩")


@login_required
def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An organizer's (or the taker's unit's) view of one graded sitting."""
    require_perm(request.user, "learning.view_attempt")
    attempt = get_object_or_404(Attempt.objects.visible_to(request.user, "view").select_related("exam", "cadre", "org_unit"), pk=pk)
    return render(request, "learning/attempt_result.html", {
        "title": f"{attempt.cadre.name}的答卷", "attempt": attempt,
        # organizers see the key at once unless they sit the exam themselves; everyone else after it is over
        "items": _graded_items(attempt, show_key=exams.key_visible(attempt.exam) or (
            can_at(request.user, ADD, attempt.exam.org_unit.path) and not _sits(request.user, attempt.exam))),
        "breadcrumbs": _crumbs((attempt.exam.title, reverse("learning:exam_detail", args=[attempt.exam_id])), ("答卷", None)),
        "staff": True,
    })


# ---------------------------------------------------------------- the cadre's side


def _me(request: HttpRequest) -> Any:
    cadre = cadre_of(request.user)
    if cadre is None:
        raise Http404("您的账号尚未关联组工干部名册")
    return cadre


def _own(request: HttpRequest, pk: int) -> Attempt:
    return get_object_or_404(Attempt.objects.own(request.user).select_related("exam", "cadre", "org_unit"), pk=pk)


@login_required
def my_exams(request: HttpRequest) -> HttpResponse:
    cadre = cadre_of(request.user)
    if cadre is not None:
        exams.finalize_expired(user=request.user)
    return render(request, "learning/my_exams.html", {
        "title": "我的考试", "breadcrumbs": [("我的考试", None)], "cadre": cadre,
        "open": results.open_for(cadre) if cadre else [],
        "history": list(results.my_attempts(request.user)[:50]),
    })


@login_required
@require_POST
def exam_start(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = _me(request)
    exam = exams.takeable(cadre, pk)
    if exam is None:
        raise Http404
    try:
        attempt = exams.attempt_start(user=request.user, cadre=cadre, exam=exam)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return HttpResponseRedirect(reverse("learning:my_exams"), status=303)
    return HttpResponseRedirect(reverse("learning:attempt_take", args=[attempt.pk]), status=303)


def _sits(user: Any, exam: Exam) -> bool:
    cadre = cadre_of(user)
    return cadre is not None and exams.may_take(cadre, exam)


def _graded_items(attempt: Attempt, *, show_key: bool) -> list[dict[str, Any]]:
    graded = {g.position: g for g in attempt.graded.all()}
    rows = {q.pk: q for q in Question.objects.filter(pk__in=[i["q"] for i in attempt.paper])}
    items = []
    for pos, item in enumerate(attempt.paper):
        q = rows[item["q"]]
        g = graded.get(pos)
        given = g.answer if g else attempt.answers.get(str(pos), [])
        items.append({
            "no": pos + 1, "kind_label": q.get_kind_display(), "text": q.text, "points": item["p"],
            "options": [(grading.LETTERS[i], q.options[authored]) for i, authored in enumerate(item["o"]) if authored < len(q.options)],
            "given": _answer_text(q.kind, item["o"], given), "correct": g.correct if g else None,
            "earned": g.points if g else None,
            "key": _answer_text(q.kind, item["o"], q.answer) if show_key else "", "explanation": q.explanation if show_key else "",
        })
    return items


def _answer_text(kind: str, order: list[int], stored: list[str]) -> str:
    if not stored:
        return "未作答"
    if kind == "judge":
        return "对" if stored[0] == "T" else "错"
    if kind == "fill":
        return "；".join(s.split("|")[0] for s in stored)
    return "".join(grading.to_display(kind, order, stored))


def _posted_answers(request: HttpRequest, attempt: Attempt) -> dict[str, list[str]]:
    """The paper form as posted: `a<position>` fields; a position without a field is unanswered (cleared)."""
    return {str(pos): request.POST.getlist(f"a{pos}") for pos in range(len(attempt.paper))}


@login_required
def attempt_take(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own(request, pk)
    exams.finalize_expired(user=request.user, exam=attempt.exam)
    attempt.refresh_from_db()
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return HttpResponseRedirect(reverse("learning:attempt_result", args=[attempt.pk]))
    items = results.paper_items(attempt)
    remaining = max(int((attempt.deadline_at - timezone.now()).total_seconds()), 0)
    return render(request, "learning/attempt_take.html", {
        "title": attempt.exam.title, "breadcrumbs": [("我的考试", reverse("learning:my_exams")), (attempt.exam.title, None)],
        "attempt": attempt, "items": items, "remaining": remaining, "answered": sum(1 for i in items if i["answered"]),
    })


@login_required
@require_POST
def attempt_save(request: HttpRequest, pk: int) -> JsonResponse:
    attempt = _own(request, pk)
    try:
        attempt = exams.attempt_save(user=request.user, attempt=attempt, answers=_posted_answers(request, attempt))
    except ValidationError as exc:
        return JsonResponse({"ok": False, "message": "；".join(exc.messages)}, status=400)
    except ConflictError as exc:
        return JsonResponse({"ok": False, "message": exc.message}, status=409)
    remaining = max(int((attempt.deadline_at - timezone.now()).total_seconds()), 0)
    return JsonResponse({"ok": True, "answered": sum(1 for v in attempt.answers.values() if v), "remaining": remaining,
                         "saved_at": timezone.localtime().strftime("%H:%M:%S")})


@login_required
@require_POST
def attempt_submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own(request, pk)
    try:
        attempt = exams.attempt_submit(user=request.user, attempt=attempt, answers=_posted_answers(request, attempt))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return HttpResponseRedirect(reverse("learning:attempt_take", args=[attempt.pk]), status=303)
    if attempt.status == Attempt.Status.TIMED_OUT:
        messages.warning(request, "交卷时已超过答题时间，按截止时已保存的答案评分")
    return HttpResponseRedirect(reverse("learning:attempt_result", args=[attempt.pk]), status=303)


@login_required
def attempt_result(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own(request, pk)
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return HttpResponseRedirect(reverse("learning:attempt_take", args=[attempt.pk]))
    return render(request, "learning/attempt_result.html", {
        "title": f"{attempt.exam.title} · 成绩", "attempt": attempt,
        "breadcrumbs": [("我的考试", reverse("learning:my_exams")), ("成绩", None)],
        "items": _graded_items(attempt, show_key=attempt.exam.show_key_after and exams.key_visible(attempt.exam)),
        "key_later": attempt.exam.show_key_after and not exams.key_visible(attempt.exam),
        "left": max(attempt.exam.attempts_allowed - Attempt.objects.filter(exam=attempt.exam, cadre=attempt.cadre).count(), 0),
    })


@login_required
def attempt_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own(request, pk)
    if not attempt.passed:
        raise Http404("只有合格的考试可以下载证书")
    response = HttpResponse(certificate_pdf(attempt), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{attempt.exam.title}合格证书.pdf')}"
    response["X-Content-Type-Options"] = "nosniff"
    return response

