"""Question bank pages: the banks of the unit and below, a bank with its questions (filters, pages), adding
and editing a question, switching one off, and importing questions from Excel or Word."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zugong.accounts.access import can, can_at, require_perm
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.params import int_param
from zugong.core.units import require_unit
from zugong.core.views import apply_service_errors, posted_version, submit
from zugong.learning import bank as svc
from zugong.learning import bank_import
from zugong.learning.forms_bank import BankForm, ImportForm, QuestionForm
from zugong.learning.models import Question, QuestionBank

PER_PAGE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("题库", reverse("learning:bank_list")), *items]


def _bank(request: HttpRequest, pk: int) -> QuestionBank:
    require_perm(request.user, svc.VIEW)
    return get_object_or_404(QuestionBank.objects.visible_to(request.user, "view").select_related("org_unit"), pk=pk)


def _require_change(request: HttpRequest, bank: QuestionBank) -> None:
    if not can(request.user, "change", bank):
        raise PermissionDenied("您没有编辑该题库的权限")


def _question(request: HttpRequest, pk: int) -> Question:
    require_perm(request.user, svc.VIEW)
    q: Question = get_object_or_404(svc.visible_questions(request.user, "view").select_related("bank", "bank__org_unit"), pk=pk)
    _require_change(request, q.bank)
    return q


def _counts(user: Any, bank_ids: list[int]) -> dict[int, dict[str, int]]:
    """Questions per bank by kind (and how many are switched off): one GROUP BY for the whole page."""
    out: dict[int, dict[str, int]] = {pk: {} for pk in bank_ids}
    rows = (svc.visible_questions(user).filter(bank_id__in=bank_ids).order_by().values("bank_id", "kind")
            .annotate(n=Count("id"), off=Count("id", filter=Q(is_active=False))))
    for r in rows:
        c = out[r["bank_id"]]
        c[r["kind"]] = r["n"]
        c["total"] = c.get("total", 0) + r["n"]
        c["off"] = c.get("off", 0) + r["off"]
    return out


@login_required
def bank_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, svc.VIEW)
    unit = require_unit(request)
    qs = QuestionBank.objects.visible_to(request.user, "view").filter(org_unit__path__startswith=unit.path).select_related("org_unit")
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(name__contains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    banks = list(page.object_list)
    counts = _counts(request.user, [b.pk for b in banks])
    rows = [(b, [counts[b.pk].get(k, 0) for k in Question.Kind.values], counts[b.pk]) for b in banks]
    return render(request, "learning/bank_list.html", {
        "title": "题库", "breadcrumbs": [("题库", None)], "unit": unit, "page_obj": page, "rows": rows, "q": q,
        "kinds": Question.Kind.choices, "can_add": can_at(request.user, svc.CHANGE, unit.path),
    })


@login_required
def bank_add(request: HttpRequest) -> HttpResponse:
    unit = require_unit(request)
    if not can_at(request.user, svc.CHANGE, unit.path):
        raise PermissionDenied("您没有在本单位新建题库的权限")
    form = BankForm(request.POST or None)
    status = 200
    if request.method == "POST":
        b, status = submit(form, lambda d: svc.bank_create(actor=request.user, org_unit=unit, name=d["name"],
                                                           description=d.get("description") or ""))
        if b is not None:
            messages.success(request, f"题库“{b.name}”已新建，可逐题添加或批量导入")
            return HttpResponseRedirect(b.get_absolute_url(), status=303)
    return render(request, "core/form.html", {
        "title": f"新建题库（{unit.name}）", "breadcrumbs": _crumbs(("新建题库", None)), "form": form,
    }, status=status)


@login_required
def bank_edit(request: HttpRequest, pk: int) -> HttpResponse:
    b = _bank(request, pk)
    _require_change(request, b)
    form = BankForm(request.POST or None, initial={"name": b.name, "description": b.description})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: svc.bank_update(actor=request.user, bank=b, name=d["name"],
                                                               description=d.get("description") or ""))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(b.get_absolute_url(), status=303)
    return render(request, "core/form.html", {
        "title": f"编辑题库：{b.name}", "breadcrumbs": _crumbs((b.name, b.get_absolute_url()), ("编辑", None)), "form": form,
    }, status=status)


@login_required
def bank_detail(request: HttpRequest, pk: int) -> HttpResponse:
    b = _bank(request, pk)
    user = request.user
    all_questions = svc.visible_questions(user).filter(bank=b)
    qs = all_questions
    kind = request.GET.get("kind", "")
    if kind in Question.Kind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    difficulty = int_param(request.GET.get("difficulty"), max_digits=1)
    if difficulty in Question.Difficulty.values:
        qs = qs.filter(difficulty=difficulty)
    else:
        difficulty = None
    category = request.GET.get("category", "").strip()[: svc.MAX_CATEGORY]
    if category:
        qs = qs.filter(category=category)
    status = request.GET.get("status", "")
    if status in ("active", "off"):
        qs = qs.filter(is_active=status == "active")
    else:
        status = ""
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(text__contains=q)
    page = Paginator(qs.order_by("id"), PER_PAGE).get_page(request.GET.get("page"))
    can_change = can(user, "change", b)
    questions = list(page.object_list)
    for item in questions:
        item.letters = list(zip(svc.LETTERS, item.options, strict=False))  # type: ignore[attr-defined]
        item.key = svc.answer_text(item) if can_change else ""  # type: ignore[attr-defined]
    counts = _counts(user, [b.pk])[b.pk]
    categories = list(all_questions.exclude(category="").order_by("category").values_list("category", flat=True).distinct())
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "learning/bank_detail.html", {
        "title": b.name, "breadcrumbs": _crumbs((b.name, None)), "bank": b, "page_obj": page, "questions": questions,
        "counts": counts, "kind_counts": [(v, label, counts.get(v, 0)) for v, label in Question.Kind.choices],
        "categories": categories, "kinds": Question.Kind.choices, "difficulties": Question.Difficulty.choices,
        "kind": kind, "difficulty": difficulty, "category": category, "status": status, "q": q,
        "query_string": params.urlencode(), "can_change": can_change, "next": request.get_full_path(),
    })


def _question_page(request: HttpRequest, b: QuestionBank, form: QuestionForm, title: str, status: int,
                   question: Question | None = None) -> HttpResponse:
    categories = list(svc.visible_questions(request.user).filter(bank=b).exclude(category="").order_by("category")
                      .values_list("category", flat=True).distinct()[:200])
    return render(request, "learning/question_form.html", {
        "title": title, "breadcrumbs": _crumbs((b.name, b.get_absolute_url()), (title, None)), "form": form, "bank": b,
        "question": question, "categories": categories, "letters": svc.LETTERS,
    }, status=status)


def _save(form: QuestionForm, call: Any) -> tuple[Any, int]:
    """`submit`, with the service's "options" errors shown on the first option input."""
    def run(d: dict[str, Any]) -> Any:
        try:
            return call(QuestionForm.data_of(d), d.get("version") or 0)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            raise ValidationError({("option_a" if k == "options" else k): v for k, v in exc.message_dict.items()}) from None

    return submit(form, run)


@login_required
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    b = _bank(request, pk)
    _require_change(request, b)
    initial = {"difficulty": Question.Difficulty.MEDIUM, "kind": request.GET.get("kind") or Question.Kind.SINGLE,
               "category": request.GET.get("category", "")[: svc.MAX_CATEGORY]}
    form = QuestionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        saved, status = _save(form, lambda data, _v: svc.question_save(actor=request.user, bank=b, data=data))
        if saved is not None:
            messages.success(request, f"已添加{saved.get_kind_display()}题：{saved}")
            if "continue" in request.POST:
                url = reverse("learning:question_add", args=[b.pk])
                return HttpResponseRedirect(f"{url}?kind={saved.kind}&category={quote(saved.category)}", status=303)
            return HttpResponseRedirect(f"{b.get_absolute_url()}#q{saved.pk}", status=303)
    return _question_page(request, b, form, "添加试题", status)


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    b = question.bank
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_of(question))
    status = 200
    if request.method == "POST":
        saved, status = _save(form, lambda data, version: svc.question_save(
            actor=request.user, bank=b, question=question, data=data, expected_version=version))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(f"{b.get_absolute_url()}#q{saved.pk}", status=303)
    return _question_page(request, b, form, f"编辑试题 #{question.pk}", status, question)


def _next(request: HttpRequest, default: str) -> str:
    nxt = request.POST.get("next", "")
    return nxt if nxt.startswith("/") and not nxt.startswith("//") else default


@login_required
@require_POST
def question_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    active = request.POST.get("active") == "1"
    try:
        svc.question_set_active(actor=request.user, question=question, active=active, expected_version=posted_version(request))
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"试题 #{question.pk} 已{'启用' if active else '停用'}")
    return HttpResponseRedirect(_next(request, question.bank.get_absolute_url()), status=303)


@login_required
def bank_import_view(request: HttpRequest, pk: int) -> HttpResponse:
    b = _bank(request, pk)
    _require_change(request, b)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = bank_import.import_questions(actor=request.user, bank=b, upload=form.cleaned_data["file"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                if not result.errors:
                    messages.success(request, f"已导入 {result.count} 题（{result.kinds_text}）")
                    return HttpResponseRedirect(b.get_absolute_url(), status=303)
    return render(request, "learning/bank_import.html", {
        "title": f"导入试题：{b.name}", "breadcrumbs": _crumbs((b.name, b.get_absolute_url()), ("导入试题", None)),
        "bank": b, "form": form, "result": result, "pattern": bank_import.DOCX_PATTERN,
        "max_questions": bank_import.MAX_QUESTIONS,
    }, status=status)


@login_required
def bank_import_template(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, svc.CHANGE)
    response = HttpResponse(bank_import.write_template(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('试题导入模板.xlsx')}"
    return response
