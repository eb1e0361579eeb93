"""This app's permission-matrix entries (merged by core/tests/test_permission_matrix.py; see its docstring for the kinds)."""

from __future__ import annotations

from typing import Any

from zugong.core.tests.matrix_spec import Url

_POSTED = frozenset({303})  # a step posted from a detail page answers 303 with its message (an empty form: what is missing)


def _register(prefix: str, obj: str, *, imports: bool = False) -> dict[str, Url]:
    out = {
        f"fieldwork:{prefix}_list": Url("list"),
        f"fieldwork:{prefix}_add": Url("list", write=True),
        f"fieldwork:{prefix}_detail": Url("object", obj=obj),
        f"fieldwork:{prefix}_edit": Url("object", obj=obj, write=True),
        f"fieldwork:{prefix}_delete": Url("object", obj=obj, write=True),  # GET: the confirmation page
    }
    if imports:
        out[f"fieldwork:{prefix}_import"] = Url("list", write=True)
        out[f"fieldwork:{prefix}_import_template"] = Url("list", write=True)
    return out


_API = {"fieldvisit": "fw_visit", "pairing": "fw_pairing", "grassrootsproblem": "fw_problem", "researchtopic": "fw_topic",
        "contactpoint": "fw_point"}

SPEC: dict[str, Url] = {
    **_register("visit", "fw_visit", imports=True),
    **_register("point", "fw_point"),
    **_register("pairing", "fw_pairing"),
    **_register("problem", "fw_problem"),
    **_register("topic", "fw_topic"),
    "fieldwork:pairing_contact_add": Url("object", obj="fw_pairing", write=True, method="post", allowed_extra=_POSTED),
    # the world's problem is unsolved: an empty form is sent back with what is missing (303)
    "fieldwork:problem_to_ledger": Url("object", obj="fw_problem", write=True, method="post", allowed_extra=_POSTED),
    "fieldwork:topic_report": Url("object", obj="fw_topic"),
    "fieldwork:milestone_add": Url("object", obj="fw_topic", write=True, method="post", allowed_extra=_POSTED),
    "fieldwork:milestone_done": Url("object", obj="fw_topic", obj2="fw_milestone", write=True, method="post", allowed_extra=_POSTED),
    # the first permitted persona deletes the milestone (303), the next ones are told it is gone (303)
    "fieldwork:milestone_delete": Url("object", obj="fw_topic", obj2="fw_milestone", write=True, method="post", allowed_extra=_POSTED),
    **{f"{basename}-list": Url("list", api=True) for basename in _API},
    **{f"{basename}-detail": Url("object", obj=obj, api=True) for basename, obj in _API.items()},
}
IGNORED: set[str] = {f"{basename}-{kind}" for basename in _API for kind in ("list", "detail")}  # DRF format-suffix variants
UNSCOPED: set[str] = set()  # configuration lists with no org scope
COVERED_THROUGH: dict[str, str] = {"fieldwork.pairingcontact": "fieldwork:pairing_detail"}
MATRIX_OBJECTS: dict[str, str] = {"fw_visit": "fieldwork.fieldvisit", "fw_point": "fieldwork.contactpoint", "fw_pairing": "fieldwork.pairing",
                                  "fw_problem": "fieldwork.grassrootsproblem", "fw_topic": "fieldwork.researchtopic",
                                  "fw_milestone": "fieldwork.topicmilestone"}


def world(personas: Any, tree: Any, make_cadre: Any) -> dict[str, Any]:
    """In county A1: a contact point of its office, a visit to it by an A1 cadre, a pairing, an unsolved problem found on
    the visit, a research topic with its report file and a milestone."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from zugong.fieldwork import services, topics

    today = timezone.localdate()
    actor, a1 = personas.province, tree.county_a1
    cadre = make_cadre(a1, name="下基层干部")
    point = services.point_create(actor=actor, data={"org_unit": a1, "office": tree.county_a1_office, "name": "新阳社区党委", "since": today})
    visit = services.visit_create(actor=actor, data={"org_unit": a1, "kind": "community", "date": today, "place": "新阳社区",
                                                     "purpose": "调研", "cadres": [cadre], "contact_point": point})
    pairing = services.pairing_create(actor=actor, data={"org_unit": a1, "cadre": cadre, "counterpart_kind": "family",
                                                         "counterpart_name": "王桂兰", "start_date": today})
    problem = services.problem_create(actor=actor, data={"org_unit": a1, "visit": visit, "description": "活动场所取暖",
                                                         "raised_on": today, "status": "unsolved"})
    topic = topics.topic_create(actor=actor, report=SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4\n%%EOF\n"), data={
        "org_unit": a1, "title": "课题", "year": today.year, "lead": cadre, "report_date": today})
    milestone = topics.milestone_add(actor=actor, topic=topic, day=today, title="开题")
    return {"fw_visit": visit, "fw_point": point, "fw_pairing": pairing, "fw_problem": problem, "fw_topic": topic,
            "fw_milestone": milestone}
