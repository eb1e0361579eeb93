"""Fixtures of the rules-library tests: `make_rule` creates a rule (and revisions) through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zugong.regulations import services

PDF = b"%PDF-1.4\n%%EOF\n"


def first(day: date = date(2024, 3, 1), text: str = "第一条　为了规范工作，制定本办法。\n第二条　本办法自印发之日起施行。", **kw: Any) -> Any:
    return services.VersionInput(effective_on=day, text=text, **kw)


@pytest.fixture
def make_rule(personas: Any) -> Any:
    def make(unit: Any, title: str = "部务会议事规则", *, doc: str = "", category: str = "internal", day: date = date(2024, 3, 1),
             text: str = "第一条　为了规范工作，制定本办法。\n第二条　本办法自印发之日起施行。", revisions: list[tuple[date, str]] | None = None,
             upload: Any = None) -> Any:
        rule = services.rule_create(actor=personas.province, org_unit=unit, title=title, doc_number=doc, category=category,
                                    first=services.VersionInput(effective_on=day, text=text, upload=upload))
        for when, new_text in revisions or []:
            rule.refresh_from_db()
            services.rule_revise(actor=personas.province, rule=rule, expected_version=rule.version,
                                 change=services.VersionInput(effective_on=when, summary="修订", text=new_text))
        rule.refresh_from_db()
        return rule

    return make
