"""Votes (投票) and the tally, built like the surveys' ballots (surveys/ballots.py, surveys/closing.py; R64–R68).

- `codes_issue` makes one-time vote codes and returns them **once** (slips PDF or xlsx, sheets.py); only their
  keyed hashes are stored (`core.codes`, purpose "vote").
- `vote_by_code` spends a code and stages the ballot in one transaction: a single
  `UPDATE … SET used = true WHERE id = … AND used = false` decides the race (409 for the loser).
- `vote_by_login` lets a cadre signed in with a linked account vote once: the participation row (selection,
  user) is inserted in the same transaction as the ballot, and its unique constraint decides the race. The ballot
  knows nothing of the voter; a voter cannot choose their own nomination (with a code this cannot be known).
- `selection_close` moves every staged choice, in random key order, to `VoteChoice`, touches every code and
  participation row (so PostgreSQL's xmin ties none of them to a ballot), and freezes the counts and ranks on the
  nominations. No audit row is written per ballot (an audit row carries the time and the address)."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record
from zugong.core import codes
from zugong.core.bulk import insert_rows
from zugong.core.crypto import decrypt, encrypt
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.versioning import update_versioned
from zugong.honors.models import Nomination, Selection, VoteBallot, VoteChoice, VoteCode, VoteParticipation
from zugong.people.models import Cadre, CadreStatus

ORGANIZE = "honors.add_selection"
PURPOSE = "vote"
MAX_CODES = 2000  # codes one sheet may carry (the PDF is made in the request)

MSG_CODE = "投票码不正确，请核对后重新输入"
MSG_USED = "该投票码已使用，每个投票码只能投一次票"
MSG_VOTED = "您已投过票，每人只能投一次"
MSG_NOT_OPEN = "投票尚未开始"
MSG_ENDED = "投票已结束"
MSG_NO_CODES = "本次评选不使用投票码投票"
MSG_NO_LOGIN = "本次评选不使用干部登录投票"
MSG_NOT_VOTER = "您不是本次评选范围内的在岗组工干部，不能投票"
MSG_NONE = "请至少选择 1 人"
MSG_TOO_MANY = "每票最多选 {n} 人，您选了 {m} 人"
MSG_CHOICE = "所选人选不在候选名单中"
MSG_SELF = "不能投票给自己"
MSG_COUNT = f"生成数量应为 1 到 {MAX_CODES} 之间的整数"
MSG_CODES_STEP = "只能在推荐、公示或投票阶段生成投票码"
MSG_CLOSE = "只有投票中的评选可以结束投票"


def code_hash(code: str) -> str:
    return codes.code_hash(PURPOSE, code)


def seal(chosen: list[int]) -> str:
    """A staged ballot's choices, encrypted until the close reads them (models.VoteBallot)."""
    return encrypt(json.dumps(sorted(int(n) for n in chosen)))


def unseal(sealed: str) -> list[int]:
    return [int(n) for n in json.loads(decrypt(sealed))]


@transaction.atomic
def codes_issue(*, actor: Any, selection: Selection, count: Any) -> list[str]:
    """Make `count` vote codes; returns the plain codes, which exist nowhere else."""
    require_at(actor, ORGANIZE, selection.org_unit.path)
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if not selection.by_codes:
        raise ValidationError(MSG_NO_CODES)
    if selection.status not in (Selection.Status.NOMINATING, Selection.Status.PUBLICIZED, Selection.Status.VOTING):
        raise ValidationError(MSG_CODES_STEP)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_CODES:
        raise ValidationError({"count": MSG_COUNT})
    made = [codes.new_code() for _ in range(count)]
    VoteCode.objects.bulk_create([VoteCode(selection=selection, code_hash=code_hash(c)) for c in made], batch_size=1000)
    Selection.objects.filter(pk=selection.pk).update(codes_issued=F("codes_issued") + count)
    record(action="selection.codes_issued", actor=actor, obj=selection, after={"codes": count})
    return made


def window_problem(selection: Selection) -> str:
    """Why a vote cannot be cast now, or ""."""
    today = timezone.localdate()
    if selection.status in (Selection.Status.CLOSED, Selection.Status.COMMENDED) or \
            (selection.status == Selection.Status.VOTING and today > selection.vote_until):
        return MSG_ENDED
    if selection.status != Selection.Status.VOTING or today < selection.vote_from:
        return MSG_NOT_OPEN
    return ""


def candidates(selection: Selection) -> Any:
    """The accepted nominations, in the order of the 公示 list."""
    return (selection.nominations.filter(status=Nomination.Status.ACCEPTED).select_related("cadre", "org_unit")
            .order_by("org_unit__path", "cadre__name_pinyin", "id"))


def check_choices(selection: Selection, raw: Any, *, voter: Cadre | None = None) -> list[int]:
    """The chosen nominations' ids: between 1 and votes_per_voter distinct accepted nominations, not the voter's own."""
    if not isinstance(raw, list | tuple):
        raise ValidationError({"choices": MSG_CHOICE})
    if len(raw) > selection.votes_per_voter:  # before looking at them: a long list is refused at once
        raise ValidationError({"choices": MSG_TOO_MANY.format(n=selection.votes_per_voter, m=len(raw))})
    chosen: dict[int, None] = {}
    for value in raw:  # ids: integers or digit strings (not 1.9, true, 1e400); at most 18 digits
        text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise ValidationError({"choices": MSG_CHOICE})
        chosen[int(text)] = None
    if not chosen:
        raise ValidationError({"choices": MSG_NONE})
    if len(chosen) > selection.votes_per_voter:
        raise ValidationError({"choices": MSG_TOO_MANY.format(n=selection.votes_per_voter, m=len(chosen))})
    found = dict(selection.nominations.filter(pk__in=list(chosen), status=Nomination.Status.ACCEPTED).values_list("pk", "cadre_id"))
    if len(found) != len(chosen):
        raise ValidationError({"choices": MSG_CHOICE})
    if voter is not None and voter.pk in found.values():
        raise ValidationError({"choices": MSG_SELF})
    return sorted(chosen)


class CodeBallot(NamedTuple):
    """What a typed code opens: its selection."""

    code: str
    code_id: int
    selection: Selection


def code_open(raw_code: str) -> CodeBallot:
    """The selection a code votes in. ValidationError for a code that is not one (the caller counts the failure
    and answers 404), ConflictError for a used one, ValidationError for a vote not open."""
    code = codes.normalize_code(raw_code)
    row = VoteCode.objects.filter(code_hash=code_hash(code)).select_related("selection").first() if code else None
    if row is None or code is None:
        raise ValidationError({"code": MSG_CODE})
    if row.used:
        raise ConflictError(MSG_USED)
    problem = window_problem(row.selection)
    if problem:
        raise ValidationError({"code": problem})
    return CodeBallot(code, row.pk, row.selection)


def _status_shared(selection: Selection) -> str:
    """The selection's status under a share lock: closing (which locks it for update) waits for ballots in flight."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT status FROM honors_selection WHERE id = %s FOR SHARE", [selection.pk])
            return str(cur.fetchone()[0])
    return str(Selection.objects.values_list("status", flat=True).get(pk=selection.pk))


def vote_by_code(raw_code: str, choices: Any) -> None:
    """Spend the code and stage the ballot, atomically. ConflictError (409) if the code was used, also when another
    submission of it wins at the same moment."""
    ballot = code_open(raw_code)
    s = ballot.selection
    if not s.by_codes:
        raise ValidationError({"code": MSG_NO_CODES})
    chosen = check_choices(s, choices)
    with transaction.atomic():
        if _status_shared(s) != Selection.Status.VOTING:
            raise ValidationError({"code": MSG_ENDED})
        if VoteCode.objects.filter(pk=ballot.code_id, used=False).update(used=True) != 1:
            raise ConflictError(MSG_USED)
        VoteBallot.objects.create(selection=s, sealed=seal(chosen))


def voter_cadre(user: Any, selection: Selection) -> Cadre | None:
    """The in-service cadre linked to `user` within the organizer's subtree: who may vote by login."""
    if not getattr(user, "pk", None) or getattr(user, "admin_role", None):
        return None
    return (Cadre.objects.filter(user_id=user.pk, status=CadreStatus.ACTIVE, org_unit__path__startswith=selection.org_unit.path)
            .select_related("org_unit").first())


def has_voted(user: Any, selection: Selection) -> bool:
    return VoteParticipation.objects.filter(selection=selection, user_id=user.pk).exists()


def vote_by_login(*, user: Any, selection: Selection, choices: Any) -> None:
    """A signed-in cadre votes once. ConflictError (409) for a second vote, also when two arrive at once."""
    if not selection.by_login:
        raise ValidationError(MSG_NO_LOGIN)
    cadre = voter_cadre(user, selection)
    if cadre is None:
        raise ValidationError(MSG_NOT_VOTER)
    problem = window_problem(selection)
    if problem:
        raise ValidationError(problem)
    if has_voted(user, selection):
        raise ConflictError(MSG_VOTED)
    chosen = check_choices(selection, choices, voter=cadre)
    with transaction.atomic():
        if _status_shared(selection) != Selection.Status.VOTING:
            raise ValidationError(MSG_ENDED)
        try:
            with transaction.atomic():
                VoteParticipation.objects.create(selection=selection, user=user)
        except IntegrityError:
            raise ConflictError(MSG_VOTED) from None
        VoteBallot.objects.create(selection=selection, sealed=seal(chosen))


# ---------------------------------------------------------------- close and tally


class _Choice(NamedTuple):
    id: uuid.UUID
    selection_id: int
    nomination_id: int


def _move(selection: Selection) -> int:
    staged = [unseal(x) for x in VoteBallot.objects.filter(selection=selection).values_list("sealed", flat=True)]
    keyed = sorted(((uuid.uuid4(), int(n)) for ballot in staged for n in ballot), key=lambda pair: pair[0])
    insert_rows(VoteChoice, [_Choice(k, selection.pk, n) for k, n in keyed])
    VoteBallot.objects.filter(selection=selection).delete()
    VoteCode.objects.filter(selection=selection).update(used=F("used"))
    VoteParticipation.objects.filter(selection=selection).update(user=F("user"))
    return len(staged)


def rank(counts: list[tuple[int, int]]) -> dict[int, int]:
    """Competition ranking of (id, votes): ties share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(counts, key=lambda c: -c[1])
    out: dict[int, int] = {}
    for i, (pk, votes) in enumerate(ordered):
        out[pk] = out[ordered[i - 1][0]] if i and votes == ordered[i - 1][1] else i + 1
    return out


def _tally(selection: Selection) -> None:
    counts = Counter(VoteChoice.objects.filter(selection=selection).values_list("nomination_id", flat=True))
    nominations = list(selection.nominations.filter(status=Nomination.Status.ACCEPTED))
    ranks = rank([(n.pk, counts.get(n.pk, 0)) for n in nominations])
    for n in nominations:
        n.votes, n.rank = counts.get(n.pk, 0), ranks[n.pk]
    Nomination.objects.bulk_update(nominations, ["votes", "rank"])


def vacuum() -> None:
    """Remove the dead voting-time rows (and their xmin) on PostgreSQL; VACUUM cannot run in a transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cur:
        cur.execute("VACUUM honors_voteballot")
        cur.execute("VACUUM honors_votecode")
        cur.execute("VACUUM honors_voteparticipation")


@transaction.atomic
def selection_close(*, actor: Any, selection: Selection, expected_version: int) -> Selection:
    """End the vote: shuffle the choices into their final table, count them, rank the nominees."""
    require_at(actor, ORGANIZE, selection.org_unit.path)
    selection = Selection.objects.select_for_update().get(pk=selection.pk)  # waits for ballots in flight
    if selection.status != Selection.Status.VOTING:
        raise ValidationError(MSG_CLOSE)
    ballots = _move(selection)
    _tally(selection)
    selection.status, selection.closed_on, selection.ballots = Selection.Status.CLOSED, timezone.localdate(), ballots
    update_versioned(selection, expected_version=expected_version, fields=["status", "closed_on", "ballots"])
    record(action="selection.closed", actor=actor, obj=selection, after={"ballots": ballots})
    transaction.on_commit(vacuum)
    return selection
