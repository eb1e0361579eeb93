"""Likely duplicates among opinions (MinHash over character 2-grams).

Each opinion stores a 64-value MinHash signature of its normalized text (NFKC, letters and digits only) when it
is saved. Finding the opinions like a given one compares its signature with those of the same unit at once
(numpy: the fraction of equal values estimates the Jaccard similarity of the 2-gram sets), then ranks the best
candidates by the exact Jaccard similarity of their texts. No database extension, the same on SQLite and
PostgreSQL; a county's few thousand opinions compare in a few milliseconds."""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Iterable

import numpy as np

NUM_PERM = 64
_PRIME = np.uint64((1 << 61) - 1)
_MASK = np.uint64(0xFFFFFFFF)
_rng = np.random.Generator(np.random.PCG64(20261204))
_A = _rng.integers(1, 1 << 32, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint64)
SIG_BYTES = NUM_PERM * 4


def normalize(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def shingles(text: str) -> set[str]:
    t = normalize(text)
    if len(t) < 2:
        return {t} if t else set()
    return {t[i:i + 2] for i in range(len(t) - 1)}


def signature(text: str) -> bytes:
    """The MinHash signature (64 × uint32) of the text's 2-grams; b"" for a text without letters or digits."""
    grams = shingles(text)
    if not grams:
        return b""
    h = np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))
    values = ((np.outer(h, _A) + _B) % _PRIME).min(axis=0) & _MASK
    return values.astype("<u4").tobytes()


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def estimate(target: bytes, candidates: Iterable[tuple[int, bytes]]) -> list[tuple[int, float]]:
    """(pk, estimated similarity) of every candidate with a signature, best first."""
    if len(target) != SIG_BYTES:
        return []
    rows = [(pk, sig) for pk, sig in candidates if sig is not None and len(sig) == SIG_BYTES]
    if not rows:
        return []
    matrix = np.frombuffer(b"".join(bytes(s) for _, s in rows), dtype="<u4").reshape(len(rows), NUM_PERM)
    scores = (matrix == np.frombuffer(target, dtype="<u4")).mean(axis=1)
    order = np.argsort(-scores, kind="stable")
    return [(rows[i][0], float(scores[i])) for i in order]
