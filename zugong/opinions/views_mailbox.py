"""The handlers' side of the public mailbox: the inbox of the units in scope, a letter (content decrypted, the
contact masked until revealed), 受理, 转办 to a unit below, 答复. Thin views: services in mailbox.py."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, require_at, require_perm
from zugong.core import files
from zugong.core.crypto import decrypt
from zugong.core.views import form_refused, posted_version, step_back
from zugong.opinions import mailbox
from zugong.opinions.forms_mailbox import ReplyForm, TransferForm
from zugong.opinions.models import MailboxCase
from zugong.orgs.models import OrgUnit

INBOX = ("公开信箱来信", "opinions:case_list")
FILTERS = {"received": "待受理", "accepted": "办理中", "replied": "已答复", "overdue": "已逾期"}


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, mailbox.VIEW)
    today = timezone.localdate()
    qs = (MailboxCase.objects.visible_to(request.user, "view").select_related("opinion", "opinion__org_unit", "opinion__category")
          .order_by("-received_on", "-id"))
    show = request.GET.get("show", "")
    if show in ("received", "accepted", "replied"):
        qs = qs.filter(status=show)
    elif show == "overdue":
        qs = qs.filter(Q(status=MailboxCase.Status.RECEIVED, ack_due__lt=today) | (~Q(status=MailboxCase.Status.REPLIED) & Q(reply_due__lt=today)))
    else:
        show = ""
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for c in page:
        c.late = c.overdue(today)  # type: ignore[attr-defined]
    return render(request, "opinions/case_list.html", {
        "title": "公开信箱来信", "breadcrumbs": [("公开信箱来信", None)], "page_obj": page, "show": show, "filters": FILTERS})


def _case(request: HttpRequest, pk: int) -> MailboxCase:
    require_perm(request.user, mailbox.VIEW)
    return get_object_or_404(MailboxCase.objects.visible_to(request.user, "view")
                             .select_related("opinion", "opinion__org_unit", "opinion__category", "transferred_from"), pk=pk)


def _below(case: MailboxCase) -> Any:
    unit = case.opinion.org_unit
    return (OrgUnit.objects.filter(path__startswith=unit.path, is_active=True).exclude(pk=unit.pk).exclude(kind=OrgUnit.Kind.OFFICE)
            .order_by("path"))


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    can_handle = can_at(request.user, mailbox.HANDLE, case.opinion.org_unit.path)
    replied = case.status == MailboxCase.Status.REPLIED
    return render(request, "opinions/case_detail.html", {
        "title": str(case), "breadcrumbs": [(INBOX[0], reverse(INBOX[1])), (str(case), None)], "case": case, "o": case.opinion,
        "content": decrypt(case.content_enc), "files": list(case.files.all()), "can_handle": can_handle,
        "late": case.overdue(timezone.localdate()),
        "reply_form": ReplyForm(initial={"version": case.version}) if can_handle and not replied else None,
        "transfer_form": TransferForm(units=_below(case), initial={"version": case.version}) if can_handle and not replied
        and _below(case).exists() else None,
    })


@login_required
def case_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    case = _case(request, pk)
    return files.download(get_object_or_404(case.files.all(), pk=file_id))


@login_required
@require_POST
def case_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_at(request.user, mailbox.HANDLE, case.opinion.org_unit.path)
    return step_back(request, case.get_absolute_url(),
                     lambda: mailbox.acknowledge(actor=request.user, case=case, expected_version=posted_version(request)), "已受理")


@login_required
@require_POST
def case_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_at(request.user, mailbox.HANDLE, case.opinion.org_unit.path)
    form = TransferForm(request.POST, units=_below(case))
    if not form.is_valid():
        return form_refused(request, form, case.get_absolute_url())
    to = form.cleaned_data["to"]
    return step_back(request, case.get_absolute_url(),
                     lambda: mailbox.transfer(actor=request.user, case=case, to=to, expected_version=posted_version(request)),
                     f"已转交{to.name}办理")


@login_required
@require_POST
def case_reply(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_at(request.user, mailbox.HANDLE, case.opinion.org_unit.path)
    return step_back(request, case.get_absolute_url(),
                     lambda: mailbox.reply(actor=request.user, case=case, text=request.POST.get("reply", ""),
                                           expected_version=posted_version(request)), "已答复，来信人可凭回执码查看")


@login_required
@require_POST
def case_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The contact details in full (an htmx fragment); audited."""
    case = _case(request, pk)
    require_at(request.user, mailbox.HANDLE, case.opinion.org_unit.path)
    return render(request, "opinions/_contact.html", {"contact": mailbox.reveal_contact(actor=request.user, case=case)})
