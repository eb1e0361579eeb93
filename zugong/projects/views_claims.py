"""Claiming (认项) pages: the menu a subordinate claims from, the application, my units' claims, the issuer's inbox
with approve/decline, one claim; and the monthly bulletin (月通报) with its draft through the briefing machinery."""

from __future__ import annotations

from datetime import timedelta
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
from zugong.core.units import require_unit
from zugong.core.views import error_text, form_refused, posted_version, step_back, submit
from zugong.orgs.models import OrgUnit
from zugong.projects import bulletin, selectors, services
from zugong.projects.forms import ClaimForm, DecideForm
from zugong.projects.models import Claim, Project

MENU = ("认领清单", "projects:menu")


@login_required
def menu(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, selectors.VIEW)
    user = request.user
    return render(request, "projects/menu.html", {
        "title": "认领清单", "breadcrumbs": [("认领清单", None)], "rows": selectors.menu(user),
        "published": list(selectors.published(user)[:200]), "can_claim": has_perm_anywhere(user, services.ADD_CLAIM),
    })


@login_required
def claim_apply(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, selectors.VIEW)
    p = get_object_or_404(Project.objects.visible_to(request.user, "view").select_related("org_unit", "program"), pk=pk)
    units = services.claiming_units(request.user, p)
    if not units.exists():
        raise PermissionDenied("您没有认领该项目的权限（只有发布单位的下级单位可以认领）")
    if not p.claims_open():
        messages.error(request, services.MSG_NOT_MENU)
        return HttpResponseRedirect(reverse("projects:menu"), status=303)
    form = ClaimForm(request.POST or None, units=units, initial={"deadline": p.deadline, "targets": p.targets})
    status = 200
    if request.method == "POST":
        c, status = submit(form, lambda d: services.claim_apply(
            actor=request.user, menu_project=p, org_unit=d["org_unit"], targets=d["targets"], deadline=d["deadline"],
            leader=d["leader"], responsible_name=d["responsible_name"]))
        if c is not None:
            messages.success(request, f"已申请认领“{p.title}”，等待{p.org_unit.name}审核")
            return HttpResponseRedirect(c.get_absolute_url(), status=303)
    return render(request, "projects/claim_apply.html", {
        "title": f"申请认领：{p.title}", "form": form, "p": p,
        "breadcrumbs": [(MENU[0], reverse(MENU[1])), (p.title, p.get_absolute_url()), ("申请认领", None)]}, status=status)


def _claims_page(request: HttpRequest, qs: Any, template_title: str, inbox: bool) -> HttpResponse:
    status = request.GET.get("status", "pending" if inbox else "")
    if status in Claim.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "projects/claims.html", {
        "title": template_title, "breadcrumbs": [(template_title, None)], "page_obj": page, "status": status,
        "statuses": Claim.Status.choices, "inbox": inbox})


@login_required
def my_claims(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, selectors.VIEW_CLAIM)
    return _claims_page(request, selectors.my_claims(request.user), "本单位认领", inbox=False)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, selectors.DECIDE)
    return _claims_page(request, selectors.inbox(request.user), "认领审核", inbox=True)


def _claim(request: HttpRequest, pk: int) -> Claim:
    require_perm(request.user, selectors.VIEW_CLAIM)
    return get_object_or_404(Claim.objects.visible_to(request.user, "view")
                             .select_related("org_unit", "menu_project__org_unit", "project", "decided_by", "created_by"), pk=pk)


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _claim(request, pk)
    user = request.user
    return render(request, "projects/claim.html", {
        "title": str(c), "c": c, "breadcrumbs": [("本单位认领", reverse("projects:claims")), (str(c), None)],
        "can_decide": services.can_decide(user, c),
        "can_withdraw": c.status == Claim.Status.PENDING and can_at(user, services.ADD_CLAIM, c.org_unit.path)})


@login_required
@require_POST
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    c = _claim(request, pk)
    if not can_at(request.user, services.DECIDE, c.menu_project.org_unit.path):
        raise PermissionDenied("只有发布该项目的单位可以审核认领申请")
    form = DecideForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, c.get_absolute_url())
    d = form.cleaned_data
    approve = d["decision"] == "approve"
    return step_back(request, c.get_absolute_url(), lambda: services.claim_decide(
        actor=request.user, claim=c, approve=approve, reason=d["reason"], expected_version=d["version"]),
        f"已同意{c.org_unit.name}认领，项目已列入该单位的项目" if approve else "已不同意该认领申请")


@login_required
@require_POST
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    c = _claim(request, pk)
    if not can_at(request.user, services.ADD_CLAIM, c.org_unit.path):
        raise PermissionDenied("只有认领单位可以撤回申请")
    return step_back(request, c.get_absolute_url(), lambda: services.claim_withdraw(
        actor=request.user, claim=c, expected_version=posted_version(request)), "已撤回认领申请")


# ---------------------------------------------------------------- monthly bulletin


def _bulletin_unit(request: HttpRequest) -> OrgUnit:
    from zugong.core.params import int_param

    wanted = int_param(request.GET.get("org") or request.POST.get("org"))
    if wanted:
        return get_object_or_404(OrgUnit.objects.visible_to(request.user, "view"), pk=wanted)
    return require_unit(request)  # type: ignore[no-any-return]


@login_required
def bulletin_page(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "projects.view_progressreport")
    org = _bulletin_unit(request)
    today = timezone.localdate()
    month = bulletin.parse_month(request.GET.get("month")) or today.replace(day=1)
    if month > today:
        month = today.replace(day=1)
    start, end = bulletin.month_period(month)
    rows = bulletin.rows(request.user, org, end)
    prev = (start.replace(day=1) - timedelta(days=1)).replace(day=1)
    nxt = (end + timedelta(days=1))
    return render(request, "projects/bulletin.html", {
        "title": "项目月通报", "breadcrumbs": [("项目月通报", None)], "org": org, "month": month, "rows": rows,
        "ranking": bulletin.ranking(rows), "overdue": sum(r.overdue for r in rows), "done": sum(r.done for r in rows),
        "prev": prev.strftime("%Y-%m"), "next": nxt.strftime("%Y-%m") if nxt <= today else "",
        "issued": list(bulletin.issued_bulletins(request.user, org)[:12]),
        "can_draft": can_at(request.user, "stats.add_briefing", org.path),
    })


@login_required
@require_POST
def bulletin_draft(request: HttpRequest) -> HttpResponse:
    """A draft 月通报 for the month through the briefing machinery; the briefing page then issues it (签发)."""
    require_perm(request.user, "projects.view_progressreport")
    require_perm(request.user, "stats.add_briefing")
    org = _bulletin_unit(request)
    month = bulletin.parse_month(request.POST.get("month")) or timezone.localdate().replace(day=1)
    back = reverse("projects:bulletin") + f"?org={org.pk}&month={month:%Y-%m}"
    if not can_at(request.user, "stats.add_briefing", org.path):
        raise PermissionDenied("您没有编写该单位简报、通报的权限")
    try:
        b = bulletin.bulletin_draft(actor=request.user, org=org, month=month)
    except PermissionDenied:
        messages.error(request, "本单位还没有“项目月通报”模板，请由有模板编辑权限的同志先生成一次")
        return HttpResponseRedirect(back)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(back)
    messages.success(request, f"已生成{month.year}年{month.month}月项目月通报（草稿），核对后点击“签发”，签发时数字和清单一并冻结")
    return HttpResponseRedirect(reverse("stats:briefing_detail", args=[b.pk]))
