"""Pages of 学: study sessions, study hours and their requirements, training classes (courses, enrolment,
点训, completion) and training coverage (轮训). Thin views: services in study.py / training.py, reads in
coverage.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from zugong.accounts.access import can_at, require_perm, scope_paths
from zugong.core import files
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.params import int_param
from zugong.core.scope import paths_q
from zugong.core.units import require_unit
from zugong.core.views import submit
from zugong.learning import coverage as cov
from zugong.learning import study, training
from zugong.learning.forms_study import (
    CourseForm,
    CoverageRuleForm,
    EnrolForm,
    RequirementForm,
    SelfEnrolForm,
    StudySessionForm,
    TrainingClassForm,
)
from zugong.learning.models import (
    CoverageRule,
    Enrollment,
    StudyKind,
    StudyRequirement,
    StudySession,
    TrainingClass,
)
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre, Rank
from zugong.people.selectors import ON_ROLL, cadre_of

VIEW_STUDY = "learning.view_studysession"
VIEW_CLASS = "learning.view_trainingclass"
VIEW_ENROLLMENT = "learning.view_enrollment"
MAX_UNIT_CHOICES = 200

Crumbs = list[tuple[str, str | None]]


def _crumbs(root: tuple[str, str], *items: tuple[str, str | None]) -> Crumbs:
    return [(root[0], reverse(root[1])), *items]


STUDY = ("学习活动", "learning:study_list")
CLASSES = ("培训班", "learning:class_list")


def _scoped_unit(request: HttpRequest, perm: str) -> OrgUnit:
    """The unit a page looks at: ?unit= (a unit within the user's scope for `perm`: 404 otherwise), else
    the current unit."""
    unit = require_unit(request)
    wanted = int_param(request.GET.get("unit"))
    if wanted is None or wanted == unit.pk:
        return unit
    other = OrgUnit.objects.filter(paths_q("path", scope_paths(request.user, perm)), pk=wanted).first()
    if other is None:
        raise Http404("单位不存在或不在您的授权范围内")
    return other


def _unit_choices(request: HttpRequest, unit: OrgUnit) -> list[OrgUnit]:
    """The current unit and the units below it (no offices) for the unit filter."""
    top = require_unit(request)
    base = top if unit.path.startswith(top.path) else unit
    return list(OrgUnit.objects.filter(path__startswith=base.path, is_active=True).exclude(kind=OrgUnit.Kind.OFFICE)
                .order_by("path")[:MAX_UNIT_CHOICES])


def _year(request: HttpRequest, default: int | None = None) -> int | None:
    raw = request.GET.get("year", "")
    y = int_param(raw, max_digits=4)
    return y if y is not None and 1900 < y < 2200 else default


def _export(request: HttpRequest, title: str, headers: list[str], rows: Any, unit: OrgUnit) -> HttpResponse:
    """The filtered list as xlsx (streamed from the query, audited like every export)."""
    from zugong.audit.services import record
    from zugong.core.exports import xlsx_response

    record(action="learning.exported", actor=request.user, object_type="learning", object_repr=f"{title}（{unit.name}）",
           org_unit_id=unit.pk, after={"query": request.GET.urlencode()})
    return xlsx_response(headers, rows, filename=f"{title}（{unit.name}）.xlsx", sheet=title)


# ---------------------------------------------------------------- study sessions


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW_STUDY)
    unit = _scoped_unit(request, VIEW_STUDY)
    qs = (StudySession.objects.visible_to(request.user, "view").filter(org_unit__path__startswith=unit.path)
          .select_related("org_unit", "kind").annotate(n=Count("attendance")))
    kinds = list(StudyKind.objects.all())
    kind = request.GET.get("kind", "")
    if kind in {k.code for k in kinds}:
        qs = qs.filter(kind__code=kind)
    else:
        kind = ""
    year = _year(request)
    if year is not None:
        qs = qs.filter(date__year=year)
    if request.GET.get("export") == "xlsx":
        return _export(request, "学习活动", ["日期", "形式", "主题", "主讲人", "地点", "学时", "参加人数", "组织单位"],
                       ([s.date, s.kind.name, s.topic, s.speaker, s.place, s.hours, s.n, s.org_unit.name]
                        for s in qs.order_by("-date", "-id").iterator(chunk_size=2000)), unit)
    page = Paginator(qs.order_by("-date", "-id"), 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "learning/study_list.html", {
        "title": "学习活动", "breadcrumbs": [("学习活动", None)], "unit": unit, "units": _unit_choices(request, unit),
        "page_obj": page, "kinds": kinds, "kind": kind, "year": year or "", "query_string": params.urlencode(),
        "can_add": study.units_with(request.user, study.ADD).exists(),
    })


def _study_form_page(request: HttpRequest, *, form: StudySessionForm, unit: OrgUnit, title: str, session: StudySession | None,
                     units: list[OrgUnit], status: int = 200) -> HttpResponse:
    picked = {c.pk for c in form.cleaned_data.get("attendees", [])} if form.is_bound and hasattr(form, "cleaned_data") else set()
    if form.is_bound and not picked:
        picked = {pk for pk in (int_param(x) for x in request.POST.getlist("attendees")) if pk is not None}
    elif not form.is_bound and session is not None:
        picked = set(session.attendance.values_list("cadre_id", flat=True))
    offices = {pk for pk in (int_param(x) for x in request.POST.getlist("offices")) if pk is not None} if form.is_bound else set()
    groups = study.roster_groups(request.user, unit)
    crumbs = _crumbs(STUDY, (session.topic, session.get_absolute_url()), ("修改", None)) if session else _crumbs(STUDY, ("登记", None))
    return render(request, "learning/study_form.html", {
        "title": title, "breadcrumbs": crumbs, "form": form, "unit": unit, "units": units, "session": session,
        "groups": groups, "picked": picked, "picked_offices": offices, "pick_name": "attendees", "enrolled": set(),
        "pick_errors": [*form["attendees"].errors, *form["offices"].errors],
    }, status=status)


@login_required
def study_add(request: HttpRequest) -> HttpResponse:
    units = list(study.units_with(request.user, study.ADD))
    if not units:
        raise PermissionDenied("您没有登记学习活动的权限")
    wanted = int_param(request.GET.get("unit"))
    current = require_unit(request)
    unit = next((u for u in units if u.pk == wanted), None) or next((u for u in units if u.pk == current.pk), None) \
        or next((u for u in units if current.path.startswith(u.path)), units[0])
    roster = study.roster(request.user, unit).select_related("org_unit", "office")
    form = StudySessionForm(request.POST or None, request.FILES or None, user=request.user, unit=unit, roster=roster,
                            offices=study.roster_offices(unit), initial={"date": timezone.localdate()})
    status = 200
    if request.method == "POST":
        s, status = submit(form, lambda d: study.studysession_create(actor=request.user, org_unit=unit, data=d, attendees=d["attendees"],
                                                                      uploads=d.get("attachments") or []))
        if s is not None:
            messages.success(request, f"已登记学习活动，参加 {s.attendance.count()} 人")
            return HttpResponseRedirect(s.get_absolute_url(), status=303)
    return _study_form_page(request, form=form, unit=unit, title=f"登记学习活动（{unit.name}）", session=None, units=units,
                            status=status)


def _session(request: HttpRequest, pk: int) -> StudySession:
    require_perm(request.user, VIEW_STUDY)
    return get_object_or_404(StudySession.objects.visible_to(request.user, "view").select_related("org_unit", "kind", "created_by"),
                             pk=pk)


@login_required
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = _session(request, pk)
    attendance = list(s.attendance.select_related("cadre", "cadre__org_unit", "cadre__office")
                      .order_by("cadre__org_unit__path", "cadre__name_pinyin", "cadre_id"))
    return render(request, "learning/study_detail.html", {
        "title": s.topic, "breadcrumbs": _crumbs(STUDY, (s.topic, None)), "s": s, "attendance": attendance,
        "files": list(s.files.all()), "can_edit": can_at(request.user, study.ADD, s.org_unit.path),
    })


@login_required
def study_edit(request: HttpRequest, pk: int) -> HttpResponse:
    s = _session(request, pk)
    if not can_at(request.user, study.ADD, s.org_unit.path):
        raise PermissionDenied("您没有修改该学习活动的权限")
    unit = s.org_unit
    current = list(s.attendance.values_list("cadre_id", flat=True))
    roster = Cadre.objects.visible_to(request.user, "view").filter(Q(pk__in=study.roster(request.user, unit).values("pk")) | Q(pk__in=current))
    form = StudySessionForm(request.POST or None, request.FILES or None, user=request.user, unit=unit, roster=roster,
                            offices=study.roster_offices(unit), initial={
                                "kind": s.kind, "date": s.date, "hours": s.hours, "topic": s.topic, "speaker": s.speaker,
                                "place": s.place, "summary": s.summary, "version": s.version})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: study.studysession_update(
            actor=request.user, session=s, data=d, attendees=d["attendees"], expected_version=d.get("version") or 0,
            uploads=d.get("attachments") or []))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(s.get_absolute_url(), status=303)
    return _study_form_page(request, form=form, unit=unit, title=f"修改学习活动：{s.topic}", session=s, units=[], status=status)


@login_required
def study_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    s = _session(request, pk)
    return files.download(get_object_or_404(s.files.all(), pk=file_id))


# ---------------------------------------------------------------- study hours


@login_required
def hours(request: HttpRequest) -> HttpResponse:
    """Study hours of the unit's cadres in a year against the requirement; 未达标 filter."""
    require_perm(request.user, VIEW_STUDY)
    unit = _scoped_unit(request, VIEW_STUDY)
    year = _year(request, timezone.localdate().year) or timezone.localdate().year
    rows = cov.hours(request.user, unit, year)
    short = request.GET.get("short") == "1"
    shown = [r for r in rows if r.shortfall > 0] if short else rows
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "learning/hours.html", {
        "title": "学时统计", "breadcrumbs": [("学时统计", None)], "unit": unit, "units": _unit_choices(request, unit),
        "year": year, "short": short, "page_obj": page, "total": len(rows), "short_count": sum(1 for r in rows if r.shortfall > 0),
        "query_string": params.urlencode(),
        "can_set": can_at(request.user, study.REQUIREMENT, require_unit(request).path),
    })


@login_required
def hours_requirement(request: HttpRequest) -> HttpResponse:
    unit = require_unit(request)
    if not can_at(request.user, study.REQUIREMENT, unit.path):
        raise PermissionDenied("您没有设置学时要求的权限")
    form = RequirementForm(request.POST or None)
    status = 200
    if request.method == "POST":
        _, status = submit(form, lambda d: study.requirement_save(actor=request.user, org_unit=unit, rank=d["rank"] or "",
                                                                  hours=d.get("hours")))
        if status == 200:
            messages.success(request, "学时要求已保存")
            return HttpResponseRedirect(reverse("learning:hours_requirement"), status=303)
    ranks = dict(Rank.choices)
    own = [(ranks.get(r.rank, "所有职级"), r.hours, r.rank) for r in StudyRequirement.objects.filter(org_unit=unit).order_by("rank")]
    inherited = [(r.org_unit.name, ranks.get(r.rank, "所有职级"), r.hours) for r in
                 StudyRequirement.objects.filter(org_unit__path__in=unit.ancestor_paths()).select_related("org_unit")
                 .order_by("-org_unit__depth", "rank")]
    return render(request, "learning/hours_requirement.html", {
        "title": f"学时要求（{unit.name}）", "breadcrumbs": [("学时统计", reverse("learning:hours")), ("学时要求", None)],
        "form": form, "unit": unit, "own": own, "inherited": inherited,
    }, status=status)


# ---------------------------------------------------------------- training classes


@login_required
def class_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW_CLASS)
    unit = _scoped_unit(request, VIEW_CLASS)
    qs = (TrainingClass.objects.visible_to(request.user, "view").filter(org_unit__path__startswith=unit.path)
          .select_related("org_unit")
          .annotate(n=Count("enrollments"), done=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.COMPLETED))))
    kind = request.GET.get("kind", "")
    if kind in TrainingClass.Kind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    year = _year(request)
    if year is not None:
        qs = qs.filter(start_date__year=year)
    if request.GET.get("export") == "xlsx":
        return _export(request, "培训班", ["培训班名称", "类型", "开班日期", "结业日期", "学时", "地点", "计划人数", "报名人次", "结业人次",
                                        "主办单位"],
                       ([c.title, c.get_kind_display(), c.start_date, c.end_date, c.hours, c.place, c.capacity, c.n, c.done,
                         c.org_unit.name] for c in qs.order_by("-start_date", "-id").iterator(chunk_size=2000)), unit)
    page = Paginator(qs.order_by("-start_date", "-id"), 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "learning/class_list.html", {
        "title": "培训班", "breadcrumbs": [("培训班", None)], "unit": unit, "units": _unit_choices(request, unit),
        "page_obj": page, "kinds": TrainingClass.Kind.choices, "kind": kind, "year": year or "",
        "query_string": params.urlencode(), "can_add": study.units_with(request.user, training.ADD).exists(),
    })


@login_required
def class_add(request: HttpRequest) -> HttpResponse:
    units = study.units_with(request.user, training.ADD)
    if not units.exists():
        raise PermissionDenied("您没有登记培训班的权限")
    current = require_unit(request)
    default = units.filter(pk=current.pk).first() or units.first()
    form = TrainingClassForm(request.POST or None, units=units, initial={
        "org_unit": default, "kind": TrainingClass.Kind.TOPICAL, "start_date": timezone.localdate(), "end_date": timezone.localdate()})
    status = 200
    if request.method == "POST":
        c, status = submit(form, lambda d: training.trainingclass_create(actor=request.user, org_unit=d["org_unit"], data=d))
        if c is not None:
            messages.success(request, "已登记培训班，可以添加课程菜单、为学员报名")
            return HttpResponseRedirect(c.get_absolute_url(), status=303)
    return render(request, "core/form.html", {
        "title": "登记培训班", "breadcrumbs": _crumbs(CLASSES, ("登记", None)), "form": form}, status=status)


def _class(request: HttpRequest, pk: int) -> TrainingClass:
    require_perm(request.user, VIEW_CLASS)
    return get_object_or_404(TrainingClass.objects.visible_to(request.user, "view").select_related("org_unit", "created_by"), pk=pk)


def _class_to_change(request: HttpRequest, pk: int) -> TrainingClass:
    """A class the user may manage: 404 outside their view, 403 when they only read it."""
    c = _class(request, pk)
    if not can_at(request.user, training.ADD, c.org_unit.path):
        raise PermissionDenied("只有主办单位可以进行此项操作")
    return c


@login_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _class(request, pk)
    # the courses of a class the user sees (TrainingCourse has no permission of its own)
    courses = list(c.courses.annotate(n=Count("enrollments")))
    enrollments = list(Enrollment.objects.visible_to(request.user, "view").filter(training_class=c)
                       .select_related("cadre", "cadre__org_unit").prefetch_related("courses"))
    counts = {s: 0 for s in Enrollment.Status.values}
    for e in enrollments:
        counts[e.status] += 1
    return render(request, "learning/class_detail.html", {
        "title": c.title, "breadcrumbs": _crumbs(CLASSES, (c.title, None)), "c": c, "courses": courses,
        "enrollments": enrollments, "counts": counts, "total": len(enrollments),
        "can_edit": can_at(request.user, training.ADD, c.org_unit.path), "ended": c.end_date <= timezone.localdate(),
        "left": training.places_left(c),
    })


@login_required
def class_edit(request: HttpRequest, pk: int) -> HttpResponse:
    c = _class_to_change(request, pk)
    form = TrainingClassForm(request.POST or None, initial={f: getattr(c, f) for f in [*training.CLASS_FIELDS, "version"]})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: training.trainingclass_update(actor=request.user, training_class=c, data=d,
                                                                             expected_version=d.get("version") or 0))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(c.get_absolute_url(), status=303)
    return render(request, "core/form.html", {
        "title": f"修改培训班：{c.title}", "breadcrumbs": _crumbs(CLASSES, (c.title, c.get_absolute_url()), ("修改", None)),
        "form": form}, status=status)


@login_required
def class_course_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _class_to_change(request, pk)
    form = CourseForm(request.POST or None, initial={"date": c.start_date})
    status = 200
    if request.method == "POST":
        course, status = submit(form, lambda d: training.course_add(actor=request.user, training_class=c, data=d))
        if course is not None:
            messages.success(request, f"已添加课程：{course.title}")
            return HttpResponseRedirect(c.get_absolute_url() + "#courses", status=303)
    return render(request, "core/form.html", {
        "title": f"添加课程：{c.title}", "breadcrumbs": _crumbs(CLASSES, (c.title, c.get_absolute_url()), ("添加课程", None)),
        "form": form}, status=status)


@login_required
def class_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff enrol cadres of the organizer's subtree (whole offices in one click), within the planned number."""
    c = _class_to_change(request, pk)
    unit = c.org_unit
    form = EnrolForm(request.POST or None, user=request.user, unit=unit, roster=study.roster(request.user, unit),
                     offices=study.roster_offices(unit))
    status = 200
    if request.method == "POST":
        rows, status = submit(form, lambda d: training.enrollment_add(actor=request.user, training_class=c, cadres=d["cadres"]))
        if rows is not None:
            skipped = len(form.cleaned_data["cadres"]) - len(rows)
            messages.success(request, f"已报名 {len(rows)} 人" + (f"（另有 {skipped} 人此前已报名）" if skipped else ""))
            return HttpResponseRedirect(c.get_absolute_url() + "#enrollments", status=303)
    enrolled = set(Enrollment.objects.visible_to(request.user, "view").filter(training_class=c).values_list("cadre_id", flat=True))
    picked = {pk for pk in (int_param(x) for x in request.POST.getlist("cadres")) if pk is not None} if form.is_bound else set()
    offices = {pk for pk in (int_param(x) for x in request.POST.getlist("offices")) if pk is not None} if form.is_bound else set()
    return render(request, "learning/class_enrol.html", {
        "title": f"报名：{c.title}", "breadcrumbs": _crumbs(CLASSES, (c.title, c.get_absolute_url()), ("报名", None)), "c": c,
        "form": form, "groups": study.roster_groups(request.user, unit), "picked": picked | enrolled, "enrolled": enrolled,
        "picked_offices": offices, "pick_name": "cadres", "pick_label": "学员", "left": training.places_left(c), "count": len(enrolled),
        "pick_errors": [*form["cadres"].errors, *form["offices"].errors, *form.non_field_errors()],
    }, status=status)


@login_required
def class_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """The completion sheet: per enrolment 结业 (with a score) / 未参加 / 已报名, saved in one go."""
    c = _class_to_change(request, pk)
    sheet_qs = Enrollment.objects.visible_to(request.user, "view").filter(training_class=c).select_related("cadre", "cadre__org_unit")
    rows = list(sheet_qs)
    status = 200
    problems: list[str] = []
    values: dict[int, tuple[str, str]] = {}
    if request.method == "POST":
        results: list[training.Result] = []
        for e in rows:
            raw_status = request.POST.get(f"status_{e.pk}")
            if raw_status is None:
                continue
            raw_score = request.POST.get(f"score_{e.pk}", "")[:20]
            values[e.pk] = (raw_status, raw_score)
            try:
                score = training.parse_score(raw_score)
            except ValidationError as exc:
                problems.append(f"{e.cadre.name}：{exc.messages[0]}")
                continue
            version = int_param(request.POST.get(f"version_{e.pk}"), max_digits=9)
            results.append(training.Result(e, raw_status, score, -1 if version is None else version))
        if not problems:
            try:
                n = training.enrollment_complete(actor=request.user, training_class=c, results=results)
            except ValidationError as exc:
                problems.extend(exc.messages)
                status = 400
            except ConflictError as exc:
                problems.append(exc.message)
                status = 409
            else:
                messages.success(request, f"已登记 {n} 人的结业情况" if n else "结业情况没有变化")
                return HttpResponseRedirect(c.get_absolute_url() + "#enrollments", status=303)
        else:
            status = 400
        rows = list(sheet_qs.all())
    sheet = [(e, *values.get(e.pk, (e.status, "" if e.score is None else str(e.score)))) for e in rows]
    return render(request, "learning/class_complete.html", {
        "title": f"登记结业：{c.title}", "breadcrumbs": _crumbs(CLASSES, (c.title, c.get_absolute_url()), ("登记结业", None)),
        "c": c, "sheet": sheet, "problems": problems, "statuses": Enrollment.Status.choices,
        "not_ended": c.end_date > timezone.localdate(),
    }, status=status)


# ---------------------------------------------------------------- 点训: the signed-in cadre


@login_required
def mytraining(request: HttpRequest) -> HttpResponse:
    """The signed-in cadre's own page: open classes to enrol in, their enrolments and this year's hours."""
    cadre = cadre_of(request.user)
    context: dict[str, Any] = {"title": "我的学习培训", "breadcrumbs": [("我的学习培训", None)], "cadre": cadre}
    if cadre is not None:
        year = timezone.localdate().year
        mine = list(Enrollment.objects.filter(cadre=cadre).select_related("training_class", "training_class__org_unit")
                    .prefetch_related("courses").order_by("-training_class__start_date", "-id"))
        joined = {e.training_class_id for e in mine}
        context.update({
            "year": year, "hours": cov.cadre_hours(cadre, year), "enrollments": mine, "joined": joined,
            "open": list(training.open_classes_for(cadre)) if cadre.status in ON_ROLL else [],
        })
    return render(request, "learning/class_mine.html", context)


def _open_class(request: HttpRequest, pk: int) -> tuple[TrainingClass, Any]:
    """An open class the signed-in cadre may join (404 otherwise: it is not offered to them)."""
    c = TrainingClass.objects.select_related("org_unit").filter(pk=pk).first()
    cadre = training.self_enrol_eligible(request.user, c) if c is not None else None
    if c is None or cadre is None:
        raise Http404("该培训班不存在或未向您开放报名")
    return c, cadre


@login_required
def class_self_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    c, cadre = _open_class(request, pk)
    mine = Enrollment.objects.filter(training_class=c, cadre=cadre).first()
    courses = c.courses.annotate(n=Count("enrollments"))
    form = SelfEnrolForm(request.POST or None, courses=c.courses.all(),
                         initial={"courses": list(mine.courses.values_list("pk", flat=True)) if mine else []})
    status = 200
    if request.method == "POST":
        e, status = submit(form, lambda d: training.enrollment_self(actor=request.user, training_class=c, courses=list(d["courses"])))
        if e is not None:
            messages.success(request, "已修改选课" if mine else "报名成功")
            return HttpResponseRedirect(reverse("learning:mytraining"), status=303)
    picked = set(request.POST.getlist("courses")) if form.is_bound else {str(pk) for pk in form.initial.get("courses", [])}
    return render(request, "learning/class_self_enrol.html", {
        "title": f"报名：{c.title}", "breadcrumbs": [("我的学习培训", reverse("learning:mytraining")), (c.title, None)], "c": c,
        "cadre": cadre, "form": form, "courses": list(courses), "picked": picked, "mine": mine, "left": training.places_left(c),
        "ended": c.end_date < timezone.localdate(),
    }, status=status)


# ---------------------------------------------------------------- coverage (轮训)


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW_ENROLLMENT)
    unit = _scoped_unit(request, VIEW_ENROLLMENT)
    result = cov.coverage(request.user, unit)
    top = require_unit(request)
    parent = OrgUnit.objects.filter(pk=unit.parent_id).first() if unit.pk != top.pk and unit.parent_id else None
    return render(request, "learning/coverage.html", {
        "title": f"轮训覆盖：{unit.name}", "breadcrumbs": [("轮训覆盖", None)], "unit": unit, "cov": result, "parent": parent,
        "today": timezone.localdate(), "can_set": can_at(request.user, training.RULE, top.path),
    })


@login_required
def coverage_rule(request: HttpRequest) -> HttpResponse:
    unit = require_unit(request)
    if not can_at(request.user, training.RULE, unit.path):
        raise PermissionDenied("您没有设置轮训周期的权限")
    rule = CoverageRule.objects.filter(org_unit=unit).first()
    effective = cov.rule_for(unit)
    form = CoverageRuleForm(request.POST or None, initial={
        "window_months": effective.window_months, "due_months": effective.due_months, "kinds": list(effective.kinds)})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: training.coveragerule_save(
            actor=request.user, org_unit=unit, window_months=d["window_months"], due_months=d["due_months"], kinds=list(d["kinds"])))
        if saved is not None:
            messages.success(request, f"已保存：{saved}，{unit.name}及下级按此统计")
            return HttpResponseRedirect(reverse("learning:coverage"), status=303)
    return render(request, "learning/coverage_rule.html", {
        "title": f"轮训周期（{unit.name}）", "breadcrumbs": [("轮训覆盖", reverse("learning:coverage")), ("轮训周期", None)],
        "form": form, "unit": unit, "rule": rule, "effective": effective,
    }, status=status)
