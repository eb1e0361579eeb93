"""Demo data of 违规违纪处理: the seed's 17 organization cadres handled for violations over the last two years, spread
over the cities (most by 谈话提醒, 批评教育 or 诫勉, a few by 党纪处分), and a 纪检监察员 account (demo-discipline,
on the province) that reads and records them beside demo-leader. 业务管理员 accounts see none of it."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

CASES = 17
SUMMARIES = {
    "integrity": "接受管理服务对象宴请，违反中央八项规定精神。",
    "organizational": "在干部考察中泄露考察谈话内容，违反组织人事工作纪律。",
    "work": "办理党员组织关系转接时推诿拖延，造成不良影响。",
    "masses": "接待来访群众态度生硬，群众反映强烈。",
    "life": "违规参与高消费娱乐活动。",
    "political": "在网络群组中发表不当言论。",
}
HANDLING_WEIGHTS = {"reminder": 5, "criticism": 4, "admonition": 4, "party": 2, "government": 1, "organizational": 1}
KIND_WEIGHTS = {"integrity": 5, "organizational": 4, "work": 4, "masses": 2, "life": 1, "political": 1}
DECIDED_BY = {"reminder": "{unit}", "criticism": "{unit}", "admonition": "{unit}部务会", "party": "{city}纪委监委",
              "government": "{city}纪委监委", "organizational": "{unit}部务会"}


@transaction.atomic
def build(*, seed: int = 2028) -> dict[str, int]:
    from zugong.accounts.models import Role, RoleAssignment, User
    from zugong.audit.services import record
    from zugong.core.demo import DEMO_PASSWORD
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre

    from .models import DisciplineCase

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    today = timezone.localdate()
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    user, created = User.objects.get_or_create(username="demo-discipline", defaults={"full_name": "纪检监察员演示"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.password_changed_at = timezone.now()
        user.save()
    role = Role.objects.filter(code="discipline").first()
    if role is not None:
        RoleAssignment.objects.get_or_create(user=user, role=role, org_unit=province)
    cities = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.CITY, is_active=True).order_by("path"))
    pools = []
    for city in cities:
        ids = list(Cadre.objects.filter(org_unit__path__startswith=city.path, status="active").order_by("id")
                   .values_list("id", flat=True)[:200])
        if ids:
            pools.append((city, ids))
    rows: list[DisciplineCase] = []
    used: set[int] = set()
    for i in range(min(CASES, sum(len(ids) for _, ids in pools))):
        city, ids = pools[i % len(pools)]
        free = [c for c in ids if c not in used]
        if not free:
            continue
        cadre = Cadre.objects.select_related("org_unit").get(pk=rng.choice(free))
        used.add(cadre.pk)
        kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        handling = rng.choices(list(HANDLING_WEIGHTS), list(HANDLING_WEIGHTS.values()))[0]
        rows.append(DisciplineCase(
            org_unit=cadre.org_unit, cadre=cadre, decided_on=today - timedelta(days=rng.randint(10, 700)), kind=kind, handling=handling,
            summary=SUMMARIES[kind], decided_by=DECIDED_BY[handling].format(unit=cadre.org_unit.name, city=city.name.removesuffix("委组织部")),
            created_by=user))
    DisciplineCase.objects.bulk_create(rows)
    record(action="disciplinecase.demo_loaded", actor_name="system", object_type="discipline.disciplinecase",
           object_repr="违规违纪处理演示数据", after={"cases": len(rows)})
    return {"cases": len(rows)}
