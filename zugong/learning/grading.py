"""Drawing a paper and grading an attempt: pure functions over plain data (no queries), so grading a
50-question attempt is a loop over 50 small lists (docs/benchmarks.md, bench_exams.py)."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

LETTERS = "ABCDEFGH"
CHOICE_KINDS = ("single", "multiple")
_rng = secrets.SystemRandom()  # draws and option orders are not predictable from earlier papers


@dataclass(frozen=True)
class Key:
    kind: str
    answer: list[str]
    options: int


@dataclass(frozen=True)
class Graded:
    position: int
    question_id: int
    answer: list[str]
    correct: bool
    points: Decimal


def draw(pool: list[int], count: int, taken: set[int]) -> list[int]:
    """`count` question ids from `pool` not already on the paper (a question matching two rules is drawn once)."""
    free = [q for q in pool if q not in taken]
    if len(free) < count:
        raise ValueError(f"题库中符合条件的试题只有 {len(free)} 道，少于抽题数 {count}")
    return _rng.sample(free, count)


def option_order(kind: str, options: int, shuffle: bool) -> list[int]:
    order = list(range(options))
    if shuffle and kind in CHOICE_KINDS:
        _rng.shuffle(order)
    return order


def normalize(text: str) -> str:
    """Fill-in answers compare after NFKC (full-width to half-width), dropping spaces, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def is_correct(key: Key, given: list[str]) -> bool:
    if not given:
        return False
    if key.kind == "fill":
        if len(given) != len(key.answer):
            return False
        return all(normalize(g) in {normalize(alt) for alt in blank.split("|")} for g, blank in zip(given, key.answer, strict=True))
    return sorted(set(given)) == sorted(key.answer)


def grade(paper: list[dict[str, Any]], answers: dict[str, list[str]], keys: dict[int, Key]) -> list[Graded]:
    """Grade every position of the paper (unanswered positions are wrong, with an empty answer)."""
    out = []
    for position, item in enumerate(paper):
        qid = item["q"]
        given = answers.get(str(position)) or []
        ok = is_correct(keys[qid], given)
        out.append(Graded(position, qid, given, ok, Decimal(item["p"]) if ok else Decimal(0)))
    return out


def to_stored(kind: str, order: list[int], raw: list[str], blanks: int) -> list[str]:
    """A submitted answer as the page sends it (display letters, 对/错 as T/F, blank texts) in the stored
    form (authored option indexes). Raises ValueError with a Chinese message for anything malformed."""
    raw = [str(v) for v in raw if str(v).strip() != ""] if kind != "fill" else [str(v)[:200] for v in raw]
    if kind in CHOICE_KINDS:
        picked = []
        for letter in raw:
            i = LETTERS.find(letter.strip().upper())
            if len(letter.strip()) != 1 or i < 0 or i >= len(order):
                raise ValueError("选项不存在")
            picked.append(str(order[i]))
        if kind == "single" and len(picked) > 1:
            raise ValueError("单选题只能选一个选项")
        return sorted(set(picked), key=int)
    if kind == "judge":
        if len(raw) > 1 or (raw and raw[0] not in ("T", "F")):
            raise ValueError("判断题只能答“对”或“错”")
        return raw
    if len(raw) > blanks:
        raise ValueError("填空数目不对")
    return raw if any(v.strip() for v in raw) else []


def to_display(kind: str, order: list[int], stored: list[str]) -> list[str]:
    """The stored answer (authored indexes) as the letters this paper shows."""
    if kind in CHOICE_KINDS:
        where = {authored: LETTERS[i] for i, authored in enumerate(order)}
        return sorted(where[int(s)] for s in stored if int(s) in where)
    return list(stored)
