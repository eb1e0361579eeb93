"""Demo data of 关心关爱: over the last two years every city and county department held a few care activities for
its cadres — 春节前走访慰问, 困难帮扶, 家属座谈会, 文体活动 … — naming some of its own cadres, with the 人次 and,
for visits and hardship help, the money given. Written in bulk (a demo of a few hundred rows), one audit row."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

TITLES = {
    "visit": ["春节前走访慰问困难组工干部", "走访慰问生病住院的组工干部", "“七一”走访慰问老党员、老组工干部"],
    "hardship": ["为家庭困难的组工干部申请帮扶资金", "帮助解决组工干部子女入学困难"],
    "family": ["组工干部家属座谈会", "“和谐组工之家”家属开放日"],
    "recreation": ["组工干部素质拓展训练", "组工干部趣味运动会", "“组工之家”读书分享会"],
    "talk": ["新入职组工干部谈心谈话", "年度组工干部谈心谈话"],
    "checkup": ["组工干部年度健康体检"],
    "other": ["为组工干部过集体生日"],
}
KIND_WEIGHTS = {"visit": 30, "hardship": 12, "family": 10, "recreation": 18, "talk": 16, "checkup": 8, "other": 6}


@transaction.atomic
def build(*, seed: int = 2026) -> dict[str, int]:
    from zugong.accounts.models import User
    from zugong.audit.services import record
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre

    from .models import CareActivity

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    today = timezone.localdate()
    actor = User.objects.filter(username="demo-province").first()
    units = list(OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).order_by("path"))
    cadres: dict[int, list[int]] = {}
    for pk, unit_id in Cadre.objects.filter(status="active").order_by("id").values_list("id", "org_unit_id"):
        cadres.setdefault(unit_id, []).append(pk)
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    rows: list[CareActivity] = []
    links: list[tuple[int, list[int]]] = []
    for unit in units:
        own = cadres.get(unit.pk, [])
        for _ in range(rng.randint(2, 5) if unit.kind != OrgUnit.Kind.PROVINCE else 6):
            kind = rng.choices(kinds, weights)[0]
            day = today - timedelta(days=rng.randint(0, 700))
            if kind == "visit" and rng.random() < 0.6:  # most visits before the Spring Festival
                day = date(day.year, 1, rng.randint(10, 28))
                if day > today:
                    day = date(day.year - 1, 1, day.day)
            named = rng.sample(own, min(len(own), rng.randint(0, 4))) if own and kind in ("visit", "hardship", "talk") else []
            persons = len(named) if named and rng.random() < 0.5 else len(named) + rng.randint(3, 25)
            amount = None
            if kind in ("visit", "hardship"):
                amount = Decimal(persons * rng.choice([300, 500, 800, 1000]))
            title = rng.choice(TITLES[kind])
            if day.month != 1:  # the Spring Festival visit falls in January; other months get the other visits
                title = rng.choice([t for t in TITLES[kind] if "春节" not in t] or [title])
            rows.append(CareActivity(org_unit=unit, kind=kind, date=day, title=title, persons=persons,
                                     amount=amount, created_by=actor, note=""))
            links.append((len(rows) - 1, named))
    CareActivity.objects.bulk_create(rows, batch_size=500)
    through = CareActivity.cadres.through  # bulk_create set the ids (RETURNING on both databases)
    through.objects.bulk_create([through(careactivity_id=rows[i].pk, cadre_id=c) for i, named in links for c in named], batch_size=1000)
    record(action="careactivity.demo_loaded", actor_name="system", object_type="care.careactivity",
           object_repr="关心关爱演示数据", after={"activities": len(rows)})
    return {"activities": len(rows)}
