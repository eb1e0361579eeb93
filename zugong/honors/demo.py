"""Demo data for 评选表彰: last year's province-wide “我身边的优秀组工干部” selection done end to end — every city
nominated two cadres, the 公示 drew a comment (handled), about 350 code ballots were cast, the votes were counted
and the top ten commended — and this year's selection in voting, with a comment still to handle, some ballots in,
and three fixed vote codes that `zugong demo-accounts` prints (real codes are random and never stored). 道里区's
nominee is the cadre linked to the demo-county account, so voting by login as demo-county shows the self-vote rule.

Everything goes through the services, with today's dates (which the steps check), and is moved back to its
calendar afterwards; the bulk of last year's ballots is staged directly, as the surveys demo does."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

# fixed vote codes of this year's selection (printed by `zugong demo-accounts`)
DEMO_VOTES = {"one": "HNR0-0000-0000-0000-0000-0000-01", "two": "HNR0-0000-0000-0000-0000-0000-02",
              "three": "HNR0-0000-0000-0000-0000-0000-03"}
DEEDS = ["{name}同志长期从事{work}工作，坚持原则、公道正派，{deed}，群众评价高。",
         "{name}同志爱岗敬业、甘于奉献，在{work}工作中{deed}，多次受到上级表扬。"]
WORKS = ["干部监督", "基层组织建设", "干部选拔任用", "人才工作", "组工干部教育培训", "党员发展和管理"]
FEATS = ["牵头完成全市基层党组织换届", "带头下基层调研，形成调研报告3篇", "建立干部选任纪实制度",
         "帮扶困难群众解决实际问题20余个", "组织开展组工干部轮训，实现全覆盖", "推行“一线工作法”，解决群众反映问题"]


def _selection(actor: Any, province: Any, *, year: int, today: date) -> Any:
    from zugong.honors import services

    return services.selection_create(actor=actor, org_unit=province, data={
        "title": f"{year}年度全省“我身边的优秀组工干部”评选", "year": year, "honor_title": "我身边的优秀组工干部",
        "description": "评选对象为全省各级组织部门在岗组工干部。各市（地）委组织部推荐 2 名，经公示、投票，评选出 10 名“我身边的优秀组工干部”。",
        "voting_mode": "both", "nominations_per_unit": 2, "places": 10, "votes_per_voter": 10,
        "nominate_from": today, "nominate_until": today, "publicize_from": today, "publicize_until": today,
        "vote_from": today, "vote_until": today})


def _nominate(actor: Any, s: Any, cities: list[Any], rng: random.Random, *, first: dict[int, Any] | None = None) -> tuple[Any, list[Any]]:
    """Each city nominates two in-service cadres of its subtree (`first` fixes one of a city's), all accepted."""
    from zugong.honors import services

    s = services.selection_advance(actor=actor, selection=s, expected_version=s.version, reason="演示数据：按演示需要提前进入下一阶段")
    made = []
    for city in cities:
        pool = list(services.nominee_choices(city)[:60])
        if len(pool) < 2:
            continue
        chosen = rng.sample(pool, 2)
        if first and city.pk in first:
            chosen = [first[city.pk], *[c for c in chosen if c.pk != first[city.pk].pk][:1]]
        for c in chosen:
            deeds = rng.choice(DEEDS).format(name=c.name, work=rng.choice(WORKS), deed=rng.choice(FEATS))
            n = services.nomination_submit(actor=actor, selection=s, org_unit=city, cadre=c, deeds=deeds)
            made.append(services.nomination_decide(actor=actor, nomination=n, accept=True, expected_version=n.version))
    s.refresh_from_db()
    return services.selection_advance(actor=actor, selection=s, expected_version=s.version, reason="演示数据：按演示需要提前进入下一阶段"), made


def _stage(s: Any, nominees: list[Any], count: int, rng: random.Random) -> None:
    """`count` ballots spending the last `count` codes made, favouring some nominees."""
    from zugong.honors import voting
    from zugong.honors.models import VoteBallot, VoteCode

    weights = [rng.uniform(0.2, 1.0) for _ in nominees]
    ballots = []
    for _ in range(count):
        k = rng.randint(1, s.votes_per_voter)
        chosen: set[int] = set()
        while len(chosen) < min(k, len(nominees)):
            chosen.add(rng.choices(nominees, weights=weights)[0].pk)
        ballots.append(VoteBallot(selection=s, sealed=voting.seal(sorted(chosen))))
    VoteBallot.objects.bulk_create(ballots, batch_size=1000)
    used = list(VoteCode.objects.filter(selection=s, used=False).order_by("-id").values_list("id", flat=True)[:count])
    VoteCode.objects.filter(pk__in=used).update(used=True)


def build(*, seed: int = 2026) -> dict[str, int]:
    from zugong.accounts.models import User
    from zugong.core import codes
    from zugong.honors import selectors, services, voting
    from zugong.honors.models import Commendation, Nomination, PublicComment, Selection, VoteCode
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    today = timezone.localdate()
    actor = User.objects.get(username="demo-province")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    cities = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.CITY, is_active=True).order_by("path"))

    # last year: nominated, publicized with one comment (handled), voted with codes, counted, commended
    last = _selection(actor, province, year=today.year - 1, today=today)
    last, nominees = _nominate(actor, last, cities, rng)
    comment = services.comment_submit(selection=last, nomination_id=nominees[0].pk, content="该同志工作认真负责，群众反映很好，赞成推荐。")
    services.comment_handle(actor=actor, comment=comment, note="已核实，无不同意见。", expected_version=comment.version)
    last = services.selection_advance(actor=actor, selection=last, expected_version=last.version, reason="演示数据：按演示需要提前进入下一阶段")
    voting.codes_issue(actor=actor, selection=last, count=400)
    _stage(last, nominees, 352, rng)
    last.refresh_from_db()
    last = voting.selection_close(actor=actor, selection=last, expected_version=last.version)
    top = [n.pk for n in selectors.results(last)][: last.places]
    services.commendations_confirm(actor=actor, selection=last, nomination_ids=top, awarded_on=today,
                                   document_number=f"黑组发〔{today.year - 1}〕48号", expected_version=last.version)
    y = today.year - 1
    Selection.objects.filter(pk=last.pk).update(
        nominate_from=date(y, 10, 8), nominate_until=date(y, 10, 31), publicize_from=date(y, 11, 3), publicize_until=date(y, 11, 7),
        vote_from=date(y, 11, 10), vote_until=date(y, 11, 28), closed_on=date(y, 12, 1), commended_on=date(y, 12, 18))
    Nomination.objects.filter(selection=last).update(submitted_on=date(y, 10, 20))
    PublicComment.objects.filter(selection=last).update(received_on=date(y, 11, 5), handled_on=date(y, 11, 6))
    Commendation.objects.filter(selection=last).update(awarded_on=date(y, 12, 18))

    # this year: in voting; 道里区's cadre linked to demo-county is Harbin's first nominee
    harbin = OrgUnit.objects.get(name="哈尔滨市委组织部")
    mine = Cadre.objects.filter(user__username="demo-county", status="active", org_unit__path__startswith=harbin.path).first()
    current = _selection(actor, province, year=today.year, today=today)
    current, nominees = _nominate(actor, current, cities, rng, first={harbin.pk: mine} if mine else None)
    services.comment_submit(selection=current, nomination_id=nominees[-1].pk, content="建议进一步核实该同志事迹材料中的有关数据。")
    current = services.selection_advance(actor=actor, selection=current, expected_version=current.version, reason="演示数据：按演示需要提前进入下一阶段")
    made = voting.codes_issue(actor=actor, selection=current, count=200)
    for key, real in zip(DEMO_VOTES, made, strict=False):
        code = codes.normalize_code(DEMO_VOTES[key])
        assert code is not None
        VoteCode.objects.filter(code_hash=voting.code_hash(real)).update(code_hash=voting.code_hash(code))
    _stage(current, nominees, 60, rng)  # spends the last codes made: the fixed ones stay unused
    Selection.objects.filter(pk=current.pk).update(
        nominate_from=today - timedelta(days=40), nominate_until=today - timedelta(days=26), publicize_from=today - timedelta(days=24),
        publicize_until=today - timedelta(days=18), vote_from=today - timedelta(days=14), vote_until=today + timedelta(days=10))
    Nomination.objects.filter(selection=current).update(submitted_on=today - timedelta(days=30))
    PublicComment.objects.filter(selection=current).update(received_on=today - timedelta(days=20))
    return {"nominations": Nomination.objects.count(), "commendations": Commendation.objects.count()}
