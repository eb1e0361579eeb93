"""The public mailbox end to end: a letter without an account (no cookie, no session, no address kept), the
receipt code shown once and stored only as a keyed hash, the captcha and rate limits, the handlers' 受理 / 转办 /
答复 with the contact revealed only on purpose, the reply and rating read with the code, escalation of overdue
letters, metadata stripped from attachments, and the API."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from zugong.audit.models import ObjectChange
from zugong.conftest import make_user
from zugong.core import captcha, codes
from zugong.core.crypto import decrypt
from zugong.core.files import storage_dir
from zugong.notices.models import Notice
from zugong.opinions import mailbox
from zugong.opinions.forms_mailbox import LetterForm
from zugong.opinions.models import MailboxCase, Opinion, OpinionCategory
from zugong.opinions.reminders import escalate_mailbox

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> Any:
    cache.clear()  # rate-limit counters and used captchas live in the cache
    yield
    cache.clear()


def _answer(key: str) -> str:
    return decrypt(captcha._payload(key)["a"])  # type: ignore[index]


def _form(client: Any, url: str = "/mailbox/") -> dict[str, str]:
    page = client.get(url).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page)
    key = re.search(r'name="captcha_key" value="([^"]+)"', page)
    assert key, page[:2000]
    out = {"captcha_key": key.group(1), "captcha": _answer(key.group(1))}
    if token:
        out["token"] = token.group(1)
    return out


def _letter(client: Any, unit: Any, **over: Any) -> Any:
    cat = OpinionCategory.objects.get(code="work_style")
    data = {**_form(client), "org_unit": unit.pk, "category": cat.pk, "subject": "报表太多", "content": "基层每月要报十几种报表，希望精简。",
            "contact": "13912345678", **over}
    return client.post("/mailbox/", data)


def _code(response: Any) -> str:
    m = re.search(r"data-receipt>([0-9A-Z-]+)<", response.content.decode())
    assert m, response.content.decode()[:3000]
    return m.group(1)


def test_a_letter_without_an_account_leaves_no_trace_of_the_writer(client: Any, tree: Any) -> None:
    sessions = Session.objects.count()
    page = client.get("/mailbox/")
    assert page.status_code == 200 and "保密" in page.content.decode() and "匿名" not in page.content.decode().replace("（匿名）", "")
    assert "Set-Cookie" not in page.headers and page["Referrer-Policy"] == "no-referrer" and page["Cache-Control"] == "no-store"
    response = _letter(client, tree.county_a1)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "Set-Cookie" not in response.headers and Session.objects.count() == sessions
    code = _code(response)
    assert len(code.replace("-", "")) == 26 and "只显示这一次" in response.content.decode()
    case = MailboxCase.objects.select_related("opinion").get()
    o = case.opinion
    assert (o.channel, o.org_unit_id, o.content, o.anonymous, o.created_by_id) == ("mailbox", tree.county_a1.pk, "", False, None)
    assert case.receipt_hash == mailbox.code_hash(code.replace("-", "")) and case.contact_masked == "139****5678"
    assert decrypt(case.content_enc) == "基层每月要报十几种报表，希望精简。" and decrypt(case.contact_enc) == "13912345678"
    assert case.ack_due > case.received_on and case.reply_due > case.ack_due
    # nothing in the database holds the code, the content or the contact in clear, nor the client's address
    with connection.cursor() as cur:
        cur.execute("SELECT receipt_hash, content_enc, contact_enc, contact_masked, subject FROM opinions_mailboxcase")
        row = " ".join(str(v) for v in cur.fetchone())
    for secret in (code, code.replace("-", ""), "十几种报表", "13912345678", "127.0.0.1"):
        assert secret not in row
    audit = ObjectChange.objects.get(action="mailbox.submitted")
    assert audit.ip is None and audit.actor_id is None and audit.actor_name == "anonymous"
    assert code.replace("-", "") not in str(audit.after) and "13912345678" not in str(audit.after)
    assert {f.name for f in MailboxCase._meta.get_fields()}.isdisjoint({"ip", "user_agent", "session", "created_at", "submitted_at"})
    assert isinstance(MailboxCase._meta.get_field("received_on"), type(Opinion._meta.get_field("received_on")))


def test_the_form_asks_for_no_identity() -> None:
    form = LetterForm()
    required = {name for name, f in form.fields.items() if f.required}
    assert required == {"org_unit", "category", "content", "captcha"}
    assert not form.fields["contact"].required


def test_bad_input_wrong_and_reused_captcha(client: Any, tree: Any) -> None:
    cat = OpinionCategory.objects.get(code="work_style")
    bad = client.post("/mailbox/", {**_form(client), "org_unit": "x", "category": "", "content": ""})
    page = bad.content.decode()
    assert bad.status_code == 400 and mailbox.MSG_UNIT in page and mailbox.MSG_CATEGORY in page and mailbox.MSG_CONTENT in page
    form = _form(client)
    wrong = client.post("/mailbox/", {**form, "captcha": "ZZZZ" if form["captcha"] != "ZZZZ" else "YYYY", "org_unit": tree.county_a1.pk,
                                      "category": cat.pk, "content": "内容"})
    assert wrong.status_code == 400 and captcha.MSG_WRONG in wrong.content.decode()
    ok = client.post("/mailbox/", {**form, "org_unit": tree.county_a1.pk, "category": cat.pk, "content": "内容"})
    assert ok.status_code == 200
    again = client.post("/mailbox/", {**form, "org_unit": tree.county_a1.pk, "category": cat.pk, "content": "内容"})
    assert again.status_code == 400 and captcha.MSG_EXPIRED in again.content.decode()  # a captcha is answered once
    stale = client.post("/mailbox/", {**_form(client), "token": "forged", "org_unit": tree.county_a1.pk, "category": cat.pk, "content": "x"})
    assert stale.status_code == 400 and "页面已过期" in stale.content.decode()
    assert MailboxCase.objects.count() == 1


def test_the_21st_letter_in_a_minute_from_one_address_is_refused(client: Any) -> None:
    codes = [client.post("/mailbox/", {"content": ""}).status_code for _ in range(21)]
    assert codes[:20] == [400] * 20 and codes[20] == 429
    assert "提交太频繁" in client.post("/mailbox/", {}).content.decode()
    assert client.get("/mailbox/").status_code == 200  # reading the form is not limited


@override_settings(MAILBOX_RATE=(100, 60), MAILBOX_RATE_ALL=(2, 60))
def test_a_limit_over_all_addresses(client: Any) -> None:
    codes = [client.post("/mailbox/", {"content": ""}, REMOTE_ADDR=f"10.0.0.{i}").status_code for i in range(3)]
    assert codes == [400, 400, 429]


def test_status_by_code_handling_reply_and_rating(client: Any, personas: Any, tree: Any) -> None:
    code = _code(_letter(client, tree.county_a1, content="<script>alert(1)</script>材料太多"))
    case = MailboxCase.objects.get()
    # a wrong code says only that
    wrong = client.post("/mailbox/status/", {"code": "0" * 26})
    assert wrong.status_code == 404 and mailbox.MSG_CODE in wrong.content.decode()
    # the nearest handlers were told: A1 has none of its own, so the city's admin
    assert Notice.objects.filter(recipient=personas.city_a, title__contains="收到公开信箱来信", url=case.get_absolute_url()).count() == 1
    page = client.post("/mailbox/status/", {"code": code.lower()})
    assert page.status_code == 200 and 'data-case-status="received"' in page.content.decode()
    # staff: a sibling county cannot read A1's mailbox, the read-only account cannot either
    client.force_login(personas.county_b1)
    assert client.get(case.get_absolute_url()).status_code == 404
    client.force_login(personas.county_a1_readonly)
    assert client.get(case.get_absolute_url()).status_code == 403
    handler = make_user("a1-mailbox", grants=[("mailbox", tree.county_a1)])
    client.force_login(handler)
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;材料太多" in detail and "139****5678" in detail and "13912345678" not in detail
    revealed = client.post(f"/opinions/mailbox/{case.pk}/reveal/")
    assert "13912345678" in revealed.content.decode()
    assert ObjectChange.objects.filter(action="mailbox.contact_revealed", actor_id=handler.pk).count() == 1
    assert client.post(f"/opinions/mailbox/{case.pk}/acknowledge/", {"version": "1"}).status_code == 303
    assert client.post(f"/opinions/mailbox/{case.pk}/reply/", {"reply": "", "version": "2"}).status_code == 303
    case.refresh_from_db()
    assert case.status == "accepted"  # an empty reply changes nothing
    client.post(f"/opinions/mailbox/{case.pk}/reply/", {"reply": "已精简为5种报表", "version": "2"})
    case.refresh_from_db()
    assert case.status == "replied" and case.opinion.reply == "已精简为5种报表" and case.opinion.status == "replied"
    client.logout()
    page = client.post("/mailbox/status/", {"code": code}).content.decode()
    assert "已精简为5种报表" in page and 'name="rating"' in page
    assert client.post("/mailbox/rate/", {"code": code, "rating": "9"}).status_code == 400
    rated = client.post("/mailbox/rate/", {"code": code, "rating": "4", "comment": "满意"})
    assert rated.status_code == 200 and 'data-rated="4"' in rated.content.decode()
    assert client.post("/mailbox/rate/", {"code": code, "rating": "1"}).status_code == 400  # once
    case.opinion.refresh_from_db()
    assert (case.opinion.rating, case.opinion.rating_comment) == (4, "满意")


def test_ten_wrong_codes_then_a_captcha(client: Any, tree: Any) -> None:
    code = _code(_letter(client, tree.county_a1))
    for _ in range(10):
        assert client.post("/mailbox/status/", {"code": "1" * 26}).status_code == 404
    asked = client.post("/mailbox/status/", {"code": code})
    assert asked.status_code == 400 and "验证码" in asked.content.decode()
    form = _form(client, "/mailbox/status/")
    assert client.post("/mailbox/status/", {"code": code, **form}).status_code == 200


def test_transfer_to_a_county_restarts_the_clocks(client: Any, personas: Any, tree: Any) -> None:
    _letter(client, tree.city_a)
    case = MailboxCase.objects.get()
    with pytest.raises(Exception, match=mailbox.MSG_TRANSFER):
        mailbox.transfer(actor=personas.city_a, case=case, to=tree.county_b1, expected_version=case.version)
    case = mailbox.transfer(actor=personas.city_a, case=case, to=tree.county_a2, expected_version=case.version)
    case.refresh_from_db()
    assert case.opinion.org_unit_id == tree.county_a2.pk and case.transferred_from_id == tree.city_a.pk and case.status == "received"
    client.force_login(make_user("a2-admin", grants=[("admin", tree.county_a2)]))
    assert client.get(case.get_absolute_url()).status_code == 200
    assert Notice.objects.filter(title__contains="转来公开信箱来信").count() >= 1


def test_overdue_letters_are_escalated_once_per_stage(client: Any, personas: Any, tree: Any) -> None:
    _letter(client, tree.county_a1)
    case = MailboxCase.objects.get()
    a1_handler = make_user("a1-handler", grants=[("mailbox", tree.county_a1)])
    late = case.ack_due + timedelta(days=1)
    r = escalate_mailbox(today=late)
    assert (r.ack_overdue, r.reply_overdue) == (1, 0) and r.overdue_notices == 1 and r.urgings == 1
    assert Notice.objects.filter(recipient=a1_handler, kind="overdue").count() == 1
    assert Notice.objects.filter(recipient=personas.city_a, kind="urge", title__contains="受理逾期").count() == 1
    assert escalate_mailbox(today=late).overdue_notices == 0  # once per stage
    r = escalate_mailbox(today=case.reply_due + timedelta(days=1))
    assert r.reply_overdue == 1 and Notice.objects.filter(recipient=personas.city_a, kind="urge", title__contains="答复逾期").count() == 1
    assert MailboxCase.objects.get().escalated == 2


def _jpeg_with_exif() -> bytes:
    img = Image.new("RGB", (16, 16), (10, 120, 200))
    exif = Image.Exif()
    exif[0x013B] = "张三"  # Artist
    exif[0x010F] = "某品牌手机"  # Make
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


def _docx_with_author() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:ins w:author=\"李四\" w:id=\"1\"/></w:document>")
        z.writestr("docProps/core.xml", "<cp:coreProperties><dc:creator>李四</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy></cp:coreProperties>")
        z.writestr("docProps/app.xml", "<Properties><Company>某单位</Company></Properties>")
    return buf.getvalue()


def test_attachments_lose_their_metadata_and_pdf_is_refused(client: Any, tree: Any) -> None:
    files = [SimpleUploadedFile("照片.jpg", _jpeg_with_exif(), content_type="image/jpeg"),
             SimpleUploadedFile("材料.docx", _docx_with_author())]
    assert _letter(client, tree.county_a1, attachments=files).status_code == 200
    stored = {f.kind: (storage_dir() / f.stored_name).read_bytes() for f in MailboxCase.objects.get().files.all()}
    with Image.open(io.BytesIO(stored["jpg"])) as img:
        assert not img.getexif() and img.size == (16, 16)
    with zipfile.ZipFile(io.BytesIO(stored["docx"])) as z:
        everything = b"".join(z.read(n) for n in z.namelist()).decode()
    assert "李四" not in everything and "某单位" not in everything and "<w:document>" in everything
    pdf = SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n/Author (Wang Wu)\n%%EOF\n")
    refused = _letter(client, tree.county_a1, attachments=[pdf])
    assert refused.status_code == 400 and "信箱附件只接受图片" in refused.content.decode()
    assert MailboxCase.objects.count() == 1


def test_api_submit_and_status(client: Any, tree: Any) -> None:
    form = client.get("/api/v1/mailbox/").json()
    assert {"id": tree.county_a1.pk, "name": tree.county_a1.name, "parent": tree.city_a.pk} in form["units"]
    assert {"code": "work_style", "name": "工作作风"} in form["categories"]
    key = form["captcha"]["key"]
    assert client.get(form["captcha"]["image"])["Content-Type"] == "image/png"
    body = {"org_unit": tree.county_a1.pk, "category": "work_style", "content": "希望减少会议", "captcha_key": key, "captcha": _answer(key)}
    created = client.post("/api/v1/mailbox/", body, content_type="application/json")
    assert created.status_code == 201 and "Set-Cookie" not in created.headers
    code = created.json()["receipt_code"]
    again = client.post("/api/v1/mailbox/", body, content_type="application/json")
    assert again.status_code == 400 and captcha.MSG_EXPIRED in again.json()["error"]["fields"]["captcha"]
    missing = client.post("/api/v1/mailbox/", {"content": "x"}, content_type="application/json")
    assert missing.status_code == 400 and "captcha" in missing.json()["error"]["fields"]
    status = client.post("/api/v1/mailbox/status/", {"code": code}, content_type="application/json")
    assert status.status_code == 200 and status.json()["status"] == "received" and status.json()["unit"] == tree.county_a1.name
    wrong = client.post("/api/v1/mailbox/status/", {"code": "nope"}, content_type="application/json")
    assert wrong.status_code == 404 and wrong.json()["error"]["message"] == mailbox.MSG_CODE
    today = timezone.localdate()
    assert MailboxCase.objects.get().received_on == today


def test_codes_are_128_bits_and_typed_loosely() -> None:
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200 and all(len(c) == 26 and set(c) <= set(codes.CROCKFORD) for c in made)
    assert codes.CODE_CHARS * 5 >= 128 and len(codes.CROCKFORD) == 32  # ≥ 128 bits of entropy (R68)
    c = "0123456789ABCDEFGHJKMNPQRS"
    assert codes.normalize_code(codes.format_code(c).lower().replace("0", "o").replace("1", "l")) == c
    assert codes.normalize_code("ABC") is None and codes.normalize_code("U" * 26) is None
