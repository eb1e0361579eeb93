"""Demo data of 宣传报道: over the last two years every city and county department had its work reported a few times,
mostly by city media, less often by provincial ones (黑龙江日报, 黑龙江电视台 …) and now and then by central media
(人民日报, 共产党员网 …). Written in bulk (a few hundred rows), one audit row."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

MEDIA = {
    "central": [("人民日报", "newspaper"), ("共产党员网", "online"), ("中国组织人事报", "newspaper"), ("央视新闻", "tv")],
    "provincial": [("黑龙江日报", "newspaper"), ("黑龙江电视台", "tv"), ("东北网", "online"), ("黑龙江广播电视台新闻广播", "radio"),
                   ("《奋斗》杂志", "internal")],
    "city": [("{city}日报", "newspaper"), ("{city}电视台", "tv"), ("{city}新闻网", "online"), ("{city}人民广播电台", "radio"),
             ("《{city}组工》", "internal")],
    "county": [("{city}融媒体中心", "online"), ("{city}电视台", "tv")],
}
LEVEL_WEIGHTS = {"county": 30, "city": 50, "provincial": 16, "central": 4}
TOPICS = ["深化“四进”活动 为群众解决实际问题", "组工干部下基层 调研课题出实招", "开门评部 广纳群言促整改",
          "“我身边的优秀组工干部”事迹", "扎实推进基层党组织建设", "项目化管理推动组织工作创新", "岗位风险防范筑牢制度防线",
          "选优配强村（社区）“两委”班子", "加强和改进组工干部教育培训", "人才工作新举措助力振兴发展"]
LINK = {"online": "https://www.example.cn/news/{n}.html"}


def _city_name(unit_name: str) -> str:
    return unit_name.removesuffix("委组织部").removesuffix("市").removesuffix("地")


@transaction.atomic
def build(*, seed: int = 2027) -> dict[str, int]:
    from zugong.accounts.models import User
    from zugong.audit.services import record
    from zugong.orgs.models import OrgUnit

    from .models import MediaReport

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    today = timezone.localdate()
    actor = User.objects.filter(username="demo-province").first()
    units = list(OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).select_related("parent").order_by("path"))
    levels, weights = list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values())
    rows: list[MediaReport] = []
    for unit in units:
        city_unit = unit if unit.kind in (OrgUnit.Kind.CITY, OrgUnit.Kind.PROVINCE) or unit.parent is None else unit.parent
        city = _city_name(city_unit.name) if city_unit.kind == OrgUnit.Kind.CITY else "哈尔滨"
        for _ in range(rng.randint(1, 4) if unit.kind != OrgUnit.Kind.PROVINCE else 8):
            level = rng.choices(levels, weights)[0] if unit.kind != OrgUnit.Kind.PROVINCE else rng.choice(["provincial", "central"])
            name, kind = rng.choice(MEDIA[level])
            n = len(rows) + 1
            rows.append(MediaReport(
                org_unit=unit, date=today - timedelta(days=rng.randint(0, 700)), title=f"{_city_name(unit.name)}：{rng.choice(TOPICS)}",
                media_name=name.format(city=_city_name(unit.name) if level == "county" else city), media_level=level, kind=kind,
                link=LINK.get(kind, "").format(n=20260000 + n), created_by=actor))
    MediaReport.objects.bulk_create(rows, batch_size=500)
    record(action="mediareport.demo_loaded", actor_name="system", object_type="publicity.mediareport",
           object_repr="宣传报道演示数据", after={"reports": len(rows)})
    return {"reports": len(rows)}
