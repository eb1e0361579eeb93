"""Designing, publishing and issuing codes: the shipped template, the text form of questions, quotas, the
freeze after publication (R69), codes stored only as hashes (R68), the PDF slips and xlsx."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection

from zugong.core import codes
from zugong.core import slips as core_slips
from zugong.core.errors import ValidationError
from zugong.surveys import ballots, design, sheets
from zugong.surveys.models import BallotCode, CodeBatch, Item, Survey
from zugong.surveys.tests.conftest import issue_all

pytestmark = pytest.mark.django_db


def test_the_shipped_template_has_four_aspects_and_nineteen_items(survey: Survey) -> None:
    aspects = list(survey.aspects.values_list("name", flat=True))
    assert aspects == ["组织工作", "组工干部", "干部选拔任用", "防止和纠正用人上不正之风"]
    assert survey.items.count() == 19
    assert list(survey.items.order_by("order").values_list("order", flat=True)) == list(range(1, 20))
    assert survey.targets.count() == 5 and survey.categories.count() == 3
    assert sorted(CodeBatch.objects.filter(survey=survey).values_list("quota", flat=True)) == [2] * 5 + [4] * 5 + [6] * 5
    assert survey.template_code == "org-work-satisfaction" and survey.status == Survey.Status.PUBLISHED


def test_question_text_is_parsed_by_line_with_clear_messages() -> None:
    qs, problems = design.parse_aspects("【作风】\n1. 工作作风\n二、服务态度\n\n[能力]\n业务能力")
    assert problems == [] and [(q.aspect, q.items) for q in qs] == [("作风", ("工作作风", "服务态度")), ("能力", ("业务能力",))]
    _, problems = design.parse_aspects("没有方面的项目\n【空方面】")
    assert problems == ["第 1 行：测评项目前请先写方面，如“【组织工作】”", "方面“空方面”下没有测评项目"]
    cats, problems = design.parse_categories("党员干部 30\n群众，20\n服务对象")
    assert problems == [] and cats == [("党员干部", 30), ("群众", 20), ("服务对象", 0)]
    assert design.parse_categories("群众 1\n群众 2")[1] == ["参评人员类别“群众”重复"]


def test_create_refuses_bad_input_with_messages(personas: Any, tree: Any) -> None:
    data = design.template_data("org-work-satisfaction")
    data.update(k_min=3, aspects_text="", title="")
    with pytest.raises(ValidationError) as e:
        design.survey_create(actor=personas.province, org_unit=tree.province, data=data, targets=[tree.province])
    errors = e.value.message_dict
    assert errors["k_min"] == [design.MSG_K_MIN] and errors["title"] == [design.MSG_TITLE]
    assert errors["aspects_text"] == [design.MSG_NO_ITEMS]
    assert errors["targets"] == [design.MSG_TARGET_OUTSIDE.format(name=tree.province.name)]
    assert not Survey.objects.exists()


def test_published_survey_is_frozen(personas: Any, survey: Survey, tree: Any) -> None:
    data = design.template_data("org-work-satisfaction")
    with pytest.raises(ValidationError) as e:
        design.survey_update(actor=personas.province, survey=survey, data=data, targets=[tree.city_a], expected_version=survey.version)
    assert e.value.messages == [design.MSG_FROZEN]
    batch = survey.batches.first()
    with pytest.raises(ValidationError):
        design.quotas_set(actor=personas.province, survey=survey, quotas={batch.pk: 99}, expected_version=survey.version)
    with pytest.raises(ValidationError):
        design.survey_delete(actor=personas.province, survey=survey)
    assert Item.objects.filter(survey=survey).count() == 19 and survey.batches.get(pk=batch.pk).quota == batch.quota


def test_codes_are_issued_once_up_to_the_quota_and_stored_only_hashed(personas: Any, survey: Survey) -> None:
    issued = issue_all(personas.province, survey)
    plain = [c for cs in issued.values() for c in cs]
    assert len(plain) == 60 == len(set(plain)) == BallotCode.objects.filter(batch__survey=survey).count()
    assert len(issued[("甲市委组织部", "党员干部")]) == 6
    with pytest.raises(ValidationError) as e:
        ballots.codes_issue(actor=personas.province, survey=survey)
    assert e.value.messages == [ballots.MSG_NOTHING]
    extra = ballots.codes_issue(actor=personas.province, survey=survey, target=survey.targets.get(org_unit__name="甲一县委组织部"), extra=2)
    assert [len(x.codes) for x in extra] == [2, 2, 2]
    # no plain code anywhere in the database: a dump of every table holds only their keyed hashes
    with connection.cursor() as cur:
        cur.execute("SELECT code_hash FROM surveys_ballotcode")
        stored = {r[0] for r in cur.fetchall()}
    assert all(ballots.code_hash(c) in stored for c in plain) and not (set(plain) & stored)
    dump = io.StringIO()
    from django.core.management import call_command

    call_command("dumpdata", "surveys", "audit", stdout=dump)
    text = dump.getvalue()
    assert not any(c in text or codes.format_code(c) in text for c in plain)


def test_codes_only_for_published_surveys(personas: Any, tree: Any) -> None:
    data = design.template_data("org-work-satisfaction")
    s = design.survey_create(actor=personas.province, org_unit=tree.province, data=data, targets=[tree.city_a])
    with pytest.raises(ValidationError) as e:
        ballots.codes_issue(actor=personas.province, survey=s)
    assert e.value.messages == [ballots.MSG_NOT_PUBLISHED]


def test_slips_carry_each_code_and_a_qr_of_the_entry_page_only(personas: Any, survey: Survey) -> None:
    issued = ballots.codes_issue(actor=personas.province, survey=survey, target=survey.targets.get(org_unit__name="乙市委组织部"))
    html = sheets.slips_html(survey, issued, "https://zugong.example/survey/")
    plain = [c for part in issued for c in part.codes]
    assert html.count('class="slip"') == 12 and all(codes.format_code(c) in html for c in plain)
    import segno

    qr = core_slips.qr_svg("https://zugong.example/survey/")
    assert qr.startswith("data:image/svg+xml") and html.count(qr) == 12  # one QR for all: it carries no code
    assert segno.make("https://zugong.example/survey/", error="m").designator  # the same payload the slips carry
    pdf = sheets.slips_pdf(survey, issued, "https://zugong.example/survey/")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
