"""Full-text search of rules that works for Chinese without database extensions.

Chinese has no spaces, so a word index does not work and pg_trgm / zhparser are extensions an intranet
PostgreSQL may not have. Instead every rule keeps two derived columns, written by the services:

- `search_text`: title + 文号 + the current version's text, NFKC-normalised, lower case, without blanks;
- `search_grams`: the distinct character unigrams and bigrams of that text, each spelled as an ASCII word
  ("u" or "b" + the code points as letters a-p), so PostgreSQL's own `simple` text-search parser keeps every
  one of them whatever the database locale.

On PostgreSQL a GIN index on the stored column `search_vector` = `to_tsvector('simple', search_grams)`, generated
by the database (migration 0002), finds the rules that hold
every bigram of the phrase; the phrase itself is then checked on `search_text` for those few rows only. On
SQLite (the embedded default for a single small unit) the phrase is a LIKE on `search_text`.
Measured by bench/bench_regulations.py (docs/benchmarks.md §9): rare phrases come back in a few ms through the
index, phrases found in most rules take longer because every hit is checked and counted.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY = 50
_BLANKS = re.compile(r"\s+")
_LETTERS = "abcdefghijklmnop"


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, no blanks: how both the stored text and the phrase are compared."""
    return _BLANKS.sub("", unicodedata.normalize("NFKC", text or "").lower())


def _word(ch: str) -> str:
    return "".join(_LETTERS[int(d, 16)] for d in f"{ord(ch):06x}")


def _tokens(text: str, *, unigrams: bool) -> set[str]:
    out: set[str] = set()
    for i, ch in enumerate(text):
        if unigrams:
            out.add("u" + _word(ch))
        if i + 1 < len(text):
            out.add("b" + _word(ch) + _word(text[i + 1]))
    return out


def grams(normalized: str) -> str:
    """The stored token list of a normalised text (sorted, so the column is deterministic)."""
    return " ".join(sorted(_tokens(normalized, unigrams=True)))


def query_tokens(phrase: str) -> list[str]:
    """The tokens every matching rule must hold: the bigrams of the phrase (its one character if it is one)."""
    norm = normalize(phrase)
    if len(norm) == 1:
        return sorted(_tokens(norm, unigrams=True))
    return sorted(_tokens(norm, unigrams=False))


def searchable(*parts: str) -> tuple[str, str]:
    """(search_text, search_grams) of a rule's title, 文号 and current text."""
    text = normalize("\n".join(p for p in parts if p))
    return text, grams(text)


def search_q(phrase: str) -> Q:
    """Rules whose title, 文号 or current text contains the phrase (blanks and letter case ignored)."""
    norm = normalize(phrase)[:MAX_QUERY]
    if not norm:
        return Q()
    contains = Q(search_text__contains=norm)
    if connection.vendor != "postgresql":
        return contains
    tsquery = " & ".join(query_tokens(norm))
    # search_vector: a stored column generated from search_grams, GIN-indexed (migration 0002)
    indexed = RawSQL(""""regulations_rule"."search_vector" @@ to_tsquery('simple', %s)""",
                     [tsquery], output_field=BooleanField())
    return Q(indexed) & contains


def highlight(text: str, phrase: str) -> SafeString:
    """`text` escaped, with every occurrence of the phrase (letter case ignored) in <mark>."""
    phrase = (phrase or "").strip()
    if not phrase or not text:
        return escape(text or "")
    parts = re.split(f"({re.escape(phrase)})", text, flags=re.IGNORECASE)
    return mark_safe("".join(f"<mark>{escape(p)}</mark>" if i % 2 else escape(p) for i, p in enumerate(parts)))  # noqa: S308 — every piece escaped


def snippet(text: str, phrase: str, width: int = 60) -> SafeString:
    """The passage of `text` around the first occurrence of the phrase, highlighted; the opening if absent."""
    text = text or ""
    phrase = (phrase or "").strip()
    pos = text.lower().find(phrase.lower()) if phrase else -1
    if pos < 0:
        part = text[: width * 2]
        return highlight(part + ("…" if len(text) > len(part) else ""), phrase)
    start, end = max(0, pos - width), min(len(text), pos + len(phrase) + width)
    part = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return highlight(_BLANKS.sub(" ", part), phrase)


def apply(qs: Any, phrase: str) -> Any:
    return qs.filter(search_q(phrase)) if normalize(phrase) else qs
