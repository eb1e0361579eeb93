"""One-time codes people type from paper: mailbox receipt codes and survey ballot codes (SECURITY.md R68, R74).

128 random bits from the OS CSPRNG as 26 Crockford base32 characters (no I, L, O, U), printed in groups of four.
What people type back is forgiven: any case, dashes and spaces, O for 0, I or L for 1. The database keeps only
a keyed hash of a code (`core.crypto.blind_index` with a purpose prefix), never the code."""

from __future__ import annotations

import secrets

from zugong.core.crypto import blind_index

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_CHARS = 26  # 26 × 5 = 130 bits of room for 128 random bits

_TYPED: dict[int, str | None] = {ord("O"): "0", ord("I"): "1", ord("L"): "1", ord("-"): None, ord(" "): None, ord("\u3000"): None}


def new_code() -> str:
    """128 random bits as 26 Crockford base32 characters."""
    n = int.from_bytes(secrets.token_bytes(16), "big")
    return "".join(CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(CODE_CHARS)))


def format_code(code: str) -> str:
    """For print and screen: groups of four joined by dashes."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalize_code(raw: str) -> str | None:
    """The code as typed (any case, dashes, spaces, O for 0, I/L for 1), or None when it cannot be one."""
    text = (raw or "").upper().translate(_TYPED)
    if len(text) != CODE_CHARS or any(ch not in CROCKFORD for ch in text):
        return None
    return text


def code_hash(purpose: str, code: str) -> str:
    """The stored form of a code: a keyed hash under a purpose ("mailbox", "ballot"), so one kind of code
    never matches another's."""
    return blind_index(f"{purpose}:{code}")
