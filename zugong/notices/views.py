"""Inbox pages: the list, open one notice (marks it read), mark all read. Always the user's own notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from zugong.notices import selectors, services
from zugong.notices.models import is_relative_url

PAGE_SIZE = 20


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("filter") == "unread"
    page = Paginator(selectors.inbox(request.user, unread_only=unread_only), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "notices/inbox.html", {
        "title": "站内消息", "breadcrumbs": [("站内消息", None)], "page_obj": page, "unread_only": unread_only,
        "query_string": params.urlencode(),
    })


@login_required
@require_POST
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go to what it is about; another user's notice is as good as missing (404)."""
    notice = get_object_or_404(selectors.inbox(request.user), pk=pk)
    services.mark_read(request.user, [notice.pk])
    url = notice.url
    if url and is_relative_url(url) and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(url)
    return HttpResponseRedirect(reverse("notices:inbox"))


@login_required
@require_POST
def notice_mark_all_read(request: HttpRequest) -> HttpResponse:
    n = services.mark_all_read(request.user)
    messages.success(request, f"已将 {n} 条消息标为已读" if n else "没有未读消息")
    return HttpResponseRedirect(reverse("notices:inbox"))
