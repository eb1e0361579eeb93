"""This app's permission-matrix entries (merged by core/tests/test_permission_matrix.py; see its docstring for the kinds).

The world: a post of county A1's 干部股 with a 高 risk point, a holder, a review that found a problem, and an
accountability notice. POSTs without data are refused with a message (303): the permission check passed."""

from __future__ import annotations

from typing import Any

from zugong.core.tests.matrix_spec import Url

REFUSED = frozenset({303})

SPEC: dict[str, Url] = {
    "risks:post_list": Url("list"),
    "risks:post_add": Url("list", write=True),
    "risks:post_detail": Url("object", obj="risk_post"),
    "risks:post_edit": Url("object", obj="risk_post", write=True),
    "risks:post_delete": Url("object", obj="risk_post", write=True),
    "risks:holder_add": Url("object", obj="risk_post", write=True, method="post", allowed_extra=REFUSED),
    "risks:point_add": Url("object", obj="risk_post", write=True),
    "risks:point_catalogue": Url("object", obj="risk_post", write=True),
    "risks:review_add": Url("object", obj="risk_post", write=True),
    "risks:holding_end": Url("object", obj="risk_holding", write=True, method="post", allowed_extra=REFUSED),
    "risks:overdue": Url("list"),
    "risks:rotation": Url("list"),
    "risks:point_list": Url("list"),
    "risks:point_import": Url("list", write=True),
    "risks:point_import_template": Url("list", write=True),
    "risks:point_detail": Url("object", obj="risk_point"),
    "risks:point_edit": Url("object", obj="risk_point", write=True),
    "risks:point_delete": Url("object", obj="risk_point", write=True),
    "risks:catalogue": Url("list"),
    "risks:review_list": Url("list"),
    "risks:review_detail": Url("object", obj="risk_review"),
    "risks:review_edit": Url("object", obj="risk_review", write=True),
    "risks:review_delete": Url("object", obj="risk_review", write=True),
    "risks:finding_ledger": Url("object", obj="risk_finding", write=True, method="post", allowed_extra=REFUSED),
    "risks:notice_list": Url("list"),
    "risks:notice_add": Url("list", write=True),
    "risks:notice_detail": Url("object", obj="risk_notice"),
    "risks:notice_edit": Url("object", obj="risk_notice", write=True),
    "risks:notice_delete": Url("object", obj="risk_notice", write=True),
    # API (read-only)
    "riskpost-list": Url("list", api=True),
    "riskpost-detail": Url("object", obj="risk_post", api=True),
    "riskpoint-list": Url("list", api=True),
    "riskpoint-detail": Url("object", obj="risk_point", api=True),
    "riskreview-list": Url("list", api=True),
    "riskreview-detail": Url("object", obj="risk_review", api=True),
    "risknotice-list": Url("list", api=True),
    "risknotice-detail": Url("object", obj="risk_notice", api=True),
}
IGNORED: set[str] = {"riskpost-list", "riskpost-detail", "riskpoint-list", "riskpoint-detail", "riskreview-list", "riskreview-detail",
                     "risknotice-list", "risknotice-detail"}  # DRF format-suffix variants of the API names above
UNSCOPED: set[str] = set()  # configuration lists with no org scope
COVERED_THROUGH: dict[str, str] = {}  # scoped models reached only through another model's pages
MATRIX_OBJECTS: dict[str, str] = {"risk_post": "risks.post", "risk_point": "risks.riskpoint", "risk_holding": "risks.postholding",
                                  "risk_review": "risks.riskreview", "risk_finding": "risks.reviewresult",
                                  "risk_notice": "risks.accountabilitynotice"}


def world(personas: Any, tree: Any, make_cadre: Any) -> dict[str, Any]:
    """The fixture objects the entries above name (in county A1's scope unless the entry says otherwise)."""
    from datetime import date, timedelta

    from django.utils import timezone

    from zugong.accounts.access import SYSTEM
    from zugong.risks import services
    from zugong.risks.models import ReviewResult

    today = timezone.localdate()
    post = services.post_create(actor=SYSTEM, data={"org_unit": tree.county_a1, "office": tree.county_a1_office, "name": "干部调配岗",
                                                     "duties": "干部调配", "review_interval": 6})
    point = services.points_from_catalogue(actor=SYSTEM, post=post, codes=["XB-01"])[0]
    holding = services.holding_add(actor=SYSTEM, post=post, cadre=make_cadre(tree.county_a1, name="赵岗位"), since=date(2018, 3, 1))
    review = services.review_record(actor=SYSTEM, post=post, reviewed_on=today - timedelta(days=1), reviewer="王排查", summary="",
                                    results=[services.ResultInput(point.pk, ReviewResult.Result.PROBLEM, "动议前未充分酝酿")])
    notice = services.notice_create(actor=SYSTEM, data={"org_unit": tree.county_a1, "date": today, "subject": "甲一县委组织部干部股",
                                                        "cadre": None, "form": "criticism", "content": "通报批评", "risk_point": point})
    return {"risk_post": post, "risk_point": point, "risk_holding": holding, "risk_review": review,
            "risk_finding": review.results.get(), "risk_notice": notice}
