"""Essay contests (征文): the organizer sets a contest up (notice, window, award counts, judges), units
submit their cadres' entries and cadres their own while it is open, judges score the entries blind
(they see a number and a title, never the author or the unit), the organizer awards tiers by the
average score and adjusts them, and publishing freezes the awards and earns the tier's points.

Who reads what:
- A contest is read by its organizer's subtree (`visible_to`) and, once it is no longer a draft, by the
  units below the organizer (a county reads the city's 征文通知 and submits to it).
- Entries are read through `ContestEntry.objects.visible_to`: the organizer reads them all (every
  author's unit is inside its subtree), a unit reads its own subtree's.
- A judge's pages read the contest's entries by membership in `contest.judges`, never by org scope,
  and only their number and title (values, not instances: no author reaches the page).
- Published results are the contest's announcement: whoever reads the contest, and the authors."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from zugong.accounts.access import can_at, require_at, scope_paths
from zugong.accounts.models import User
from zugong.audit.services import record, snapshot
from zugong.core import files
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.params import decimal_param
from zugong.core.scope import paths_q
from zugong.learning.models import Contest, ContestEntry, EntryReview
from zugong.orgs.models import STEP, OrgUnit
from zugong.people.models import Cadre
from zugong.people.selectors import ON_ROLL, cadre_of
from zugong.points.services import award

VIEW = "learning.view_contest"
ADD = "learning.add_contest"
VIEW_ENTRY = "learning.view_contestentry"
ADD_ENTRY = "learning.add_contestentry"
TIERS: list[str] = list(ContestEntry.Award.values)  # first, second, third, excellence: the order tiers are handed out
TIER_LABELS: dict[str, str] = {str(v): str(label) for v, label in ContestEntry.Award.choices}
MAX_TIER = 500
ENTRY_SUFFIXES = (".pdf", ".docx")
CODE_DIGITS = 6
EDITABLE = (Contest.Status.DRAFT, Contest.Status.OPEN)
FIELDS = ["title", "theme", "description", "opens_on", "closes_on", "tiers"]

MSG_TITLE = "请填写征文名称"
MSG_DATE = "请填写日期"
MSG_DATES = "征集截止日期不能早于开始日期"
MSG_TIER = "各等次名额应为 0 到 500 之间的整数"
MSG_TIER_NONE = "请至少设置一个获奖名额"
MSG_JUDGES = "评委应为主办单位及下级单位在用的业务账号（不含系统管理员、安全管理员、审计管理员）"
MSG_NOT_EDITABLE = "征文已进入评审，不能再修改"
MSG_CONFLICT = "征文活动已被他人修改，请刷新后再操作"
MSG_STATUS = "征文当前为“{status}”，不能进行此项操作"
MSG_NO_JUDGES = "请先设置评委，再开始评审"
MSG_NO_ENTRIES = "还没有报送的作品，不能开始评审"
MSG_CLOSED = "不在征集期内：征文“{title}”{window}"
MSG_NOT_OPEN = "征文未在征集中，不能报送作品"
MSG_ENTRY_TITLE = "请填写作品题目"
MSG_FILE = "请上传作品文件（PDF 或 Word docx）"
MSG_FILE_KIND = "作品文件只能是 PDF 或 Word（docx）"
MSG_AUTHOR_SCOPE = "作者应为主办单位及下级单位在册的组工干部"
MSG_AUTHOR_UNIT = "只能为本单位及下级单位的组工干部报送作品"
MSG_DUPLICATE = "该作者已报送过题为“{title}”的作品，请勿重复报送"
MSG_CODE = "作品编号分配失败，请重试"
MSG_NOT_REVIEWING = "征文不在评审阶段"
MSG_NOT_JUDGE = "您不是本次征文的评委"
MSG_NO_ENTRY = "作品不存在"
MSG_OWN_ENTRY = "本人的作品应回避，不能评分"
MSG_SCORE = "评分应为 0 到 100 之间的数字，最多一位小数"
MSG_COMMENT = "评语不能超过 500 字"
MSG_AWARD = "奖项不对"
MSG_NO_AWARDS = "还没有评定奖项：请先按平均分评定，或逐篇设置奖项"


def closed_message(contest: Contest) -> str:
    """Why an entry cannot be submitted now (the contest is not open, or today is outside its window)."""
    if contest.status != Contest.Status.OPEN:
        return MSG_NOT_OPEN
    return MSG_CLOSED.format(title=contest.title, window=f"征集期为 {contest.opens_on:%Y-%m-%d} 至 {contest.closes_on:%Y-%m-%d}")


# ---------------------------------------------------------------- reads


def _ancestors(paths: list[str]) -> set[str]:
    """Every path on the way down to each of `paths` (the units themselves included)."""
    return {p[:i] for p in paths for i in range(STEP, len(p) + 1, STEP)}


def contests(user: Any) -> Any:
    """Contests the user reads: organized in their subtree, or (not drafts) by a unit above them."""
    downward = Q(org_unit__path__in=_ancestors(scope_paths(user, VIEW))) & ~Q(status=Contest.Status.DRAFT)
    return Contest.objects.filter(Contest.objects.scope_q(user, "view") | downward).select_related("org_unit")


def is_organizer(user: Any, contest: Contest) -> bool:
    return can_at(user, ADD, contest.org_unit.path)


def submit_scope(user: Any, contest: Contest) -> list[str]:
    """The subtrees where the user may submit entries to the contest (their add_contestentry scope
    inside the organizer's subtree)."""
    org = contest.org_unit.path
    out = []
    for p in scope_paths(user, ADD_ENTRY):
        if p.startswith(org):
            out.append(p)
        elif org.startswith(p):
            out.append(org)
    return out


def may_submit_for_others(user: Any, contest: Contest) -> bool:
    return bool(submit_scope(user, contest))


def authors_for(user: Any, contest: Contest) -> Any:
    """Cadres on the roll a unit may submit for: visible to the user, in their submit scope."""
    paths = submit_scope(user, contest)
    return (Cadre.objects.visible_to(user, "view").filter(paths_q("org_unit__path", paths), status__in=ON_ROLL)
            .select_related("org_unit").order_by("org_unit__path", "name_pinyin", "id"))


def entries(user: Any, contest: Contest) -> Any:
    """The contest's entries the user reads (their subtree's; the organizer's subtree holds them all)."""
    return ContestEntry.objects.visible_to(user, "view").filter(contest=contest)


def is_judge(user: Any, contest: Contest) -> bool:
    if not getattr(user, "pk", None):
        return False
    return contest.judges.filter(pk=user.pk).exists()


def judge_candidates(paths: list[str]) -> Any:
    """Accounts that may judge a contest organized in one of `paths`: active business accounts (no 三员)
    holding a role grant on a unit inside the subtree."""
    return (User.objects.filter(paths_q("grants__org_unit__path", paths), is_active=True, admin_role="")
            .distinct().order_by("full_name", "username"))


def judged_by(user: Any) -> Any:
    """Contests the user judges (drafts are not shown yet)."""
    if not getattr(user, "pk", None):
        return Contest.objects.none()
    return (Contest.objects.filter(judges=user).exclude(status=Contest.Status.DRAFT).select_related("org_unit")
            .order_by("-opens_on", "-id"))


def judge_entries(user: Any, contest: Contest) -> list[dict[str, Any]]:
    """What a judge sees of the entries: number, title, file kind and their own score — as plain values,
    so neither author nor unit reaches the page. Their own entries are left out (回避). Two queries."""
    rows = list(ContestEntry.objects.filter(contest=contest).exclude(cadre__user_id=user.pk).order_by("code")
                .values("pk", "code", "title", "file__kind"))
    mine = {r["entry_id"]: r for r in EntryReview.objects.filter(entry__contest=contest, judge_id=user.pk)
            .values("entry_id", "score", "comment")}
    for r in rows:
        review = mine.get(r["pk"])
        r["score"] = review["score"] if review else None
        r["comment"] = review["comment"] if review else ""
    return rows


def judge_entry(user: Any, contest: Contest, entry_id: int) -> dict[str, Any] | None:
    """One entry as a judge sees it (None when it is not theirs to judge)."""
    row = (ContestEntry.objects.filter(contest=contest, pk=entry_id).exclude(cadre__user_id=user.pk)
           .values("pk", "code", "title", "file_id", "file__kind").first())
    if row is None:
        return None
    review = EntryReview.objects.filter(entry_id=entry_id, judge_id=user.pk).values("score", "comment").first()
    row["score"] = review["score"] if review else None
    row["comment"] = review["comment"] if review else ""
    return row


def self_eligible(user: Any, contest: Contest) -> Cadre | None:
    """The signed-in cadre when the contest is offered to them: linked, on the roll, inside the
    organizer's subtree, and the contest past its draft."""
    cadre = cadre_of(user)
    if cadre is None or cadre.status not in ON_ROLL or contest.status == Contest.Status.DRAFT:
        return None
    if not cadre.org_unit.path.startswith(contest.org_unit.path):
        return None
    return cadre


def in_window(contest: Contest, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return contest.status == Contest.Status.OPEN and contest.opens_on <= today <= contest.closes_on


def open_for(cadre: Cadre) -> list[Contest]:
    """Contests the cadre may enter today: open, in their window, organized by their unit or above."""
    today = timezone.localdate()
    paths = [*cadre.org_unit.ancestor_paths(), cadre.org_unit.path]
    return list(Contest.objects.filter(status=Contest.Status.OPEN, opens_on__lte=today, closes_on__gte=today, org_unit__path__in=paths)
                .select_related("org_unit").order_by("closes_on", "id"))


def entries_of(cadre: Cadre) -> list[ContestEntry]:
    return list(ContestEntry.objects.filter(cadre=cadre).select_related("contest", "contest__org_unit")
                .order_by("-submitted_at", "-id"))


def is_author(user: Any, contest: Contest) -> bool:
    cadre = cadre_of(user)
    return cadre is not None and ContestEntry.objects.filter(contest=contest, cadre=cadre).exists()


def awarded(contest: Contest) -> list[dict[str, Any]]:
    """The published list: per tier (first to excellence), the entries by score, with author and unit."""
    rows = list(ContestEntry.objects.filter(contest=contest).exclude(award="").select_related("cadre", "org_unit")
                .order_by("-score", "code"))
    return [{"tier": t, "label": TIER_LABELS[t], "entries": [e for e in rows if e.award == t]} for t in TIERS
            if any(e.award == t for e in rows)]


def judge_progress(contest: Contest) -> list[dict[str, Any]]:
    """For the organizer: each judge and how many entries they have scored (two queries)."""
    done = dict(EntryReview.objects.filter(entry__contest=contest).values_list("judge_id").annotate(n=Count("id"))
                .values_list("judge_id", "n"))
    return [{"judge": j, "scored": done.get(j.pk, 0)} for j in contest.judges.order_by("full_name", "username")]


# ---------------------------------------------------------------- the contest


def _locked(contest: Contest) -> Contest:
    return Contest.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=contest.pk)


def _tiers(data: dict[str, Any]) -> dict[str, int] | None:
    raw = data.get("tiers") or {}
    out: dict[str, int] = {}
    for t in TIERS:
        n = raw.get(t, 0)
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_TIER:
            return None
        out[t] = n
    return out


def _check(org_unit: OrgUnit, data: dict[str, Any], judges: list[Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("title") or "").strip():
        errors["title"] = MSG_TITLE
    opens, closes = data.get("opens_on"), data.get("closes_on")
    if opens is None:
        errors["opens_on"] = MSG_DATE
    if closes is None:
        errors["closes_on"] = MSG_DATE
    elif opens is not None and closes < opens:
        errors["closes_on"] = MSG_DATES
    tiers = _tiers(data)
    if tiers is None:
        errors["tiers"] = MSG_TIER
    elif not sum(tiers.values()):
        errors["tiers"] = MSG_TIER_NONE
    ids = {u.pk for u in judges}
    if ids and judge_candidates([org_unit.path]).filter(pk__in=ids).count() != len(ids):
        errors["judges"] = MSG_JUDGES
    return errors


def _values(data: dict[str, Any]) -> dict[str, Any]:
    return {"title": str(data["title"]).strip()[:200], "theme": str(data.get("theme") or "").strip()[:200],
            "description": str(data.get("description") or "").strip()[:20_000], "opens_on": data["opens_on"],
            "closes_on": data["closes_on"], "tiers": _tiers(data)}


def _snap(contest: Contest) -> dict[str, Any]:
    return {**snapshot(contest), "judges": sorted(contest.judges.values_list("pk", flat=True))}


@transaction.atomic
def contest_create(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], judges: list[Any]) -> Contest:
    """A contest in draft: nobody below sees it until it opens."""
    require_at(actor, ADD, org_unit.path)
    errors = _check(org_unit, data, judges)
    if errors:
        raise ValidationError(errors)
    c = Contest.objects.create(org_unit=org_unit, created_by=actor, **_values(data))
    c.judges.set(judges)
    record(action="contest.created", actor=actor, obj=c, after=_snap(c))
    return c


@transaction.atomic
def contest_update(*, actor: Any, contest: Contest, data: dict[str, Any], judges: list[Any], expected_version: int) -> Contest:
    """Edit the notice, window, award counts and judges while the contest is a draft or open."""
    require_at(actor, ADD, contest.org_unit.path)
    c = _locked(contest)
    if c.version != expected_version:
        raise ConflictError(MSG_CONFLICT)
    if c.status not in EDITABLE:
        raise ValidationError(MSG_NOT_EDITABLE)
    errors = _check(c.org_unit, data, judges)
    if errors:
        raise ValidationError(errors)
    before = _snap(c)
    for k, v in _values(data).items():
        setattr(c, k, v)
    c.version += 1
    c.save(update_fields=[*FIELDS, "version"])
    c.judges.set(judges)
    record(action="contest.updated", actor=actor, obj=c, before=before, after=_snap(c))
    return c


TRANSITIONS: dict[str, set[str]] = {Contest.Status.DRAFT: {Contest.Status.OPEN}, Contest.Status.OPEN: {Contest.Status.REVIEWING},
                                    Contest.Status.REVIEWING: set(), Contest.Status.PUBLISHED: set()}


@transaction.atomic
def contest_set_status(*, actor: Any, contest: Contest, status: str, expected_version: int) -> Contest:
    """草稿 → 征集中 → 评审中 (publishing is `contest_publish`). Review starts with judges and entries."""
    require_at(actor, ADD, contest.org_unit.path)
    c = _locked(contest)
    if c.version != expected_version:
        raise ConflictError(MSG_CONFLICT)
    if status not in TRANSITIONS.get(c.status, set()):
        raise ValidationError(MSG_STATUS.format(status=c.get_status_display()))
    if status == Contest.Status.REVIEWING:
        if not c.judges.exists():
            raise ValidationError(MSG_NO_JUDGES)
        if not c.entries.exists():
            raise ValidationError(MSG_NO_ENTRIES)
    before = {"status": c.status}
    c.status = status
    c.version += 1
    c.save(update_fields=["status", "version"])
    record(action="contest.status_changed", actor=actor, obj=c, before=before, after={"status": c.status})
    return c


# ---------------------------------------------------------------- entries


def _new_code(taken: set[str]) -> str:
    while True:
        code = f"{secrets.randbelow(9 * 10 ** (CODE_DIGITS - 1)) + 10 ** (CODE_DIGITS - 1)}"
        if code not in taken:
            return code


@transaction.atomic
def entry_submit(*, actor: Any, contest: Contest, cadre: Cadre, title: str, upload: Any) -> ContestEntry:
    """Submit an entry: unit staff for a cadre of their subtree, or a cadre for themselves, while the
    contest is open and today is in its window. The entry belongs to the cadre's unit and gets a random
    six-digit number, unique in the contest, which is all a judge will know of it."""
    c = _locked(contest)
    own = cadre_of(actor)
    if own is None or own.pk != cadre.pk:
        require_at(actor, ADD_ENTRY, cadre.org_unit.path)
        if not Cadre.objects.visible_to(actor, "view").filter(pk=cadre.pk).exists():
            raise ValidationError({"cadre": MSG_AUTHOR_UNIT})
    if not in_window(c):
        raise ValidationError(closed_message(c))
    errors: dict[str, str] = {}
    if cadre.status not in ON_ROLL or not cadre.org_unit.path.startswith(c.org_unit.path):
        errors["cadre"] = MSG_AUTHOR_SCOPE
    title = str(title or "").strip()[:200]
    if not title:
        errors["title"] = MSG_ENTRY_TITLE
    elif ContestEntry.objects.filter(contest=c, cadre=cadre, title=title).exists():
        errors["title"] = MSG_DUPLICATE.format(title=title)
    if upload is None:
        errors["file"] = MSG_FILE
    elif Path(upload.name or "").suffix.lower() not in ENTRY_SUFFIXES:
        errors["file"] = MSG_FILE_KIND
    if errors:
        raise ValidationError(errors)
    try:
        # checks the content against the suffix (a renamed file is refused), then keeps it
        stored = files.store_all([upload], actor=actor, org_unit=cadre.org_unit)[0]
    except ValidationError as exc:
        raise ValidationError({"file": "；".join(exc.messages)}) from exc
    taken = set(ContestEntry.objects.filter(contest=c).values_list("code", flat=True))
    for _attempt in range(5):
        code = _new_code(taken)
        try:
            with transaction.atomic():
                e = ContestEntry.objects.create(contest=c, cadre=cadre, org_unit=cadre.org_unit, title=title, code=code, file=stored,
                                                submitted_by=actor)
        except IntegrityError:
            if ContestEntry.objects.filter(contest=c, cadre=cadre, title=title).exists():
                raise ValidationError({"title": MSG_DUPLICATE.format(title=title)}) from None
            taken.add(code)
            continue
        record(action="contestentry.submitted", actor=actor, obj=e,
               after={**snapshot(e), "self": own is not None and own.pk == cadre.pk})
        return e
    raise ValidationError(MSG_CODE)


# ---------------------------------------------------------------- blind review


def parse_score(raw: Any) -> Decimal:
    value = decimal_param(str(raw if raw is not None else "").strip())
    if value is None or value < 0 or value > 100 or value != value.quantize(Decimal("0.1")):
        raise ValidationError({"score": MSG_SCORE})
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def review_save(*, actor: Any, contest: Contest, entry_id: int, score: Any, comment: str = "") -> EntryReview:
    """A judge scores an entry (or changes their score) while the contest is under review."""
    c = Contest.objects.select_for_update(of=("self",)).get(pk=contest.pk)
    if not is_judge(actor, c):
        raise ValidationError(MSG_NOT_JUDGE)
    if c.status != Contest.Status.REVIEWING:
        raise ValidationError(MSG_NOT_REVIEWING)
    entry = ContestEntry.objects.filter(contest=c, pk=entry_id).select_related("cadre").first()
    if entry is None:
        raise ValidationError(MSG_NO_ENTRY)
    if entry.cadre.user_id is not None and entry.cadre.user_id == actor.pk:
        raise ValidationError(MSG_OWN_ENTRY)
    value = parse_score(score)
    comment = str(comment or "").strip()
    if len(comment) > 500:
        raise ValidationError({"comment": MSG_COMMENT})
    review = EntryReview.objects.filter(entry=entry, judge=actor).first()
    before = None
    if review is None:
        review = EntryReview.objects.create(entry=entry, judge=actor, score=value, comment=comment)
    else:
        before = {"score": str(review.score), "comment": review.comment}
        review.score, review.comment = value, comment
        review.save(update_fields=["score", "comment", "reviewed_at"])
    record(action="entryreview.saved", actor=actor, obj=review, org_unit_id=c.org_unit_id, before=before,
           after={"entry": entry.pk, "score": str(value), "comment": comment})
    return review


# ---------------------------------------------------------------- awards


@dataclass(frozen=True)
class Tie:
    """Entries tied on a tier boundary: all get the higher tier."""

    rank: int
    codes: list[str]
    tier: str
    over: int  # how many more than the tier's places it took


@dataclass
class AwardResult:
    counts: dict[str, int] = field(default_factory=dict)
    unscored: int = 0
    ties: list[Tie] = field(default_factory=list)


def _averages(contest: Contest) -> dict[int, Fraction]:
    """Each scored entry's exact average (one query)."""
    sums: dict[int, list[Fraction]] = {}
    for entry_id, score in EntryReview.objects.filter(entry__contest=contest).values_list("entry_id", "score"):
        sums.setdefault(entry_id, []).append(Fraction(score))
    return {k: sum(v, Fraction(0)) / len(v) for k, v in sums.items()}


def _shown(avg: Fraction | None) -> Decimal | None:
    if avg is None:
        return None
    return (Decimal(avg.numerator) / Decimal(avg.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def average(scores: list[Decimal]) -> Decimal | None:
    """The average of some scores as shown (two decimals), None without any."""
    return _shown(sum((Fraction(s) for s in scores), Fraction(0)) / len(scores)) if scores else None


def tiering(averages: dict[int, Fraction], counts: dict[str, int]) -> tuple[dict[int, str], list[tuple[int, list[int], str, int]]]:
    """Rank by average (tied entries share a rank: 1, 2, 2, 4) and give each rank the tier whose places
    cover it, the places counted from first to excellence. Entries tied across a boundary share the
    higher tier. Returns {entry id: tier} and the boundary ties (rank, entry ids, tier, places over)."""
    order = sorted(averages, key=lambda k: (-averages[k], k))
    bounds: list[tuple[int, str]] = []
    total = 0
    for t in TIERS:
        if counts.get(t, 0):
            total += counts[t]
            bounds.append((total, t))
    result: dict[int, str] = {}
    ties: list[tuple[int, list[int], str, int]] = []
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and averages[order[j + 1]] == averages[order[i]]:
            j += 1
        rank = i + 1
        group = order[i:j + 1]
        tier = next((t for bound, t in bounds if rank <= bound), None)
        if tier is not None:
            for k in group:
                result[k] = tier
            bound = next(b for b, t in bounds if t == tier)
            if j + 1 > bound:
                ties.append((rank, group, tier, j + 1 - bound))
        i = j + 1
    return result, ties


@transaction.atomic
def contest_award(*, actor: Any, contest: Contest) -> AwardResult:
    """按平均分评定奖项: every scored entry's average, ranked, and the tiers handed out by the configured
    counts; entries nobody scored get no award. The organizer may adjust single entries afterwards."""
    require_at(actor, ADD, contest.org_unit.path)
    c = _locked(contest)
    if c.status != Contest.Status.REVIEWING:
        raise ValidationError(MSG_STATUS.format(status=c.get_status_display()))
    averages = _averages(c)
    tiers, ties = tiering(averages, {t: int((c.tiers or {}).get(t, 0) or 0) for t in TIERS})
    rows = list(ContestEntry.objects.filter(contest=c))
    codes = {e.pk: e.code for e in rows}
    for e in rows:
        e.score = _shown(averages.get(e.pk))
        e.award = tiers.get(e.pk, "")
    ContestEntry.objects.bulk_update(rows, ["score", "award"])
    result = AwardResult(counts={t: sum(1 for v in tiers.values() if v == t) for t in TIERS},
                         unscored=sum(1 for e in rows if e.pk not in averages),
                         ties=[Tie(rank, sorted(codes[k] for k in group), tier, over) for rank, group, tier, over in ties])
    record(action="contest.awarded", actor=actor, obj=c, after={
        "method": "average", "counts": result.counts, "unscored": result.unscored,
        "ties": [{"rank": t.rank, "codes": t.codes, "tier": t.tier} for t in result.ties]})
    return result


@transaction.atomic
def entry_set_award(*, actor: Any, contest: Contest, entry: ContestEntry, award_value: str) -> ContestEntry:
    """The organizer adjusts one entry's award by hand (before publishing)."""
    require_at(actor, ADD, contest.org_unit.path)
    c = _locked(contest)
    if c.status != Contest.Status.REVIEWING:
        raise ValidationError(MSG_STATUS.format(status=c.get_status_display()))
    if award_value not in ("", *TIERS) or entry.contest_id != c.pk:
        raise ValidationError({"award": MSG_AWARD})
    before = {"entry": entry.code, "award": entry.award}
    entry.award = award_value
    entry.save(update_fields=["award"])
    record(action="contest.awarded", actor=actor, obj=c, before=before,
           after={"method": "manual", "entry": entry.code, "award": award_value})
    return entry


@transaction.atomic
def contest_publish(*, actor: Any, contest: Contest, expected_version: int) -> Contest:
    """公布结果: the awards freeze, the averages are brought up to date, each awarded entry is dated and
    earns its tier's points (learning.essay_<tier>) for its author on the publication day."""
    require_at(actor, ADD, contest.org_unit.path)
    c = _locked(contest)
    if c.version != expected_version:
        raise ConflictError(MSG_CONFLICT)
    if c.status != Contest.Status.REVIEWING:
        raise ValidationError(MSG_STATUS.format(status=c.get_status_display()))
    rows = list(ContestEntry.objects.filter(contest=c).select_related("cadre"))
    if not any(e.award for e in rows):
        raise ValidationError(MSG_NO_AWARDS)
    today = timezone.localdate()
    averages = _averages(c)
    for e in rows:
        e.score = _shown(averages.get(e.pk))
        e.awarded_on = today if e.award else None
    ContestEntry.objects.bulk_update(rows, ["score", "awarded_on"])
    c.status, c.published_on = Contest.Status.PUBLISHED, today
    c.version += 1
    c.save(update_fields=["status", "published_on", "version"])
    for e in rows:
        if e.award:
            award(f"learning.essay_{e.award}", cadre=e.cadre, source=f"entry:{e.pk}", on=today,
                  reason=f"{c.title}{TIER_LABELS[e.award]}")
    counts = {t: sum(1 for e in rows if e.award == t) for t in TIERS}
    record(action="contest.published", actor=actor, obj=c, before={"status": Contest.Status.REVIEWING},
           after={"status": c.status, "published_on": today.isoformat(), "counts": counts})
    return c
