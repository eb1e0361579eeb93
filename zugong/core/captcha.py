"""An offline picture captcha for public forms (the mailbox, its status look-up): no account, no session, no
outside service (SECURITY.md R50, R74).

A challenge is a signed, time-limited token that carries its answer encrypted (SM4-GCM under the field key)
and a random nonce; the picture is drawn on the server from the token (Pillow, the bundled font), and an answer
is accepted once: the nonce is then marked used in the cache. Nothing is stored per visitor and no cookie is
set. The alphabet leaves out look-alikes (0/O, 1/I/L) and the check ignores case."""

from __future__ import annotations

import io
import math
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.core import signing
from django.core.cache import cache

from zugong.core.crypto import decrypt, encrypt

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 4
MAX_AGE = 10 * 60  # seconds
_SALT = "zugong.captcha"
TEST_ANSWER = "PASS"  # accepted only when settings.CAPTCHA_TEST_MODE (load tests)
MSG_WRONG = "验证码不正确，请重新输入"
MSG_EXPIRED = "验证码已过期，请看新的图片重新输入"


@dataclass(frozen=True)
class Challenge:
    key: str


def new() -> Challenge:
    answer = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return Challenge(signing.dumps({"a": encrypt(answer), "n": secrets.token_hex(8)}, salt=_SALT, compress=True))


def _payload(key: str) -> dict[str, str] | None:
    try:
        data = signing.loads(key, salt=_SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("a"), str) and isinstance(data.get("n"), str) else None


def verify(key: str, answer: str) -> str:
    """"" when `answer` solves the challenge (which is then used up), else the message to show."""
    data = _payload(key or "")
    if data is None:
        return MSG_EXPIRED
    given = (answer or "").strip().upper()
    if settings.CAPTCHA_TEST_MODE and given == TEST_ANSWER:
        return ""
    try:
        expected = decrypt(data["a"])
    except (ValueError, InvalidTag):  # a token signed under an older field key: just expired
        return MSG_EXPIRED
    if not secrets.compare_digest(given.encode(), expected.encode()):
        return MSG_WRONG
    if not cache.add(f"captcha-used:{data['n']}", 1, timeout=MAX_AGE + 60):
        return MSG_EXPIRED  # answered once already
    return ""


def image(key: str) -> bytes | None:
    """The PNG of a challenge (None for a bad or expired key)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    data = _payload(key)
    if data is None:
        return None
    try:
        text = decrypt(data["a"])
    except (ValueError, InvalidTag):
        return None
    rng = secrets.SystemRandom()
    width, height = 160, 56
    img = Image.new("RGB", (width, height), (246, 248, 251))
    draw = ImageDraw.Draw(img)
    for _ in range(6):  # interfering curves
        y0, amp, phase = rng.randint(10, height - 10), rng.randint(4, 12), rng.random() * 6.28
        pts = [(x, y0 + amp * math.sin(x / 18 + phase)) for x in range(0, width, 4)]
        draw.line(pts, fill=(rng.randint(120, 200), rng.randint(120, 200), rng.randint(120, 200)), width=1)
    font = ImageFont.load_default(size=34)
    for i, ch in enumerate(text):
        glyph = Image.new("RGBA", (44, 52), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((6, 2), ch, font=font, fill=(rng.randint(10, 90), rng.randint(30, 90), rng.randint(90, 160), 255))
        glyph = glyph.rotate(rng.uniform(-28, 28), resample=Image.Resampling.BICUBIC, expand=False)
        img.paste(glyph, (8 + i * 36 + rng.randint(-3, 3), rng.randint(0, 6)), glyph)
    for _ in range(120):
        draw.point((rng.randrange(width), rng.randrange(height)), fill=(rng.randint(80, 180),) * 3)
    img = img.filter(ImageFilter.SMOOTH)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()
