"""Login, logout, password change, unit switcher; account pages for 系统管理员 and grants for 安全管理员.

三员 pages read account tables, which are not business data, so they do not go through visible_to;
each is reachable only by its own admin role."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zugong.accounts import access, services
from zugong.accounts.forms import GrantForm, LoginForm, PasswordChangeForm, PasswordResetForm, UserCreateForm
from zugong.accounts.models import Role, RoleAssignment, User
from zugong.core.errors import ValidationError
from zugong.core.params import int_param
from zugong.core.units import SESSION_KEY, switchable_units
from zugong.core.views import apply_service_errors


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("accounts:login")  # type: ignore[assignment]


def _page(request: HttpRequest, template: str, title: str, ctx: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, template, {"title": title, "breadcrumbs": [(title, None)], **ctx}, status=status)


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.password_change(
                    actor=request.user, old_password=form.cleaned_data["old_password"],  # type: ignore[arg-type]
                    new_password=form.cleaned_data["new_password"], session_key=request.session.session_key,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                from django.contrib.auth import update_session_auth_hash

                update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
                messages.success(request, "密码已修改，其他设备上的登录已失效")
                return HttpResponseRedirect(reverse("core:home"))
    return _page(request, "core/form.html", "修改密码", {"form": form}, status)


@login_required
@require_POST
def switch_unit(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("unit", "")
    ids = [pk for pk, _ in switchable_units(request.user)]
    unit_id = int_param(raw)
    if unit_id is None or unit_id not in ids:
        raise PermissionDenied("您在该单位没有授权")
    request.session[SESSION_KEY] = unit_id
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = reverse("core:home")
    return HttpResponseRedirect(nxt)


def _sysadmin(request: HttpRequest) -> None:
    if not access.is_sysadmin(request.user):
        raise PermissionDenied(services.MSG_NOT_SYSADMIN)


def _secadmin(request: HttpRequest) -> None:
    if not access.is_secadmin(request.user):
        raise PermissionDenied(services.MSG_NOT_SECADMIN)


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _sysadmin(request)
    users = User.objects.order_by("username")
    return _page(request, "accounts/user_list.html", "账号管理", {"users": users})


@login_required
def user_add(request: HttpRequest) -> HttpResponse:
    _sysadmin(request)
    form = UserCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.user_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "账号已创建")
                return HttpResponseRedirect(reverse("accounts:user_list"))
    return _page(request, "core/form.html", "新建账号", {"form": form}, status)


@login_required
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    _sysadmin(request)
    user = get_object_or_404(User, pk=pk)
    try:
        services.user_set_active(actor=request.user, user=user, active=request.POST.get("active") == "1")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return HttpResponseRedirect(reverse("accounts:user_list"))


@login_required
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    _sysadmin(request)
    target = get_object_or_404(User, pk=pk)
    if target.admin_role:
        raise PermissionDenied(services.MSG_ADMIN_BY_COMMAND)
    form = PasswordResetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.user_reset_password(actor=request.user, user=target, password=form.cleaned_data["password"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"已重置 {target} 的密码")
                return HttpResponseRedirect(reverse("accounts:user_list"))
    return _page(request, "core/form.html", f"重置密码：{target}", {"form": form}, status)


@login_required
def grant_list(request: HttpRequest) -> HttpResponse:
    _secadmin(request)
    form = GrantForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.grant_add(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "已授权")
                return HttpResponseRedirect(reverse("accounts:grant_list"))
    grants = RoleAssignment.objects.select_related("user", "role", "org_unit").order_by("user__username", "org_unit__path")
    roles = Role.objects.all()
    return _page(request, "accounts/grant_list.html", "角色授权", {"form": form, "grants": grants, "roles": roles}, status)


@login_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _secadmin(request)
    grant = get_object_or_404(RoleAssignment, pk=pk)
    services.grant_revoke(actor=request.user, grant=grant)
    messages.success(request, "已撤销授权")
    return HttpResponseRedirect(reverse("accounts:grant_list"))
