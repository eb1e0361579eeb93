"""Pages of surveys for the organizing unit (design, publish, codes, close) and for the units surveyed (their
own progress). Thin views: writes in design.py / ballots.py / closing.py, reads in selectors.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, has_perm_anywhere, require_perm
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.views import error_text, posted_version, step_back, submit
from zugong.surveys import ballots, closing, design, selectors, sheets
from zugong.surveys.forms import CodesForm, SurveyForm, TemplateChoiceForm
from zugong.surveys.models import Kind, Survey, Target

VIEW = "surveys.view_survey"
LIST = ("满意度测评", "surveys:list")


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(LIST[0], reverse(LIST[1])), *items]


def _survey(request: HttpRequest, pk: int) -> Survey:
    require_perm(request.user, VIEW)
    return get_object_or_404(Survey.objects.visible_to(request.user, "view").select_related("org_unit", "created_by"), pk=pk)


def _designer(request: HttpRequest, survey: Survey) -> None:
    if not can_at(request.user, design.DESIGN, survey.org_unit.path):
        raise PermissionDenied("只有组织测评的单位可以操作")


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW)
    qs = selectors.survey_list(request.user)
    status = request.GET.get("status", "")
    if status in Survey.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "surveys/list.html", {
        "title": "满意度测评", "breadcrumbs": [("满意度测评", None)], "page_obj": page, "status": status,
        "statuses": Survey.Status.choices, "can_add": design.units_with(request.user).exists(), "templates": TemplateChoiceForm(),
    })


def _form(request: HttpRequest, *, initial: dict[str, Any], units: Any, below: Any) -> SurveyForm:
    return SurveyForm(request.POST or None, units=units, below=below, initial=initial)


def _below(units: Any) -> Any:
    from zugong.core.scope import paths_q
    from zugong.orgs.models import OrgUnit

    paths = list(units.values_list("path", flat=True))
    return (OrgUnit.objects.filter(paths_q("path", paths), is_active=True).exclude(kind=OrgUnit.Kind.OFFICE)
            .exclude(pk__in=units.filter(parent__isnull=True).values("pk")).order_by("path"))


@login_required
def survey_add(request: HttpRequest) -> HttpResponse:
    units = design.units_with(request.user)
    if not units.exists():
        raise PermissionDenied("您没有组织测评的权限")
    code = request.GET.get("template", "")
    try:
        initial = design.template_data(code) if code else {"year": timezone.localdate().year, "k_min": 5, "bottom_n": 3,
                                                             "bottom_n_sub": 10, "allow_comments": True, "kind": Kind.SATISFACTION}
    except ValidationError:
        initial = {}
        messages.error(request, design.MSG_TEMPLATE)
    initial.setdefault("levels", ["1"])
    form = _form(request, initial=initial, units=units, below=_below(units))
    status = 200
    if request.method == "POST":
        s, status = submit(form, lambda c: design.survey_create(actor=request.user, org_unit=c["org_unit"], data=c,
                                                              targets=form.chosen_targets(c["org_unit"])))
        if s is not None:
            messages.success(request, f"已新建测评“{s.title}”。请核对测评码名额，然后发布。")
            return HttpResponseRedirect(s.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": "新建测评", "form": form,
                                                 "breadcrumbs": _crumbs(("新建", None))}, status=status)


def _aspects_text(s: Survey, aspects: list[Any]) -> str:
    """The designer's text of a draft's questions; for persons, the criteria once (they repeat for every cadre)."""
    if s.rates_persons:
        aspects = aspects[:1]
    return "\n".join(line for a in aspects for line in ["【评价内容】" if a.cadre_id else f"【{a.name}】", *(i.text for i in a.items.all())])


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    s = _survey(request, pk)
    _designer(request, s)
    if not s.is_draft:
        messages.error(request, design.MSG_FROZEN)
        return HttpResponseRedirect(s.get_absolute_url(), status=303)
    aspects = s.aspects.prefetch_related("items").select_related("cadre__org_unit")
    initial = {
        "org_unit": s.org_unit_id, "title": s.title, "year": s.year, "kind": s.kind, "scale": s.scale, "opens_on": s.opens_on,
        "closes_on": s.closes_on, "instructions": s.instructions, "allow_comments": s.allow_comments, "k_min": s.k_min,
        "bottom_n": s.bottom_n, "bottom_n_sub": s.bottom_n_sub, "template_code": s.template_code, "version": s.version,
        "targets": [t.org_unit_id for t in s.targets.all() if t.org_unit_id != s.org_unit_id],
        "levels": ["0"] if s.targets.filter(org_unit_id=s.org_unit_id).exists() else [],
        "aspects_text": _aspects_text(s, list(aspects)),
        "cadres_text": "\n".join(f"{a.cadre.name} {a.cadre.org_unit.name}" for a in aspects if a.cadre is not None),
        "categories_text": "\n".join(f"{c.name} {c.quota}" for c in _category_defaults(s)),
    }
    units = design.units_with(request.user).filter(pk=s.org_unit_id)
    form = _form(request, initial=initial, units=units, below=design.target_choices(s.org_unit))
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda c: design.survey_update(
            actor=request.user, survey=s, data=c, targets=form.chosen_targets(s.org_unit), expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已保存（测评码名额已按类别的默认名额重置）")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": f"修改：{s.title}", "form": form,
                                                 "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), ("修改", None))}, status=status)


class _Default:
    def __init__(self, name: str, quota: int) -> None:
        self.name, self.quota = name, quota


def _category_defaults(s: Survey) -> list[_Default]:
    """Each category with its most common quota (what the designer typed)."""
    from collections import Counter

    out = []
    for c in s.categories.all():
        quotas = Counter(c.batches.values_list("quota", flat=True))
        out.append(_Default(c.name, quotas.most_common(1)[0][0] if quotas else 0))
    return out


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = _survey(request, pk)
    organizer = selectors.is_organizer(request.user, s)
    can_design = can_at(request.user, design.DESIGN, s.org_unit.path)
    progress = selectors.progress(request.user, s)
    return render(request, "surveys/detail.html", {
        "title": s.title, "breadcrumbs": _crumbs((s.title, None)), "s": s, "organizer": organizer, "can_design": can_design,
        "aspects": s.aspects.prefetch_related("items") if organizer else [], "categories": list(s.categories.all()),
        "progress": progress, "targets": progress.by_target(), "codes_form": CodesForm(),
        "can_results": s.status in (Survey.Status.CLOSED, Survey.Status.ARCHIVED) and can_at(request.user, "surveys.view_result", s.org_unit.path),
        "can_persons": (s.rates_persons and s.status in (Survey.Status.CLOSED, Survey.Status.ARCHIVED)
                        and has_perm_anywhere(request.user, "surveys.view_appraisal")),
        "entry_url": request.build_absolute_uri(reverse("survey:enter")),
    })


@login_required
@require_POST
def survey_quotas(request: HttpRequest, pk: int) -> HttpResponse:
    s = _survey(request, pk)
    _designer(request, s)
    quotas = {int(k[6:]): v for k, v in request.POST.items() if k.startswith("quota-") and k[6:].isdigit()}
    return step_back(request, s.get_absolute_url(), lambda: design.quotas_set(
        actor=request.user, survey=s, quotas=quotas, expected_version=posted_version(request)), "已保存测评码名额")


@login_required
@require_POST
def survey_publish(request: HttpRequest, pk: int) -> HttpResponse:
    s = _survey(request, pk)
    _designer(request, s)
    return step_back(request, s.get_absolute_url(), lambda: design.survey_publish(
        actor=request.user, survey=s, expected_version=posted_version(request)), "已发布。现在可以生成并打印测评码。")


@login_required
@require_POST
def survey_delete(request: HttpRequest, pk: int) -> HttpResponse:
    s = _survey(request, pk)
    _designer(request, s)
    try:
        design.survey_delete(actor=request.user, survey=s)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(s.get_absolute_url(), status=303)
    messages.success(request, f"已删除测评“{s.title}”")
    return HttpResponseRedirect(reverse("surveys:list"), status=303)


@login_required
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    s = _survey(request, pk)
    _designer(request, s)
    return step_back(request, s.get_absolute_url(), lambda: closing.survey_close(
        actor=request.user, survey=s, expected_version=posted_version(request)), "测评已结束，结果已生成。")


@login_required
@require_POST
def survey_codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Make codes and hand them over at once, as a PDF of slips or an xlsx; they are not kept anywhere."""
    s = _survey(request, pk)
    _designer(request, s)
    form = CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(s.get_absolute_url(), status=303)
    c = form.cleaned_data
    target = get_object_or_404(Target, survey=s, pk=c["target"]) if c.get("target") else None
    try:
        issued = ballots.codes_issue(actor=request.user, survey=s, target=target, extra=c.get("extra"))
    except (ValidationError, ConflictError) as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(s.get_absolute_url(), status=303)
    name = f"{s.title}-{target or '全部'}-测评码"
    if c["format"] == "xlsx":
        response = sheets.codes_xlsx(s, issued)
    else:
        from urllib.parse import quote

        response = HttpResponse(sheets.slips_pdf(s, issued, request.build_absolute_uri(reverse("survey:enter"))),
                                content_type="application/pdf")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.pdf"
    response["Cache-Control"] = "no-store"
    return response
