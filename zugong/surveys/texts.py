"""Reading the free-text answers (意见建议) of a closed survey. R67: only for targets whose responses are shown
(at least k_min, not suppressed), in random order (the responses' random keys), never beside a small group's
figures; the words are decrypted for the reader and each read is audited (`survey.comments_viewed`). In the
appraisal of persons the comments may be about persons, so they are read with the persons' permission too."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zugong.accounts.access import has_perm_anywhere
from zugong.audit.services import record
from zugong.core.crypto import decrypt
from zugong.surveys.models import ResponseText, Result, Survey, Target

APPRAISAL = "surveys.view_appraisal"


@dataclass
class TargetTexts:
    target: Target
    respondents: int
    texts: list[str] = field(default_factory=list)


def may_read(user: Any, survey: Survey) -> bool:
    return not survey.rates_persons or has_perm_anywhere(user, APPRAISAL)


@transaction.atomic
def comments_read(*, actor: Any, survey: Survey) -> tuple[list[TargetTexts], int]:
    """The comments per shown target (in the targets' order) and how many were left out with small groups."""
    shown = {r.target_id: r.respondents for r in Result.objects.filter(
        survey=survey, target__isnull=False, category__isnull=True, aspect__isnull=True, item__isnull=True, suppressed=False)}
    groups = {t.pk: TargetTexts(t, shown[t.pk]) for t in survey.targets.select_related("org_unit") if t.pk in shown}
    hidden = 0
    for target_id, content in (ResponseText.objects.filter(response__survey=survey).order_by("response_id")
                               .values_list("response__target_id", "content")):
        if target_id in groups:
            groups[target_id].texts.append(decrypt(content))
        else:
            hidden += 1
    out = [g for g in groups.values() if g.texts]
    record(action="survey.comments_viewed", actor=actor, obj=survey, after={"comments": sum(len(g.texts) for g in out)})
    return out, hidden
