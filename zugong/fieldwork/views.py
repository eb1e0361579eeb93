"""基层工作 pages: the five registers declared on the generic views, plus the small steps posted from detail pages
(contact log, milestones, handing a problem to the rectification ledger) and the report download."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from zugong.accounts.access import can, can_at, require, require_perm
from zugong.core import files
from zugong.core.views import (
    Crumbs,
    ImportView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    form_refused,
    posted_version,
    step_back,
    template_response,
)
from zugong.fieldwork import services, topics
from zugong.fieldwork.filtersets import (
    PairingFilterSet,
    PointFilterSet,
    ProblemFilterSet,
    TopicFilterSet,
    VisitFilterSet,
)
from zugong.fieldwork.forms import (
    ContactForm,
    LedgerForm,
    MilestoneForm,
    PairingForm,
    PointForm,
    ProblemForm,
    TopicForm,
    VisitForm,
)
from zugong.fieldwork.imports import VisitImport
from zugong.fieldwork.models import (
    ContactPoint,
    FieldVisit,
    GrassrootsProblem,
    Pairing,
    ResearchTopic,
    TopicMilestone,
)
from zugong.fieldwork.tables import PairingTable, PointTable, ProblemTable, TopicTable, VisitTable
from zugong.people.models import Cadre

LISTS = {
    FieldVisit: ("下基层（四进）", "fieldwork:visit_list"),
    ContactPoint: ("联系点", "fieldwork:point_list"),
    Pairing: ("结对帮扶", "fieldwork:pairing_list"),
    GrassrootsProblem: ("解决实际问题", "fieldwork:problem_list"),
    ResearchTopic: ("领衔课题", "fieldwork:topic_list"),
}


CADRES_BY_PINYIN = Prefetch("cadres", queryset=Cadre.objects.order_by("name_pinyin", "pk"))
MSG_MILESTONE_GONE = "该进度节点已删除"


def _crumbs(model: type[Any], *rest: tuple[str, str | None]) -> Crumbs:
    label, url = LISTS[model]
    return [(label, reverse(url)), *rest]


def _data(form: Any) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("version", "report")}


# ---------------------------------------------------------------- generic pieces


class RecordCreateView(ScopedFormView):
    action = "add"
    create: ClassVar[Any]

    def crumbs(self) -> Crumbs:
        return _crumbs(self.model, (self.title, None))

    def save(self, form: Any) -> Any:
        return type(self).create(actor=self.request.user, data=_data(form))


class RecordUpdateView(ScopedFormView):
    action = "change"
    update: ClassVar[Any]
    keyword: ClassVar[str]

    def get_object(self) -> Any:
        return get_object_or_404(self.model.objects.visible_to(self.request.user, "view"), pk=self.kwargs["pk"])  # type: ignore[attr-defined]

    def crumbs(self) -> Crumbs:
        return _crumbs(self.model, (str(self.object), self.object.get_absolute_url()), (self.title, None))

    def save(self, form: Any) -> Any:
        version = form.cleaned_data.get("version") or self.object.version
        return type(self).update(actor=self.request.user, expected_version=version, data=_data(form), **{self.keyword: self.object})


class RecordDeleteView(ScopedDeleteView):
    remove: ClassVar[Any]
    keyword: ClassVar[str]

    def delete(self, obj: Any) -> None:  # type: ignore[override]
        type(self).remove(actor=self.request.user, **{self.keyword: obj})

    def success_url(self) -> str:
        return reverse(LISTS[self.model][1])


class RecordDetailView(ScopedDetailView):
    def crumbs(self) -> Crumbs:
        return _crumbs(self.model, (str(self.object), None))

    def context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        self.title = str(obj)
        return {"can_change": can(user, "change", obj), "can_delete": can(user, "delete", obj), **self.more(obj)}

    def more(self, obj: Any) -> dict[str, Any]:
        return {}


# ---------------------------------------------------------------- field visits


class VisitListView(ScopedListView):
    model = FieldVisit
    filterset_class = VisitFilterSet
    table_class = VisitTable
    title = "下基层（四进）"
    export_filename = "下基层记录.xlsx"
    actions = [("登记下基层", "fieldwork:visit_add", "fieldwork.add_fieldvisit"),
               ("导入下基层记录", "fieldwork:visit_import", "fieldwork.import_fieldvisit")]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit", "contact_point").prefetch_related(CADRES_BY_PINYIN)


class VisitDetailView(RecordDetailView):
    model = FieldVisit
    template_name = "fieldwork/visit_detail.html"

    def object_queryset(self) -> Any:
        return super().object_queryset().select_related("org_unit", "contact_point__office")

    def more(self, obj: FieldVisit) -> dict[str, Any]:
        user = self.request.user
        return {"cadres": obj.cadres.select_related("org_unit").order_by("name_pinyin"),
                "problems": GrassrootsProblem.objects.visible_to(user, "view").filter(visit=obj).order_by("raised_on", "id"),
                "can_add_problem": can_at(user, "fieldwork.add_grassrootsproblem", obj.org_unit.path)}


class VisitCreateView(RecordCreateView):
    model = FieldVisit
    form_class = VisitForm
    title = "登记下基层"
    create = services.visit_create


class VisitUpdateView(RecordUpdateView):
    model = FieldVisit
    form_class = VisitForm
    title = "修改下基层记录"
    update = services.visit_update
    keyword = "visit"


class VisitDeleteView(RecordDeleteView):
    model = FieldVisit
    title = "删除下基层记录"
    remove = services.visit_delete
    keyword = "visit"


class VisitImportView(ImportView):
    resource_class = VisitImport
    title = "导入下基层记录"

    def crumbs(self) -> Crumbs:
        return _crumbs(FieldVisit, (self.title, None))


@login_required
def visit_import_template(request: HttpRequest) -> FileResponse:
    return template_response(VisitImport, request.user)


# ---------------------------------------------------------------- contact points


class PointListView(ScopedListView):
    model = ContactPoint
    filterset_class = PointFilterSet
    table_class = PointTable
    title = "联系点"
    export_filename = "联系点.xlsx"
    actions = [("新增联系点", "fieldwork:point_add", "fieldwork.add_contactpoint")]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit", "office").annotate(visit_persons=Coalesce(Sum("visits__person_count"), 0))


class PointDetailView(RecordDetailView):
    model = ContactPoint
    template_name = "fieldwork/point_detail.html"

    def object_queryset(self) -> Any:
        return super().object_queryset().select_related("org_unit", "office")

    def more(self, obj: ContactPoint) -> dict[str, Any]:
        visits = FieldVisit.objects.visible_to(self.request.user, "view").filter(contact_point=obj)
        totals = visits.aggregate(n=Count("id"), persons=Coalesce(Sum("person_count"), 0))
        return {"visit_count": totals["n"], "visit_persons": totals["persons"],
                "visits": visits.select_related("org_unit").prefetch_related(CADRES_BY_PINYIN).order_by("-date", "-id")[:20]}


class PointCreateView(RecordCreateView):
    model = ContactPoint
    form_class = PointForm
    title = "新增联系点"
    create = services.point_create


class PointUpdateView(RecordUpdateView):
    model = ContactPoint
    form_class = PointForm
    title = "修改联系点"
    update = services.point_update
    keyword = "point"


class PointDeleteView(RecordDeleteView):
    model = ContactPoint
    title = "删除联系点"
    remove = services.point_delete
    keyword = "point"


# ---------------------------------------------------------------- pairings


class PairingListView(ScopedListView):
    model = Pairing
    filterset_class = PairingFilterSet
    table_class = PairingTable
    title = "结对帮扶"
    export_filename = "结对帮扶.xlsx"
    actions = [("新增帮扶对子", "fieldwork:pairing_add", "fieldwork.add_pairing")]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit", "cadre")


class PairingDetailView(RecordDetailView):
    model = Pairing
    template_name = "fieldwork/pairing_detail.html"

    def object_queryset(self) -> Any:
        return super().object_queryset().select_related("org_unit", "cadre")

    def more(self, obj: Pairing) -> dict[str, Any]:
        user = self.request.user
        contacts = Paginator(obj.contacts.order_by("-date", "-id"), 30).get_page(self.request.GET.get("page"))
        return {"contacts": contacts, "contact_form": ContactForm(),
                "problems": GrassrootsProblem.objects.visible_to(user, "view").filter(pairing=obj).order_by("raised_on", "id"),
                "can_add_problem": can_at(user, "fieldwork.add_grassrootsproblem", obj.org_unit.path)}


class PairingCreateView(RecordCreateView):
    model = Pairing
    form_class = PairingForm
    title = "新增帮扶对子"
    create = services.pairing_create


class PairingUpdateView(RecordUpdateView):
    model = Pairing
    form_class = PairingForm
    title = "修改帮扶对子"
    update = services.pairing_update
    keyword = "pairing"


class PairingDeleteView(RecordDeleteView):
    model = Pairing
    title = "删除帮扶对子"
    remove = services.pairing_delete
    keyword = "pairing"


def _visible(request: HttpRequest, model: type[Any], pk: int, action: str = "change") -> Any:
    from zugong.core.scope import perm_name

    require_perm(request.user, perm_name(model, "view"))
    obj = get_object_or_404(model.objects.visible_to(request.user, "view").select_related("org_unit"), pk=pk)
    require(request.user, action, obj)
    return obj


@login_required
@require_POST
def pairing_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _visible(request, Pairing, pk)
    url = reverse("fieldwork:pairing_detail", args=[pairing.pk]) + "#contacts"
    form = ContactForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, url)
    return step_back(request, url, lambda: services.contact_add(actor=request.user, pairing=pairing, day=form.cleaned_data["date"],
                                                                content=form.cleaned_data["content"]), "已登记联系记录")


# ---------------------------------------------------------------- problems solved


class ProblemListView(ScopedListView):
    model = GrassrootsProblem
    filterset_class = ProblemFilterSet
    table_class = ProblemTable
    title = "为基层群众解决实际问题"
    export_filename = "解决实际问题.xlsx"
    actions = [("登记问题", "fieldwork:problem_add", "fieldwork.add_grassrootsproblem")]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit", "ledger_measure")


class ProblemDetailView(RecordDetailView):
    model = GrassrootsProblem
    template_name = "fieldwork/problem_detail.html"

    def object_queryset(self) -> Any:
        return super().object_queryset().select_related("org_unit", "visit", "pairing__cadre", "ledger_measure", "ledger_problem")

    def more(self, obj: GrassrootsProblem) -> dict[str, Any]:
        user = self.request.user
        ledger_ok = (obj.status == GrassrootsProblem.Status.UNSOLVED and not obj.ledger_measure_id
                     and can(user, "change", obj) and can_at(user, "opinions.change_problem", obj.org_unit.path)
                     and can_at(user, "opinions.change_measure", obj.org_unit.path))
        return {"can_ledger": ledger_ok, "ledger_form": LedgerForm(initial={"version": obj.version}) if ledger_ok else None,
                "can_view_measure": obj.ledger_measure_id is not None and can_at(user, "opinions.view_measure", obj.org_unit.path),
                "can_view_visit": obj.visit is not None and can(user, "view", obj.visit),
                "can_view_pairing": obj.pairing is not None and can(user, "view", obj.pairing)}


class ProblemCreateView(RecordCreateView):
    model = GrassrootsProblem
    form_class = ProblemForm
    title = "登记为基层群众解决的实际问题"
    create = services.problem_create

    def get_form(self, data: Any = None, files: Any = None) -> Any:
        source: dict[str, Any] = {}
        for key, model in (("visit", FieldVisit), ("pairing", Pairing)):
            raw = self.request.GET.get(key, "")
            if raw.isdigit():
                found = model.objects.visible_to(self.request.user, "view").filter(pk=int(raw)).first()
                if found is not None:
                    source[key] = found
        return ProblemForm(data=data, files=files, user=self.request.user, instance=None, source=source)


class ProblemUpdateView(RecordUpdateView):
    model = GrassrootsProblem
    form_class = ProblemForm
    title = "修改问题"
    update = services.problem_update
    keyword = "problem"


class ProblemDeleteView(RecordDeleteView):
    model = GrassrootsProblem
    title = "删除问题"
    remove = services.problem_delete
    keyword = "problem"


@login_required
@require_POST
def problem_to_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    """转入整改台帐: a problem of the unit and one measure in the rectification ledger."""
    problem = _visible(request, GrassrootsProblem, pk)
    url = reverse("fieldwork:problem_detail", args=[problem.pk])
    form = LedgerForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, url)
    d = form.cleaned_data
    data = {"content": d["content"], "leader": d["leader"], "responsible": d["responsible"], "deadline": d["deadline"], "days": d["days"]}
    return step_back(request, url, lambda: services.problem_to_ledger(
        actor=request.user, problem=problem, category=d["category"], data=data, expected_version=posted_version(request)),
        "已转入整改台帐，整改措施在整改台帐中落实和验收")


# ---------------------------------------------------------------- research topics


class TopicListView(ScopedListView):
    model = ResearchTopic
    filterset_class = TopicFilterSet
    table_class = TopicTable
    title = "领衔课题"
    export_filename = "领衔课题.xlsx"
    actions = [("新增课题", "fieldwork:topic_add", "fieldwork.add_researchtopic")]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit", "lead").prefetch_related("team")


class TopicDetailView(RecordDetailView):
    model = ResearchTopic
    template_name = "fieldwork/topic_detail.html"

    def object_queryset(self) -> Any:
        return super().object_queryset().select_related("org_unit", "lead", "report_file")

    def more(self, obj: ResearchTopic) -> dict[str, Any]:
        return {"team": obj.team.select_related("org_unit").order_by("name_pinyin"), "milestones": obj.milestones.all(),
                "milestone_form": MilestoneForm()}


class TopicCreateView(RecordCreateView):
    model = ResearchTopic
    form_class = TopicForm
    title = "新增领衔课题"

    def save(self, form: Any) -> Any:
        return topics.topic_create(actor=self.request.user, data=_data(form), report=form.cleaned_data.get("report") or None)


class TopicUpdateView(RecordUpdateView):
    model = ResearchTopic
    form_class = TopicForm
    title = "修改领衔课题"

    def save(self, form: Any) -> Any:
        version = form.cleaned_data.get("version") or self.object.version
        return topics.topic_update(actor=self.request.user, topic=self.object, data=_data(form), expected_version=version,
                                   report=form.cleaned_data.get("report") or None)


class TopicDeleteView(RecordDeleteView):
    model = ResearchTopic
    title = "删除领衔课题"
    remove = topics.topic_delete
    keyword = "topic"


@login_required
def topic_report(request: HttpRequest, pk: int) -> FileResponse:
    topic = _visible(request, ResearchTopic, pk, action="view")
    if topic.report_file_id is None:
        from django.http import Http404

        raise Http404("尚未上传调研报告")
    return files.download(topic.report_file)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _visible(request, ResearchTopic, pk)
    url = reverse("fieldwork:topic_detail", args=[topic.pk]) + "#milestones"
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, url)
    return step_back(request, url, lambda: topics.milestone_add(actor=request.user, topic=topic, day=form.cleaned_data["date"],
                                                                title=form.cleaned_data["title"]), "已添加进度节点")


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    topic = _visible(request, ResearchTopic, pk)
    milestone = get_object_or_404(TopicMilestone.objects.filter(topic=topic), pk=milestone_id)
    url = reverse("fieldwork:topic_detail", args=[topic.pk]) + "#milestones"
    done = request.POST.get("done") != "0"
    return step_back(request, url, lambda: topics.milestone_set_done(actor=request.user, milestone=milestone, done=done),
                     "已标记完成" if done else "已改为未完成")


@login_required
@require_POST
def milestone_delete(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    topic = _visible(request, ResearchTopic, pk)
    url = reverse("fieldwork:topic_detail", args=[topic.pk]) + "#milestones"
    milestone = TopicMilestone.objects.filter(topic=topic, pk=milestone_id).first()
    if milestone is None:  # deleted already (a second click, another tab): say so on the topic's page
        messages.info(request, MSG_MILESTONE_GONE)
        return HttpResponseRedirect(url, status=303)
    return step_back(request, url, lambda: topics.milestone_delete(actor=request.user, milestone=milestone), "已删除进度节点")
