"""The public mailbox (公开信箱): a letter from someone without an account becomes an opinion addressed to the unit
they chose, with a MailboxCase holding what only the mailbox has. The writer gets a receipt code, shown once, to
read the reply later and to rate it; the database keeps only a keyed hash of the code.

Kept out on purpose (SECURITY.md R73, R74): the writer's address, browser, session and the precise time — the
case has the day received; the audit row of the submission carries no address. Content and contact details are
encrypted (SM4-GCM); only the handling role (opinions.handle_mailbox) reveals the contact, and each reveal is
audited. Attachments lose their metadata before they are stored (core.scrub).

Handling: the addressed unit's handlers are told at once; 受理 is due in MAILBOX_ACK_DAYS working days and the
reply in MAILBOX_REPLY_DAYS; a handler may pass the letter to a unit below (转办), which restarts both clocks;
an overdue case is escalated to the superior's handlers by the daily reminder job (reminders.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit import context
from zugong.audit.services import record, snapshot
from zugong.core import codes, files
from zugong.core.calendar import add_workdays
from zugong.core.codes import new_code, normalize_code
from zugong.core.crypto import decrypt, encrypt, mask
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.scrub import scrub
from zugong.notices.selectors import nearest_holders
from zugong.notices.services import notify_many
from zugong.opinions.models import Channel, MailboxCase, Opinion, OpinionCategory
from zugong.opinions.similarity import signature
from zugong.orgs.models import OrgUnit

HANDLE = "opinions.handle_mailbox"
VIEW = "opinions.view_mailboxcase"
KINDS = ("jpg", "png", "docx", "xlsx")  # not PDF: its metadata cannot be stripped reliably here (core.scrub)
ACCEPT = ".jpg,.jpeg,.png,.docx,.xlsx"
MAX_FILES = 3
MAX_CONTENT = 5000

MSG_UNIT = "请选择要反映的组织部门"
MSG_CATEGORY = "请选择问题类别"
MSG_CONTENT = "请填写反映的内容"
MSG_CONTENT_LONG = f"内容不能超过 {MAX_CONTENT} 字"
MSG_SUBJECT = "标题不能超过 100 字"
MSG_CONTACT = "联系方式不能超过 100 字"
MSG_FILES = f"最多上传 {MAX_FILES} 个附件"
MSG_FILE_KIND = "信箱附件只接受图片（JPG、PNG）和 Word、Excel 文件（为保护您的信息，上传前会去除文件中的作者等信息）"
MSG_CODE = "回执码不正确"
MSG_REPLY = "请填写答复内容"
MSG_NOT_RECEIVED = "该来信已受理"
MSG_REPLIED = "该来信已答复"
MSG_TRANSFER = "只能转交本单位的下级组织部门"
MSG_RATING = "请选择 1 到 5 的满意度"
MSG_NOT_REPLIED = "来信答复后才能评价"
MSG_RATED = "您已评价过，谢谢"


# ---------------------------------------------------------------- receipt codes (core.codes)


def code_hash(code: str) -> str:
    return codes.code_hash("mailbox", code)


# ---------------------------------------------------------------- submission


def public_units() -> Any:
    """The departments a letter may be addressed to: active, no internal offices, names only."""
    return OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).only("id", "name", "path", "parent_id").order_by("path")


@dataclass(frozen=True)
class Letter:
    org_unit: OrgUnit | None
    category: OpinionCategory | None
    content: str
    subject: str = ""
    contact: str = ""
    uploads: list[Any] = field(default_factory=list)


def check(letter: Letter) -> tuple[dict[str, str], list[str]]:
    """(errors by field, kinds of the uploads)."""
    errors: dict[str, str] = {}
    unit = letter.org_unit
    if unit is None or not unit.is_active or unit.kind == OrgUnit.Kind.OFFICE:
        errors["org_unit"] = MSG_UNIT
    if letter.category is None or not letter.category.is_active:
        errors["category"] = MSG_CATEGORY
    content = letter.content.strip()
    if not content:
        errors["content"] = MSG_CONTENT
    elif len(content) > MAX_CONTENT:
        errors["content"] = MSG_CONTENT_LONG
    if len(letter.subject.strip()) > 100:
        errors["subject"] = MSG_SUBJECT
    if len(letter.contact.strip()) > 100:
        errors["contact"] = MSG_CONTACT
    kinds: list[str] = []
    if len(letter.uploads) > MAX_FILES:
        errors["attachments"] = MSG_FILES
    elif letter.uploads:
        try:
            kinds = files.check_all(letter.uploads)
        except ValidationError as exc:
            errors["attachments"] = "；".join(exc.messages)
        else:
            if any(k not in KINDS for k in kinds):
                errors["attachments"] = MSG_FILE_KIND
    return errors, kinds


def _masked(contact: str) -> str:
    digits = sum(ch.isdigit() for ch in contact)
    if digits >= 7:
        return mask(contact, 3, 4)
    return mask(contact, 1, 0) if contact else ""


@transaction.atomic
def submit(letter: Letter) -> tuple[MailboxCase, str]:
    """Take in a letter; returns the case and the receipt code (to show once, never stored)."""
    errors, kinds = check(letter)
    if errors:
        raise ValidationError(errors)
    unit, category = letter.org_unit, letter.category
    assert unit is not None and category is not None
    today = timezone.localdate()
    content, contact = letter.content.strip(), letter.contact.strip()
    opinion = Opinion.objects.create(org_unit=unit, channel=Channel.MAILBOX, category=category, content="", anonymous=not contact,
                                     source_kind=Opinion.SourceKind.MASSES, received_on=today, signature=signature(content))
    code = new_code()  # 128 random bits: a collision does not happen, and the unique index would refuse it
    case = MailboxCase.objects.create(
        opinion=opinion, receipt_hash=code_hash(code), subject=letter.subject.strip()[:100], content_enc=encrypt(content),
        contact_enc=encrypt(contact), contact_masked=_masked(contact), received_on=today,
        ack_due=add_workdays(today, settings.MAILBOX_ACK_DAYS), reply_due=add_workdays(today, settings.MAILBOX_REPLY_DAYS))
    if letter.uploads:
        case.files.set([files._keep(scrub(u, k), k, actor=None, org_unit=unit) for u, k in zip(letter.uploads, kinds, strict=True)])
    # the audit row names the case but not the writer: no actor, no address (R74)
    ctx = context.current()
    token = context.bind(context.RequestContext(request_id=ctx.request_id if ctx else "", ip=None))
    try:
        record(action="mailbox.submitted", actor_name="anonymous", obj=case, org_unit_id=unit.pk,
               after={"category": category.code, "files": len(letter.uploads), "contact": bool(contact)})
    finally:
        context.reset(token)
    _tell_handlers(case, unit, "收到公开信箱来信", f"受理期限 {case.ack_due:%Y-%m-%d}，答复期限 {case.reply_due:%Y-%m-%d}", "new")
    return case, code


def _tell_handlers(case: MailboxCase, unit: OrgUnit, title: str, body: str, key: str) -> None:
    holders = nearest_holders([unit], HANDLE)[unit.pk]
    if holders:
        notify_many([{"recipients": holders, "org_unit": unit, "kind": "info", "title": f"{title}：{case}", "body": body,
                      "url": case.get_absolute_url(), "dedupe_key": f"mailbox:{case.pk}:{key}:{unit.pk}"}])


def look_up(raw_code: str) -> MailboxCase | None:
    """The case of a receipt code (None for a wrong one: the caller says only MSG_CODE)."""
    code = normalize_code(raw_code)
    if code is None:
        return None
    return MailboxCase.objects.select_related("opinion", "opinion__org_unit", "opinion__category").filter(receipt_hash=code_hash(code)).first()


@transaction.atomic
def rate(raw_code: str, rating: Any, comment: str = "") -> MailboxCase:
    """The writer rates the reply (回访满意度) with the receipt code; once."""
    case = look_up(raw_code)
    if case is None:
        raise ValidationError({"code": MSG_CODE})
    opinion = Opinion.objects.select_for_update().get(pk=case.opinion_id)
    if case.status != MailboxCase.Status.REPLIED:
        raise ValidationError(MSG_NOT_REPLIED)
    if opinion.rating is not None:
        raise ValidationError(MSG_RATED)
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ValidationError({"rating": MSG_RATING})
    opinion.rating, opinion.rating_comment, opinion.rated_on = rating, comment.strip()[:500], timezone.localdate()
    opinion.save(update_fields=["rating", "rating_comment", "rated_on"])
    record(action="mailbox.rated", actor_name="anonymous", obj=case, org_unit_id=opinion.org_unit_id, after={"rating": rating})
    return case


# ---------------------------------------------------------------- handling


def _lock(case: MailboxCase, expected_version: int) -> MailboxCase:
    locked = MailboxCase.objects.select_for_update().select_related("opinion", "opinion__org_unit").get(pk=case.pk)
    if locked.version != expected_version:
        raise ConflictError()
    return locked


def _save(case: MailboxCase, fields: list[str]) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version"])


@transaction.atomic
def acknowledge(*, actor: Any, case: MailboxCase, expected_version: int) -> MailboxCase:
    """受理: the unit takes the letter on."""
    require_at(actor, HANDLE, case.opinion.org_unit.path)
    case = _lock(case, expected_version)
    if case.status != MailboxCase.Status.RECEIVED:
        raise ValidationError(MSG_NOT_RECEIVED)
    before = snapshot(case)
    case.status, case.acknowledged_on = MailboxCase.Status.ACCEPTED, timezone.localdate()
    _save(case, ["status", "acknowledged_on"])
    record(action="mailbox.acknowledged", actor=actor, obj=case, org_unit_id=case.opinion.org_unit_id, before=before, after=snapshot(case))
    return case


@transaction.atomic
def transfer(*, actor: Any, case: MailboxCase, to: OrgUnit, expected_version: int) -> MailboxCase:
    """转办: pass the letter to a department below; its clocks start again there."""
    unit = case.opinion.org_unit
    require_at(actor, HANDLE, unit.path)
    case = _lock(case, expected_version)
    if case.status == MailboxCase.Status.REPLIED:
        raise ValidationError(MSG_REPLIED)
    if not to.is_active or to.kind == OrgUnit.Kind.OFFICE or to.pk == unit.pk or not to.path.startswith(unit.path):
        raise ValidationError({"to": MSG_TRANSFER})
    before = snapshot(case)
    today = timezone.localdate()
    Opinion.objects.filter(pk=case.opinion_id).update(org_unit=to)
    case.transferred_from, case.status, case.acknowledged_on, case.escalated = unit, MailboxCase.Status.RECEIVED, None, 0
    case.ack_due, case.reply_due = add_workdays(today, settings.MAILBOX_ACK_DAYS), add_workdays(today, settings.MAILBOX_REPLY_DAYS)
    _save(case, ["transferred_from", "status", "acknowledged_on", "escalated", "ack_due", "reply_due"])
    record(action="mailbox.transferred", actor=actor, obj=case, org_unit_id=to.pk, before=before, after={**snapshot(case), "to": to.pk})
    _tell_handlers(case, to, f"{unit.name}转来公开信箱来信", f"受理期限 {case.ack_due:%Y-%m-%d}", "transfer")
    return case


@transaction.atomic
def reply(*, actor: Any, case: MailboxCase, text: str, expected_version: int) -> MailboxCase:
    """答复: the reply the writer reads with the receipt code."""
    require_at(actor, HANDLE, case.opinion.org_unit.path)
    case = _lock(case, expected_version)
    if case.status == MailboxCase.Status.REPLIED:
        raise ValidationError(MSG_REPLIED)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"reply": MSG_REPLY})
    if len(text) > MAX_CONTENT:
        raise ValidationError({"reply": f"答复不能超过 {MAX_CONTENT} 字"})
    today = timezone.localdate()
    before = snapshot(case)
    case.status = MailboxCase.Status.REPLIED
    case.acknowledged_on = case.acknowledged_on or today
    _save(case, ["status", "acknowledged_on"])
    Opinion.objects.filter(pk=case.opinion_id).update(reply=text, replied_on=today, status=Opinion.Status.REPLIED)
    record(action="mailbox.replied", actor=actor, obj=case, org_unit_id=case.opinion.org_unit_id, before=before,
           after={**snapshot(case), "reply": text})
    return case


def reveal_contact(*, actor: Any, case: MailboxCase) -> str:
    """The writer's contact details in full, for the handlers; audited."""
    require_at(actor, HANDLE, case.opinion.org_unit.path)
    record(action="mailbox.contact_revealed", actor=actor, obj=case, org_unit_id=case.opinion.org_unit_id)
    return decrypt(case.contact_enc)
