"""Creating, revising, correcting and repealing rules: versions numbered and immutable, the current one moves,
stale pages conflict, bad input is refused with the Chinese reason and nothing is written, and every write audited."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.models import StoredFile
from zugong.regulations import services
from zugong.regulations.models import Rule, RuleVersion
from zugong.regulations.tests.conftest import PDF, first

pytestmark = pytest.mark.django_db


def test_create_makes_version_one_current(personas: Any, tree: Any) -> None:
    rule = services.rule_create(actor=personas.county_a1_clerk, org_unit=tree.county_a1, title=" 干部考察工作实施细则 ",
                                doc_number="甲一组发〔2024〕3号", category="selection",
                                first=first(upload=SimpleUploadedFile("细则.pdf", PDF)))
    v = rule.current
    assert (rule.title, rule.status, v.number, v.kind, v.effective_on) == ("干部考察工作实施细则", "in_force", 1, "new", date(2024, 3, 1))
    assert v.file is not None and v.file.name == "细则.pdf" and v.org_unit == tree.county_a1
    assert "干部考察工作实施细则" in rule.search_text and "甲一组发〔2024〕3号" in rule.search_text
    assert ObjectChange.objects.filter(action="rule.created", object_id=str(rule.pk)).count() == 1


def test_revise_adds_the_next_version_and_keeps_the_old_one(personas: Any, tree: Any, make_rule: Any) -> None:
    rule = make_rule(tree.county_a1, doc="甲一组发〔2024〕1号", text="第一条　旧条文。")
    old = rule.current
    v2 = services.rule_revise(actor=personas.county_a1_clerk, rule=rule, expected_version=rule.version, title="部务会议事规则（修订）",
                              doc_number="甲一组发〔2025〕2号", change=services.VersionInput(
                                  effective_on=date(2025, 1, 1), summary="修改第一条", text="第一条　新条文。"))
    rule.refresh_from_db()
    assert (v2.number, v2.kind, rule.current_id, rule.title, rule.doc_number) == (2, "revised", v2.pk, "部务会议事规则（修订）",
                                                                               "甲一组发〔2025〕2号")
    old.refresh_from_db()
    assert (old.text, old.title, old.doc_number) == ("第一条　旧条文。", "部务会议事规则", "甲一组发〔2024〕1号")  # never changed
    assert "新条文" in rule.search_text and "旧条文" not in rule.search_text
    v3 = services.rule_revise(actor=personas.province, rule=rule, expected_version=rule.version,
                              change=services.VersionInput(effective_on=date(2025, 1, 1), summary="再修订", text="第一条　第三版。"))
    assert v3.number == 3 and list(RuleVersion.objects.filter(rule=rule).values_list("number", flat=True)) == [1, 2, 3]


def test_a_stale_revision_conflicts_and_writes_nothing(personas: Any, tree: Any, make_rule: Any) -> None:
    rule = make_rule(tree.county_a1)
    stale = rule.version
    change = services.VersionInput(effective_on=date(2025, 1, 1), summary="修订", text="第一条　甲。")
    services.rule_revise(actor=personas.province, rule=Rule.objects.get(pk=rule.pk), expected_version=stale, change=change)
    with pytest.raises(ConflictError):
        services.rule_revise(actor=personas.province, rule=Rule.objects.get(pk=rule.pk), expected_version=stale,
                             change=services.VersionInput(effective_on=date(2025, 2, 1), summary="另一人的修订", text="乙"))
    assert RuleVersion.objects.filter(rule=rule).count() == 2


def test_revision_refusals(personas: Any, tree: Any, make_rule: Any) -> None:
    rule = make_rule(tree.county_a1, day=date(2024, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.rule_revise(actor=personas.province, rule=rule, expected_version=rule.version,
                             change=services.VersionInput(effective_on=date(2024, 1, 1), summary="", text="x" * (services.MAX_TEXT + 1)))
    assert refused.value.message_dict == {"effective_on": [services.MSG_EARLIER.format(day="2024-03-01")],
                                          "summary": [services.MSG_SUMMARY], "text": [services.MSG_TEXT_LONG]}
    bad_file = SimpleUploadedFile("a.pdf", b"<?php echo 1; ?>")
    with pytest.raises(ValidationError):
        services.rule_revise(actor=personas.province, rule=rule, expected_version=rule.version,
                             change=services.VersionInput(effective_on=date(2025, 1, 1), summary="修订", upload=bad_file))
    assert RuleVersion.objects.filter(rule=rule).count() == 1 and StoredFile.objects.count() == 0
    rule.refresh_from_db()
    assert rule.version == 1


def test_create_refusals(personas: Any, tree: Any, make_rule: Any) -> None:
    make_rule(tree.county_a1, doc="甲一组发〔2024〕1号")
    with pytest.raises(ValidationError) as refused:
        services.rule_create(actor=personas.province, org_unit=tree.county_a1, title="", doc_number="甲一组发〔2024〕1号",
                             category="nope", first=services.VersionInput(effective_on=None))
    assert refused.value.message_dict == {"title": [services.MSG_TITLE], "category": [services.MSG_CATEGORY],
                                          "effective_on": [services.MSG_DATE],
                                          "doc_number": [services.MSG_DUPLICATE.format(doc="甲一组发〔2024〕1号")]}
    with pytest.raises(ValidationError) as far:
        services.rule_create(actor=personas.province, org_unit=tree.county_a1, title="t", doc_number="", category="other",
                             first=first(day=timezone.localdate() + timedelta(days=4 * 366)))
    assert far.value.message_dict == {"effective_on": [services.MSG_DATE_RANGE]}
    assert Rule.objects.count() == 1


def test_scope_and_rights(personas: Any, tree: Any, make_rule: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.rule_create(actor=personas.county_b1, org_unit=tree.county_a1, title="t", doc_number="", category="other", first=first())
    with pytest.raises(PermissionDenied):
        services.rule_create(actor=personas.county_a1_readonly, org_unit=tree.county_a1, title="t", doc_number="", category="other",
                             first=first())
    rule = make_rule(tree.county_a1)
    with pytest.raises(PermissionDenied):
        services.rule_repeal(actor=personas.county_b1, rule=rule, expected_version=rule.version, repealed_on=date(2025, 1, 1), reason="r")
    assert Rule.objects.count() == 1


def test_repeal(personas: Any, tree: Any, make_rule: Any) -> None:
    rule = make_rule(tree.county_a1, day=date(2024, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.rule_repeal(actor=personas.province, rule=rule, expected_version=rule.version, repealed_on=date(2024, 1, 1), reason=" ")
    assert refused.value.message_dict == {"repealed_on": [services.MSG_REPEAL_EARLY.format(day="2024-03-01")],
                                          "repeal_reason": [services.MSG_REASON]}
    with pytest.raises(ValidationError) as future:
        services.rule_repeal(actor=personas.province, rule=rule, expected_version=rule.version,
                             repealed_on=timezone.localdate() + timedelta(days=1), reason="r")
    assert future.value.message_dict == {"repealed_on": [services.MSG_REPEAL_FUTURE]}
    services.rule_repeal(actor=personas.province, rule=rule, expected_version=rule.version, repealed_on=date(2025, 6, 1),
                         reason="已被新制度代替")
    rule.refresh_from_db()
    assert (rule.status, rule.repealed_on, rule.repeal_reason, rule.version) == ("repealed", date(2025, 6, 1), "已被新制度代替", 2)
    for call in (lambda: services.rule_repeal(actor=personas.province, rule=rule, expected_version=rule.version,
                                              repealed_on=date(2025, 6, 1), reason="r"),
                 lambda: services.rule_revise(actor=personas.province, rule=rule, expected_version=rule.version,
                                              change=services.VersionInput(effective_on=date(2025, 7, 1), summary="s"))):
        with pytest.raises(ValidationError) as again:
            call()
        assert again.value.messages == [services.MSG_REPEALED]
    # a repealed rule's 文号 may be issued again
    services.rule_create(actor=personas.province, org_unit=tree.county_a1, title="新规则", doc_number=rule.doc_number or "x",
                         category="internal", first=first())
    assert ObjectChange.objects.filter(action="rule.repealed").count() == 1


def test_correcting_details_conflicts_when_stale(personas: Any, tree: Any, make_rule: Any) -> None:
    rule = make_rule(tree.county_a1, text="第一条　内容。")
    services.rule_update(actor=personas.province, rule=rule, expected_version=rule.version, title="部务会议事规则（试行）",
                         doc_number="甲一组发〔2024〕9号", category="other")
    rule.refresh_from_db()
    assert (rule.title, rule.category, rule.current.title) == ("部务会议事规则（试行）", "other", "部务会议事规则")
    assert "试行" in rule.search_text and "内容" in rule.search_text
    with pytest.raises(ConflictError):
        services.rule_update(actor=personas.province, rule=rule, expected_version=rule.version - 1, title="x", doc_number="",
                             category="other")
