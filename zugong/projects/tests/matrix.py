"""This app's permission-matrix entries (merged by core/tests/test_permission_matrix.py; see its docstring for the kinds).

The world: city A publishes two menu projects; county A1 claimed the first (approved: A1's own project, with its
milestones and a monthly report) and applied for the second (pending); county A1 runs an award round with its project
nominated. Province and city A are above A1 (200), 乙一县 is a sibling (404)."""

from __future__ import annotations

from typing import Any

from zugong.core.tests.matrix_spec import Url

SEE_OTHER = frozenset({303})

SPEC: dict[str, Url] = {
    "projects:list": Url("list"),
    "projects:add": Url("list", write=True),
    "projects:detail": Url("object", obj="project"),
    "projects:edit": Url("object", obj="project", write=True),
    "projects:delete": Url("object", obj="project", write=True, method="post", allowed_extra=SEE_OTHER),
    "projects:milestone_add": Url("object", obj="project", write=True, method="post", data={"title": "节点", "due_on": "2026-12-31"},
                                  allowed_extra=SEE_OTHER),
    "projects:report": Url("object", obj="project", write=True, method="post", data={"month": "2026-01", "percent": "50", "text": "进展"},
                           allowed_extra=SEE_OTHER),
    "projects:claim_apply": Url("object", obj="menu_project", write=True),
    "projects:milestone_done": Url("object", obj="milestone", write=True, method="post", data={"version": "2"}, allowed_extra=SEE_OTHER),
    "projects:milestone_delete": Url("object", obj="milestone", write=True, method="post", allowed_extra=SEE_OTHER),
    "projects:programs": Url("list"),
    "projects:program_add": Url("list", write=True),
    "projects:menu": Url("list"),
    "projects:claims": Url("list"),
    "projects:inbox": Url("list", write=True),  # deciding claims: not for read-only accounts
    "projects:claim": Url("object", obj="pending_claim"),
    "projects:claim_decide": Url("object", obj="pending_claim", write=True, method="post", data={"decision": "approve", "version": "1"},
                                 allowed_extra=SEE_OTHER),
    "projects:claim_withdraw": Url("object", obj="pending_claim", write=True, method="post", data={"version": "1"}, allowed_extra=SEE_OTHER),
    "projects:bulletin": Url("list"),
    "projects:bulletin_draft": Url("list", write=True, method="post"),
    "projects:awards": Url("list"),
    "projects:award_add": Url("list", write=True),
    "projects:awarded": Url("list"),
    "projects:award": Url("object", obj="award_round"),
    "projects:award_nominate": Url("object", obj="award_round", write=True, method="post", allowed_extra=SEE_OTHER),
    "projects:award_advance": Url("object", obj="award_round", write=True, method="post", data={"version": "1"}, allowed_extra=SEE_OTHER),
    "projects:award_award": Url("object", obj="award_round", write=True, method="post", data={"version": "1"}, allowed_extra=SEE_OTHER),
    "projects:award_review": Url("object", obj="award_entry", write=True, method="post", data={"score": "90", "version": "1"},
                                 allowed_extra=SEE_OTHER),
    # API
    "project-list": Url("list", api=True),
    "project-detail": Url("object", obj="project", api=True),
    "project-claim": Url("object", obj="menu_project", api=True, write=True, method="post", allowed_extra=frozenset({400})),
    "projectclaim-list": Url("list", api=True),
    "projectclaim-detail": Url("object", obj="pending_claim", api=True),
}
IGNORED: set[str] = {"project-list", "project-detail", "project-claim", "projectclaim-list", "projectclaim-detail"}
UNSCOPED: set[str] = set()
COVERED_THROUGH: dict[str, str] = {"projects.program": "projects:programs", "projects.progressreport": "projects:report"}
MATRIX_OBJECTS: dict[str, str] = {"project": "projects.project", "menu_project": "projects.project", "milestone": "projects.milestone",
                                  "pending_claim": "projects.claim", "award_round": "projects.awardround",
                                  "award_entry": "projects.awardentry"}


def world(personas: Any, tree: Any, make_cadre: Any) -> dict[str, Any]:
    """The fixture objects the entries above name (in county A1's scope unless the entry says otherwise)."""
    from datetime import timedelta

    from django.utils import timezone

    from zugong.projects import services

    today = timezone.localdate()
    actor = personas.province

    def menu(title: str) -> Any:
        return services.project_create(actor=actor, org_unit=tree.city_a, milestones=[("方案", today + timedelta(days=30))], data={
            "title": title, "deadline": today + timedelta(days=200), "claimable": True, "claim_until": today + timedelta(days=20)})

    first, second = menu("甲市项目一"), menu("甲市项目二")
    approved = services.claim_apply(actor=actor, menu_project=first, org_unit=tree.county_a1, targets="目标", deadline=first.deadline)
    approved = services.claim_decide(actor=actor, claim=approved, approve=True, expected_version=approved.version)
    project = approved.project
    services.report_save(actor=actor, project=project, month=today.replace(day=1), percent=20, text="进展")
    pending = services.claim_apply(actor=actor, menu_project=second, org_unit=tree.county_a1, targets="目标", deadline=second.deadline)
    assert pending.version == 1  # posted by claim_decide / claim_withdraw
    award_round = services.round_create(actor=actor, org_unit=tree.county_a1, title="创新范例奖", year=today.year)
    entry = services.entry_nominate(actor=actor, award_round=award_round, project=project)
    milestone = services.milestone_set_done(actor=actor, milestone=project.milestones.get(), done=True, expected_version=1)
    assert milestone.version == 2 and award_round.version == 1 and entry.version == 1  # a done milestone is not deleted
    return {"project": project, "menu_project": second, "milestone": milestone, "pending_claim": pending, "award_round": award_round,
            "award_entry": entry}
