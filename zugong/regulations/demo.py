"""Demo data of the rules library: the province, every city and county, and each zone and affiliated organization
office keep a handful of rules (the province a dozen) across the categories, first issued over the last six years; about two in five were revised once or twice
(an article rewritten, one added), about one in twelve repealed. The province's and 道里区's first rules carry a
PDF. Built in bulk (a few hundred rules in well under a second), dates relative to today, the same every time."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

NUMERALS = "一二三四五六七八九十"
# (category, title, purpose, scope, articles): the articles are what a rule of that kind says
CATALOG: list[tuple[str, str, str, str, list[str]]] = [
    ("selection", "干部选拔任用工作全程纪实办法", "规范干部选拔任用工作，强化对选人用人全过程的监督",
     "本单位组织实施的干部选拔任用工作",
     ["干部选拔任用工作应当按照动议、民主推荐、考察、讨论决定、任职等环节如实记录，做到全程留痕、可追溯。",
      "纪实材料由干部科（股）负责整理，每项工作结束后十个工作日内归档。",
      "民主推荐、考察谈话的原始记录应当由两名以上工作人员签字确认。",
      "对纪实材料弄虚作假的，依规依纪追究有关人员责任。"]),
    ("selection", "干部考察工作实施细则", "提高干部考察工作质量，准确识别干部", "本单位组织的各类干部考察",
     ["考察组由两名以上具有相应资格的人员组成，组长一般由科级以上干部担任。",
      "考察应当采取个别谈话、发放征求意见表、民主测评、实地走访、查阅资料等方法进行。",
      "考察对象的个人有关事项报告、档案、纪检监察机关意见应当在考察中一并核查。",
      "考察材料应当全面、准确、客观反映考察对象的德、能、勤、绩、廉情况。"]),
    ("selection", "公开遴选和竞争上岗工作办法", "规范公开遴选、竞争上岗工作，拓宽选人用人视野", "本单位组织的公开遴选和竞争上岗",
     ["公开遴选、竞争上岗方案应当报部务会审定后发布。", "笔试、面试由组织人事部门统一组织，考官实行回避制度。",
      "拟任人选确定后，应当在一定范围内公示，公示期不少于五个工作日。"]),
    ("supervision", "领导干部个人有关事项报告抽查核实办法", "加强对领导干部的日常管理和监督", "本单位管理的领导干部",
     ["每年按照不低于百分之十的比例随机抽取核实对象。", "对拟提拔、拟进一步使用的干部，一律进行核实。",
      "核实发现漏报、瞒报的，视情节轻重予以批评教育、诫勉、调离岗位或者免职。"]),
    ("supervision", "干部选拔任用工作“一报告两评议”实施办法", "加强选人用人工作监督，提高选人用人公信度",
     "本单位干部选拔任用工作的报告和评议",
     ["每年年初向全委会报告上一年度干部选拔任用工作情况。", "民主评议结果作为改进选人用人工作的重要依据。",
      "评议满意率低于百分之七十的，应当深入分析原因，制定整改措施。"]),
    ("supervision", "组工干部廉洁自律若干规定", "加强组工干部队伍建设，树立组工干部良好形象", "本部全体组工干部",
     ["组工干部不得利用职务便利为他人在干部选拔任用中谋取利益。", "组工干部不得泄露干部选拔任用工作中应当保密的事项。",
      "组工干部应当如实报告个人有关事项，自觉接受监督。", "违反本规定的，按照干部管理权限严肃处理。"]),
    ("organization", "基层党组织书记抓党建工作述职评议考核办法", "压实基层党组织书记抓党建工作责任", "本地区各级党组织书记",
     ["述职评议每年开展一次，一般在年底或者次年年初进行。", "述职内容包括履行抓党建第一责任人职责情况、存在的问题和下一步打算。",
      "评议结果分为好、较好、一般、差四个等次，并在一定范围内通报。"]),
    ("organization", "党员发展工作规程", "规范发展党员工作程序，提高党员发展质量", "本地区发展党员工作",
     ["发展党员应当经过入党申请、确定入党积极分子、确定发展对象、接收预备党员、预备党员转正等程序。",
      "入党积极分子培养考察期一般不少于一年。", "发展对象应当经过集中培训，培训时间一般不少于三天或者不少于二十四个学时。"]),
    ("organization", "软弱涣散基层党组织整顿工作办法", "推动软弱涣散基层党组织转化提升", "本地区各基层党组织",
     ["每年按照不低于百分之五的比例倒排确定整顿对象。", "整顿对象实行县级领导联系、部门帮扶、第一书记驻村工作机制。",
      "整顿工作完成后，由县级党委组织部门组织验收。"]),
    ("talent", "高层次人才服务保障办法", "营造良好人才发展环境，做好高层次人才服务工作", "经认定的高层次人才",
     ["设立人才服务专员，为高层次人才提供“一对一”服务。", "在住房、子女入学、配偶就业、医疗保健等方面提供便利。",
      "人才服务保障经费列入年度预算，专款专用。"]),
    ("talent", "人才项目申报评审管理办法", "规范人才项目申报评审工作，确保公平公正", "本地区组织实施的各类人才项目",
     ["项目申报实行单位推荐、主管部门审核、组织部门复核的程序。", "评审专家从专家库中随机抽取，实行回避制度。",
      "评审结果在一定范围内公示，公示期不少于七个工作日。"]),
    ("internal", "部务会议事规则", "规范部务会议事决策，提高决策科学化、民主化水平", "部务会议",
     ["部务会由部长主持，部长不能参加时由部长委托的副部长主持。", "部务会必须有半数以上成员到会方能召开；讨论干部任免事项，须有三分之二以上成员到会。",
      "议题由部务会成员提出，经部长同意后列入会议议程。", "会议决定的事项由办公室负责督办落实。"]),
    ("internal", "机关公文处理办法", "规范机关公文处理工作，提高公文处理质量和效率", "本部机关公文的起草、审核、签发和办理",
     ["公文起草应当做到主题突出、观点鲜明、结构严谨、表述准确。", "公文由部领导签发，重要公文由部长签发。",
      "涉密公文按照国家保密规定办理。"]),
    ("internal", "机关考勤和请休假管理规定", "严肃机关工作纪律，规范请休假管理", "本部机关全体工作人员",
     ["工作人员应当按时上下班，不得迟到早退。", "请假一天以内由科（处）长批准，一天以上三天以内由分管部领导批准，三天以上由部长批准。",
      "因公外出应当履行报备手续。"]),
    ("internal", "组工干部教育培训管理办法", "加强组工干部教育培训，提高队伍整体素质", "本部全体组工干部",
     ["组工干部每年参加集中培训累计不少于十二天或者九十学时。", "新进组工干部应当参加岗前培训。",
      "培训情况记入干部个人学习档案，作为考核的重要内容。"]),
    ("other", "信访举报受理办理工作办法", "规范信访举报受理办理工作，维护群众合法权益", "本部受理的涉及组织工作的信访举报",
     ["信访举报件由干部监督科（股）统一登记、分类、转办。", "实名举报应当在十五个工作日内告知受理情况。",
      "办理结果应当按规定反馈举报人。"]),
    ("other", "“12380”举报平台管理办法", "加强“12380”举报平台管理，畅通群众监督渠道", "本部“12380”电话、网站、短信举报平台",
     ["举报平台由专人负责，实行二十四小时受理。", "举报内容严格保密，不得泄露举报人信息。",
      "对查实的问题，按照干部管理权限严肃处理。"]),
]
BASES = ["《中国共产党章程》", "《党政领导干部选拔任用工作条例》", "《中国共产党组织工作条例》", "《公务员法》"]
REVISED = ["{old}必要时，可以适当延长。", "{old}具体办法另行制定。", "{old}情况特殊的，报上级组织部门备案。"]
ADDED = ["对在工作中表现突出的，给予通报表扬。", "建立工作台账，实行清单化管理，每季度调度一次。",
         "上级组织部门应当加强对本办法执行情况的监督检查。", "运用信息化手段，推进相关工作全程网上办理、留痕可查。"]
REPEAL_REASONS = ["已被新修订的制度代替", "上位法规已修改，本制度不再适用", "机构改革后职责调整，本制度停止执行"]
PDF = b"%PDF-1.4\n%%EOF\n"


def _article(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    return ("" if n < 20 else NUMERALS[n // 10 - 1]) + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def _text(unit: str, purpose: str, scope: str, body: list[str], day: date, basis: str) -> str:
    lines = [f"为了{purpose}，根据{basis}等有关规定，结合{unit}实际，制定本办法。", f"本办法适用于{scope}。", *body,
             f"本办法由{unit}负责解释。", f"本办法自{day.year}年{day.month}月{day.day}日起施行。"]
    return "\n".join(f"第{_article(i)}条　{line}" for i, line in enumerate(lines, start=1))


def _abbr(unit: Any, kind: str) -> str:
    """The issuing prefix of a unit's 文号: 黑组发, 哈组发, 道里组发; 黑龙江大学组字 for the other offices."""
    if kind == "province":
        return "黑组发"
    if unit.kind not in ("city", "county"):
        return unit.name.removesuffix("组织部").removesuffix("党工委").removesuffix("党委") + "组字"
    name = unit.name.removesuffix("地委组织部").removesuffix("委组织部")
    if kind == "city":
        return name[0] + "组发"
    return name.removesuffix("区").removesuffix("县").removesuffix("市")[:2] + "组发"


def build(*, seed: int = 2026) -> dict[str, int]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zugong.accounts.models import User
    from zugong.core import files
    from zugong.orgs.models import OrgUnit
    from zugong.regulations import search
    from zugong.regulations.models import Rule, RuleVersion

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    today = timezone.localdate()
    actor = User.objects.filter(username="demo-province").first()
    province = OrgUnit.objects.filter(name="黑龙江省委组织部").first()
    if province is None:
        return {"rules": 0, "versions": 0}
    units = [(province, "province", 12)]
    for u in OrgUnit.objects.filter(path__startswith=province.path, is_active=True,
                                    kind__in=[OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY, OrgUnit.Kind.ZONE, OrgUnit.Kind.AFFILIATED]).order_by("path"):
        if u.kind == OrgUnit.Kind.CITY:
            units.append((u, "city", rng.randint(5, 7)))
        else:  # counties, development zones, the organization offices of organs, enterprises and universities
            units.append((u, "county", rng.randint(2, 4) if u.kind == OrgUnit.Kind.COUNTY else rng.randint(1, 2)))

    plans: list[dict[str, Any]] = []
    for unit, kind, n in units:
        serial: dict[int, int] = {}
        prefix = _abbr(unit, kind)
        for entry in rng.sample(CATALOG, n):
            category, title, purpose, scope, body = entry
            first = today - timedelta(days=rng.randint(20, 6 * 365))
            serial[first.year] = serial.get(first.year, 0) + rng.randint(1, 6)
            doc = "" if category == "internal" and rng.random() < 0.4 else f"{prefix}〔{first.year}〕{serial[first.year]}号"
            basis = rng.choice(BASES)
            article_body = list(body)
            versions = [(first, _text(unit.name, purpose, scope, article_body, first, basis), "", doc)]
            day = first
            for _ in range(rng.choices([0, 1, 2], weights=[60, 30, 10])[0]):
                if (today - day).days < 200:
                    break
                day = day + timedelta(days=rng.randint(150, max(151, min(900, (today - day).days - 10))))
                if day > today:
                    break
                changes = []
                k = rng.randrange(len(article_body))
                article_body[k] = rng.choice(REVISED).format(old=article_body[k])
                changes.append(f"修改第{_article(k + 3)}条")
                if rng.random() < 0.6:
                    article_body.append(rng.choice(ADDED))
                    changes.append(f"增加第{_article(len(article_body) + 2)}条")
                new_doc = f"{prefix}〔{day.year}〕{rng.randint(1, 30)}号" if doc else ""
                versions.append((day, _text(unit.name, purpose, scope, article_body, day, basis),
                                 "；".join(changes) + "，按新的工作要求完善相关表述。", new_doc))
            repealed = None
            if rng.random() < 0.08 and (today - versions[-1][0]).days > 60:
                repealed = versions[-1][0] + timedelta(days=rng.randint(30, (today - versions[-1][0]).days))
            plans.append({"unit": unit, "title": title, "category": category, "versions": versions, "repealed": repealed})

    rules = Rule.objects.bulk_create([
        Rule(org_unit=p["unit"], title=p["title"], doc_number=p["versions"][-1][3], category=p["category"], created_by=actor,
             status=Rule.Status.REPEALED if p["repealed"] else Rule.Status.IN_FORCE, repealed_on=p["repealed"],
             repeal_reason=rng.choice(REPEAL_REASONS) if p["repealed"] else "") for p in plans], batch_size=1000)
    if not all(r.pk for r in rules):  # a backend without RETURNING: read the ids back in creation order
        ids = list(Rule.objects.order_by("-id").values_list("id", flat=True)[: len(rules)])[::-1]
        for r, pk in zip(rules, ids, strict=True):
            r.pk = r.id = pk
    rows = [RuleVersion(rule=r, org_unit=p["unit"], number=i, kind=RuleVersion.Kind.NEW if i == 1 else RuleVersion.Kind.REVISED,
                        title=p["title"], doc_number=doc, effective_on=day, summary=summary, text=text, created_by=actor)
            for r, p in zip(rules, plans, strict=True) for i, (day, text, summary, doc) in enumerate(p["versions"], start=1)]
    RuleVersion.objects.bulk_create(rows, batch_size=1000)
    latest = {rid: pk for rid, pk in RuleVersion.objects.filter(rule__in=rules).order_by("rule_id", "number").values_list("rule_id", "id")}
    for r, p in zip(rules, plans, strict=True):
        r.current_id = latest[r.pk]
        r.search_text, r.search_grams = search.searchable(r.title, r.doc_number, p["versions"][-1][1])
    Rule.objects.bulk_update(rules, ["current", "search_text", "search_grams"], batch_size=500)

    # the files: the first rules of the province and of 道里区 come with their printed PDF
    for unit_name in ("黑龙江省委组织部", "道里区委组织部"):
        for r in [r for r in rules if r.org_unit.name == unit_name][:2]:
            stored = files.store_all([SimpleUploadedFile(f"{r.title}.pdf", PDF)], actor=actor, org_unit=r.org_unit)[0]
            RuleVersion.objects.filter(pk=r.current_id).update(file=stored)
    return {"rules": len(rules), "versions": len(rows)}
