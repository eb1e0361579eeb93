"""Fixtures of the projects tests: the province's program and a menu project open for claiming (with two
milestones), and helpers to claim and approve through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from zugong.projects import services
from zugong.projects.models import Project


def project_data(**extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {"title": "干部选任全程纪实", "content": "建立干部选任全程纪实制度", "targets": "年底前全面推开", "leader": "副部长",
            "responsible_name": "干部一处", "measures": "制定方案、试点推进、总结推广", "deadline": today + timedelta(days=120),
            "status": "active", "progress": 0, "claimable": True, "claim_until": today + timedelta(days=10), **extra}


@pytest.fixture
def menu_project(personas: Any, tree: Any) -> Project:
    today = timezone.localdate()
    program = services.program_create(actor=personas.province, org_unit=tree.province, title="干部工作制度创新工程", year=today.year)
    return services.project_create(actor=personas.province, org_unit=tree.province, data=project_data(program=program),
                                   milestones=[("制定实施方案", today + timedelta(days=20)), ("总结验收", today + timedelta(days=100))])


@pytest.fixture
def claim(personas: Any) -> Any:
    """claim(unit, menu_project, approve=None|True|False) through the services (the province acting)."""

    def make(unit: Any, project: Project, approve: bool | None = None) -> Any:
        c = services.claim_apply(actor=personas.province, menu_project=project, org_unit=unit, targets=f"{unit.name}的本地目标",
                                 deadline=project.deadline)
        if approve is not None:
            c = services.claim_decide(actor=personas.province, claim=c, approve=approve, reason="" if approve else "已有同类项目",
                                      expected_version=c.version)
        return c

    return make
