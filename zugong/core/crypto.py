"""Field encryption for personal data (SECURITY.md R30-R40): SM4-GCM at rest, HMAC-SM3 blind index.

Ciphertext format: base64(version byte | 12-byte nonce | ciphertext | 16-byte tag).
"""

from __future__ import annotations

import base64
import functools
import os

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

_VERSION = b"\x01"


@functools.cache
def _keys(material: str) -> tuple[bytes, bytes, bytes]:
    """Derive separate keys for encryption, blind indexes and the audit chain from one secret."""

    def derive(label: bytes) -> bytes:
        h = hmac.HMAC(material.encode(), hashes.SM3())
        h.update(label)
        return h.finalize()

    return derive(b"zugong-sm4")[:16], derive(b"zugong-blind-index"), derive(b"zugong-audit-chain")


def _material() -> str:
    return str(settings.FIELD_KEY)


@functools.cache
def _sm4(material: str) -> algorithms.SM4:
    return algorithms.SM4(_keys(material)[0])


def encrypt(plaintext: str) -> str:
    if plaintext == "":
        return ""
    nonce = os.urandom(12)
    enc = Cipher(_sm4(_material()), modes.GCM(nonce)).encryptor()
    body = enc.update(plaintext.encode()) + enc.finalize()
    return base64.b64encode(_VERSION + nonce + body + enc.tag).decode()


def decrypt(token: str) -> str:
    if token == "":
        return ""
    raw = base64.b64decode(token)
    if raw[:1] != _VERSION:
        raise ValueError("unknown ciphertext version")
    nonce, body, tag = raw[1:13], raw[13:-16], raw[-16:]
    dec = Cipher(algorithms.SM4(_keys(_material())[0]), modes.GCM(nonce, tag)).decryptor()
    return (dec.update(body) + dec.finalize()).decode()


def blind_index(value: str) -> str:
    """Deterministic keyed hash for exact lookup of an encrypted value."""
    h = hmac.HMAC(_keys(_material())[1], hashes.SM3())
    h.update(value.strip().upper().encode())
    return h.finalize().hex()


def chain_mac(data: bytes) -> str:
    """HMAC-SM3 used to chain audit rows (SECURITY.md R21-R29)."""
    h = hmac.HMAC(_keys(_material())[2], hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def mask(value: str, head: int, tail: int) -> str:
    if not value:
        return ""
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]
