"""开门评部 figures counted from the records (数出一源): what each channel did (征求意见函 sent, 座谈会 held,
人次 visited, hotline calls, questionnaires) and the opinions received, in total, per channel and per category.

A channel record counts at the unit that did it; an opinion counts at the unit it is addressed to."""

from zugong.opinions.categories import SHIPPED
from zugong.opinions.models import Channel, ChannelRecord, MailboxCase, Opinion
from zugong.stats.registry import Indicator, register

GROUP = "开门评部"


def _record(code: str, label: str, unit: str, kind: Channel, description: str = "") -> Indicator:
    return Indicator(code, label, unit, ChannelRecord, aggregate="sum", field="count", date_field="date", group=GROUP,
                     filters={"kind": kind}, description=description)


register(
    _record("opinions.letters_sent", "发出征求意见函（表）", "份", Channel.LETTER, "按发函单位、发出日期计"),
    _record("opinions.symposiums", "召开座谈会", "次", Channel.SYMPOSIUM),
    Indicator("opinions.symposium_participants", "参加座谈会", "人次", ChannelRecord, aggregate="sum", field="participants",
              date_field="date", group=GROUP, filters={"kind": Channel.SYMPOSIUM}),
    _record("opinions.visits", "走访干部群众", "人次", Channel.VISIT),
    _record("opinions.hotline_calls", "专线电话来电", "次", Channel.HOTLINE),
    _record("opinions.questionnaires", "发放征求意见问卷", "份", Channel.QUESTIONNAIRE),
    Indicator("opinions.opinions", "征求到意见建议", "条", Opinion, date_field="received_on", group=GROUP,
              description="各渠道收到的意见建议，按反映对象单位、收到日期计"),
    *[Indicator(f"opinions.opinions_{c.value}", f"意见建议（{c.label}）", "条", Opinion, date_field="received_on", group=GROUP,
                filters={"channel": c.value}) for c in Channel],
    Indicator("opinions.mailbox_replied", "公开信箱来信已答复", "条", MailboxCase, date_field="opinion__replied_on", group=GROUP,
              filters={"status": MailboxCase.Status.REPLIED}, description="按承办单位、答复日期计"),
    *[Indicator(f"opinions.opinions_cat_{code}", f"意见建议（{name}）", "条", Opinion, date_field="received_on", group=GROUP,
                filters={"category__code": code}) for code, name in SHIPPED],
)
