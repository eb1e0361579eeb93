"""Pages of the points card: a cadre's card and one's own, the entries with the approvers' decisions,
manual additions and deductions, the leaderboards of persons and units, the rules and their editing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, has_perm_anywhere, require_perm
from zugong.core import files
from zugong.core.errors import ValidationError
from zugong.core.params import int_param
from zugong.core.units import current_unit, require_unit
from zugong.core.views import submit
from zugong.people.models import Cadre
from zugong.people.selectors import cadre_of
from zugong.points import selectors, services
from zugong.points.forms import DecisionForm, EntryForm, RuleForm
from zugong.points.models import PointEntry, PointRule
from zugong.points.selectors import ADD, APPROVE, MAX_YEAR, MIN_YEAR, VIEW

MSG_YEAR = f"年度应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的四位数字"
MSG_UNIT = "单位参数不对"
TOP_DEFAULT, TOP_MAX = 20, 100


class BadParam(Exception):
    """A query-string value that cannot be used: answered with its Chinese message and 400."""


def _bad(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "error.html", {"status": 400, "message": message, "title": message}, status=400)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw == "":
        return timezone.localdate().year
    year = int_param(raw, max_digits=4)
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise BadParam(MSG_YEAR)
    return year


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("积分卡", None), *tail]


# --- the card -----------------------------------------------------------------------------------------


def _card_page(request: HttpRequest, cadre: Cadre, *, mine: bool) -> HttpResponse:
    try:
        year = _year(request)
    except BadParam as exc:
        return _bad(request, str(exc))
    c = selectors.card(request.user, cadre, year)
    title = f"我的积分卡（{year}年）" if mine else f"{cadre.name}的积分卡（{year}年）"
    return render(request, "points/card.html", {
        "title": title, "breadcrumbs": _crumbs((title, None)), "card": c, "cadre": cadre, "mine": mine,
        "can_add": can_at(request.user, ADD, cadre.org_unit.path),
        "can_list": can_at(request.user, VIEW, cadre.org_unit.path),
    })


@login_required
def my_card(request: HttpRequest) -> HttpResponse:
    """The signed-in cadre's own card; a friendly page when the account is not linked to the roster."""
    cadre = cadre_of(request.user)
    if cadre is None:
        return render(request, "points/not_linked.html", {"title": "我的积分卡", "breadcrumbs": _crumbs(("我的积分卡", None))})
    return _card_page(request, cadre, mine=True)


@login_required
def card(request: HttpRequest, pk: int) -> HttpResponse:
    """A cadre's card: for whoever holds points.view_pointentry over the cadre's unit, and the cadre."""
    me = cadre_of(request.user)
    if me is not None and me.pk == pk:
        return _card_page(request, me, mine=True)
    require_perm(request.user, VIEW)
    cadre = get_object_or_404(selectors.card_cadres(request.user).select_related("org_unit"), pk=pk)
    return _card_page(request, cadre, mine=False)


# --- entries ------------------------------------------------------------------------------------------


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW)
    unit = require_unit(request)
    raw_year = request.GET.get("year", "")
    year = None
    if raw_year:
        try:
            year = _year(request)
        except BadParam as exc:
            return _bad(request, str(exc))
    status, sign, origin = request.GET.get("status", ""), request.GET.get("sign", ""), request.GET.get("origin", "")
    q = request.GET.get("q", "").strip()[:50]
    cadre_id = int_param(request.GET.get("cadre"))
    qs = selectors.entries(request.user, unit, year=year, status=status, sign=sign, origin=origin, cadre_id=cadre_id, q=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(e, selectors.may_decide(request.user, e)) for e in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "points/entries.html", {
        "title": "积分记录", "breadcrumbs": _crumbs(("积分记录", None)), "unit": unit, "page_obj": page, "rows": rows,
        "status": status, "sign": sign, "origin": origin, "q": q, "year": raw_year, "cadre_id": cadre_id or "",
        "statuses": PointEntry.Status.choices, "pending": selectors.pending_count(request.user, unit),
        "query_string": params.urlencode(), "can_add": can_at(request.user, ADD, unit.path),
        "next": request.get_full_path(),
    })


@login_required
def entry_add(request: HttpRequest) -> HttpResponse:
    unit = require_unit(request)
    if not can_at(request.user, ADD, unit.path):
        raise PermissionDenied("您没有录入手工加分、减分的权限")
    cadres = selectors.cadres_for_entry(request.user, unit)
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if (wanted := int_param(request.GET.get("cadre"))) is not None:
        initial["cadre"] = wanted
    form = EntryForm(request.POST or None, request.FILES or None, cadres=cadres, initial=initial)
    status = 200
    if request.method == "POST":
        entry, status = submit(form, lambda d: services.entry_add(
            actor=request.user, cadre=d["cadre"], day=d["date"], points=d["points"], reason=d["reason"], uploads=d.get("evidence") or []))
        if entry is not None:
            messages.success(request, f"已录入{entry.cadre.name}的{'加分' if entry.points > 0 else '减分'}，待审核通过后计入积分卡")
            if can_at(request.user, VIEW, entry.org_unit.path):
                return HttpResponseRedirect(f"{reverse('points:card', args=[entry.cadre_id])}?year={entry.year}", status=303)
            return HttpResponseRedirect(reverse("points:entry_add"), status=303)
    return render(request, "core/form.html", {
        "title": f"录入手工加分、减分（{unit.name}）", "form": form,
        "breadcrumbs": _crumbs(("积分记录", reverse("points:entry_list") if has_perm_anywhere(request.user, VIEW) else None),
                               ("录入加分、减分", None)),
    }, status=status)


def _next(request: HttpRequest) -> str:
    nxt = request.POST.get("next", "")
    safe = nxt.startswith("/") and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()})
    return nxt if safe else reverse("points:entry_list")


@login_required
@require_POST
def entry_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or reject a pending manual entry (303 back to the list, with the outcome as a message)."""
    require_perm(request.user, VIEW)
    entry = get_object_or_404(PointEntry.objects.visible_to(request.user, "view").select_related("cadre", "org_unit"), pk=pk)
    if not can_at(request.user, APPROVE, entry.org_unit.path):
        raise PermissionDenied("您没有审核积分的权限")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(_next(request), status=303)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.entry_decide(actor=request.user, entry=entry, approve=approve, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        verdict = "审核通过，已计入积分卡" if approve else "未通过，不计入积分卡"
        messages.success(request, f"{entry.cadre.name} {selectors.num(entry.points)} 分：{verdict}")
    return HttpResponseRedirect(_next(request), status=303)


@login_required
def entry_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """Evidence of an entry: for readers of the entry's unit, and for the cadre on whose card it is."""
    me = cadre_of(request.user)
    if me is None:
        require_perm(request.user, VIEW)
    # the entry's unit (where it was earned), or the card it is on (the cadre's current unit): a transferred
    # cadre's card still opens its evidence
    visible = PointEntry.objects.visible_to(request.user, "view") | PointEntry.objects.filter(
        cadre__in=selectors.card_cadres(request.user).values("pk"))
    if me is not None:
        visible = visible | PointEntry.objects.filter(cadre=me)
    entry = get_object_or_404(visible, pk=pk)
    return files.download(get_object_or_404(entry.files.all(), pk=file_id))


# --- leaderboards -------------------------------------------------------------------------------------


@login_required
def leaderboard(request: HttpRequest) -> HttpResponse:
    """Persons (top N) and units (points per cadre on the roll) of a subtree for a year."""
    require_perm(request.user, VIEW)
    try:
        year = _year(request)
    except BadParam as exc:
        return _bad(request, str(exc))
    raw_unit = request.GET.get("unit", "")
    if raw_unit:
        if (unit_id := int_param(raw_unit)) is None:
            return _bad(request, MSG_UNIT)
        unit = selectors.board_unit(request.user, unit_id)
        if unit is None:
            raise Http404("单位不存在或不在您的授权范围内")
    else:
        unit = selectors.default_board_unit(request.user, current_unit(request))
        if unit is None:
            raise PermissionDenied("您没有查看积分排行的权限")
    top = int_param(request.GET.get("top")) or TOP_DEFAULT
    top = min(max(top, 1), TOP_MAX)
    parent = selectors.board_unit(request.user, unit.parent_id) if unit.parent_id else None
    return render(request, "points/leaderboard.html", {
        "title": f"积分排行（{year}年）", "breadcrumbs": _crumbs(("积分排行", None)), "unit": unit, "parent": parent, "year": year,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)), "top": top,
        "persons": selectors.top_cadres(request.user, unit, year, top), "board": selectors.average_points(request.user, unit, year),
    })


# --- rules --------------------------------------------------------------------------------------------


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    """The rules as shown to every cadre signed in; editors also see the switched-off ones."""
    editor = selectors.can_edit_rules(request.user)
    return render(request, "points/rules.html", {
        "title": "积分规则", "breadcrumbs": _crumbs(("积分规则", None)), "lines": selectors.rules(include_inactive=editor),
        "editor": editor,
    })


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not selectors.can_edit_rules(request.user):
        raise PermissionDenied(services.MSG_RULE_PERM)
    rule = get_object_or_404(PointRule.objects.order_by("id"), pk=pk)  # platform-wide configuration: no unit scope
    form = RuleForm(request.POST or None, initial=RuleForm.initial_for(rule))
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: services.rule_update(
            actor=request.user, rule=rule, data=d, expected_version=d.get("version") or 0))
        if saved is not None:
            messages.success(request, f"已修改积分规则“{rule.name}”，此后发生的事件按新规则计分")
            return HttpResponseRedirect(reverse("points:rules"), status=303)
    return render(request, "core/form.html", {
        "title": f"修改积分规则：{rule.name}", "form": form,
        "breadcrumbs": _crumbs(("积分规则", reverse("points:rules")), (rule.name, None)),
    }, status=status)
