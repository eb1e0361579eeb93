"""Pages of the rules library: the list (generic register), full-text search, the rule with its version history and
the comparison of two versions, and one small page per action (new, revise, repeal, correct)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from zugong.accounts.access import can, has_perm_anywhere, require, require_perm
from zugong.core import files
from zugong.core.units import units_with
from zugong.core.views import Crumbs, ImportView, ScopedListView, posted_version, submit, template_response
from zugong.regulations import search, selectors, services
from zugong.regulations.filtersets import RuleFilterSet
from zugong.regulations.forms import EditForm, RepealForm, ReviseForm, RuleForm
from zugong.regulations.imports import RuleImport
from zugong.regulations.models import Rule, RuleVersion
from zugong.regulations.tables import RuleTable

VIEW = "regulations.view_rule"
VIEW_VERSIONS = "regulations.view_ruleversion"
LIST = ("制度库", "regulations:rule_list")


def _crumbs(*rest: tuple[str, str | None]) -> Crumbs:
    return [(LIST[0], reverse(LIST[1])), *rest]


def _page(request: HttpRequest, template: str, title: str, crumbs: Crumbs, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, template, {"title": title, "breadcrumbs": crumbs, **context}, status=status)


def _rule(request: HttpRequest, pk: int) -> Rule:
    require_perm(request.user, VIEW)
    return get_object_or_404(selectors.rules(request.user).select_related("org_unit", "current"), pk=pk)


class RuleListView(ScopedListView):
    model = Rule
    filterset_class = RuleFilterSet
    table_class = RuleTable
    title = "制度库"
    export_filename = "制度清单.xlsx"
    actions = [
        ("新建制度", "regulations:rule_add", services.ADD),
        ("导入制度", "regulations:rule_import", "regulations.import_rule"),
        ("全文检索", "regulations:search", VIEW),
    ]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit", "current").defer(*selectors.HEAVY)


@login_required
def rule_search(request: HttpRequest) -> HttpResponse:
    """Full-text search: matching rules with the phrase highlighted in the name, 文号 and a passage of the text."""
    require_perm(request.user, VIEW)
    phrase = (request.GET.get("q") or "").strip()[: search.MAX_QUERY]
    page = None
    if search.normalize(phrase):
        page = Paginator(selectors.search_results(request.user, phrase), 20).get_page(request.GET.get("page"))
        for r in page.object_list:
            text = r.current.text if r.current else ""
            r.hit_title = search.highlight(r.title, phrase)
            r.hit_doc = search.highlight(r.doc_number, phrase)
            r.hit_text = search.snippet(text, phrase)
    return _page(request, "regulations/search.html", "制度全文检索", _crumbs(("全文检索", None)), {"q": phrase, "page_obj": page})


@login_required
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The rule, its current text, the version history and (?a=&b=) the comparison of two versions."""
    rule = _rule(request, pk)
    user = request.user
    history = selectors.versions(rule) if has_perm_anywhere(user, VIEW_VERSIONS) else []
    pair = diff = None
    if history and request.GET.get("a") and request.GET.get("b"):
        pair = selectors.version_pair(rule, request.GET.get("a"), request.GET.get("b"))
        if pair is None:
            messages.error(request, "请选择该制度的两个不同版本进行对照")
        else:
            diff = selectors.text_diff(pair[0].text, pair[1].text)
    current_text = RuleVersion.objects.filter(pk=rule.current_id).values_list("text", flat=True).first() or ""
    can_change = can(user, "change", rule)
    return _page(request, "regulations/detail.html", rule.title, _crumbs((rule.title, None)), {
        "rule": rule, "current": rule.current, "current_text": current_text, "history": history, "pair": pair, "diff": diff,
        "default_a": history[1].number if len(history) >= 2 else None, "default_b": history[0].number if history else None,
        "can_change": can_change and rule.status == Rule.Status.IN_FORCE, "can_correct": can_change,
        "changed": sum(1 for row in diff or [] if row.op != "equal"),
    })


def _version_input(data: dict[str, Any]) -> services.VersionInput:
    return services.VersionInput(effective_on=data.get("effective_on"), summary=data.get("summary") or "", text=data.get("text") or "",
                                 upload=data.get("file"))


@login_required
def rule_add(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, services.ADD)
    units = units_with(request.user, services.ADD)
    form = RuleForm(request.POST or None, request.FILES or None, units=units,
                    initial={"effective_on": timezone.localdate(), "org_unit": units.first()})
    status = 200
    if request.method == "POST":
        rule, status = submit(form, lambda d: services.rule_create(
            actor=request.user, org_unit=d["org_unit"], title=d["title"], doc_number=d["doc_number"], category=d["category"],
            first=_version_input(d)))
        if rule is not None:
            messages.success(request, f"已新建制度“{rule.title}”（第1版）")
            return HttpResponseRedirect(rule.get_absolute_url())
    return _page(request, "core/form.html", "新建制度", _crumbs(("新建制度", None)), {"form": form}, status=status)


def _change(request: HttpRequest, pk: int) -> Rule:
    rule = _rule(request, pk)
    require(request.user, "change", rule)
    return rule


def _repealed(request: HttpRequest, rule: Rule) -> HttpResponse | None:
    """A repealed rule is neither revised nor repealed again: back to it with the message."""
    if rule.status == Rule.Status.IN_FORCE:
        return None
    messages.error(request, services.MSG_REPEALED)
    return HttpResponseRedirect(rule.get_absolute_url(), status=303)


@login_required
def rule_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a 修订 version: the form starts from the current text, so only the changed articles need editing."""
    rule = _change(request, pk)
    if (back := _repealed(request, rule)) is not None:
        return back
    current = RuleVersion.objects.get(pk=rule.current_id)
    form = ReviseForm(request.POST or None, request.FILES or None, initial={
        "title": rule.title, "doc_number": rule.doc_number, "effective_on": timezone.localdate(), "text": current.text,
        "version": rule.version})
    status = 200
    if request.method == "POST":
        version, status = submit(form, lambda d: services.rule_revise(
            actor=request.user, rule=rule, expected_version=posted_version(request), change=_version_input(d), title=d["title"],
            doc_number=d["doc_number"]))
        if version is not None:
            messages.success(request, f"已修订，第{version.number}版为现行版本")
            return HttpResponseRedirect(rule.get_absolute_url())
    return _page(request, "core/form.html", f"修订：{rule.title}", _crumbs((rule.title, rule.get_absolute_url()), ("修订", None)),
                 {"form": form, "object": rule}, status=status)


@login_required
def rule_repeal(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _change(request, pk)
    if (back := _repealed(request, rule)) is not None:
        return back
    form = RepealForm(request.POST or None, initial={"repealed_on": timezone.localdate(), "version": rule.version})
    status = 200
    if request.method == "POST":
        done, status = submit(form, lambda d: services.rule_repeal(
            actor=request.user, rule=rule, expected_version=posted_version(request), repealed_on=d["repealed_on"],
            reason=d["repeal_reason"]))
        if done is not None:
            messages.success(request, f"已废止“{rule.title}”")
            return HttpResponseRedirect(rule.get_absolute_url())
    return _page(request, "core/form.html", f"废止：{rule.title}", _crumbs((rule.title, rule.get_absolute_url()), ("废止", None)),
                 {"form": form, "object": rule}, status=status)


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the registration details; the versions keep what they recorded."""
    rule = _change(request, pk)
    form = EditForm(request.POST or None, initial={"title": rule.title, "doc_number": rule.doc_number, "category": rule.category,
                                                   "version": rule.version})
    status = 200
    if request.method == "POST":
        done, status = submit(form, lambda d: services.rule_update(
            actor=request.user, rule=rule, expected_version=posted_version(request), title=d["title"], doc_number=d["doc_number"],
            category=d["category"]))
        if done is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(rule.get_absolute_url())
    return _page(request, "core/form.html", f"更正登记信息：{rule.title}",
                 _crumbs((rule.title, rule.get_absolute_url()), ("更正登记信息", None)), {"form": form, "object": rule}, status=status)


@login_required
def version_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file of a version, for those who may read the rule's versions."""
    require_perm(request.user, VIEW_VERSIONS)
    v = get_object_or_404(RuleVersion.objects.visible_to(request.user, "view").select_related("file"), pk=pk, file__isnull=False)
    return files.download(v.file)


class RuleImportView(ImportView):
    resource_class = RuleImport
    title = "导入制度"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))


@login_required
def rule_import_template(request: HttpRequest) -> FileResponse:
    return template_response(RuleImport, request.user)
