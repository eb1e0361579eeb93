"""开门评部 figures counted from the records (数出一源): what each channel did (征求意见函 sent, 座谈会 held,
人次 visited, hotline calls, questionnaires) and the opinions received, in total, per channel and per category.

A channel record counts at the unit that did it; an opinion counts at the unit it is addressed to."""

from django.db.models.functions import Now, TruncDate

from zugong.opinions.categories import SHIPPED
from zugong.opinions.models import (
    OPEN_MEASURE,
    Channel,
    ChannelRecord,
    MailboxCase,
    Measure,
    Opinion,
    Problem,
)
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
    Indicator("opinions.problems", "查摆问题", "个", Problem, date_field="identified_on", group=GROUP, description="按单位、查摆日期计"),
    Indicator("opinions.measures", "制定整改措施", "项", Measure, date_field="planned_on", group=GROUP,
              description="开门评部查摆问题和督导发现问题的整改措施，按责任单位、制定日期计"),
    Indicator("opinions.measures_done", "整改措施已落实（销号）", "项", Measure, date_field="accepted_on", group=GROUP,
              filters={"status": Measure.Status.CLOSED}, description="经上级验收销号，按销号日期计"),
    Indicator("opinions.measures_rate", "整改完成率", "%", aggregate="ratio", numerator="opinions.measures_done",
              denominator="opinions.measures", group=GROUP, description="期间内销号的措施 ÷ 期间内制定的措施"),
    Indicator("opinions.measures_overdue", "逾期未完成的整改措施", "项", Measure, group=GROUP,
              filters={"status__in": OPEN_MEASURE, "deadline__lt": TruncDate(Now())},
              description="已过整改时限仍未报告完成的措施（当前状态，简报签发时冻结）"),
    Indicator("opinions.rated", "回访评价", "条", Opinion, date_field="rated_on", group=GROUP, filters={"rating__isnull": False},
              description="提出人对答复和整改结果的评价（公开信箱来信人凭回执码评价，其他由回访录入）"),
    Indicator("opinions.rating_points", "回访评价分值合计", "分", Opinion, aggregate="sum", field="rating", date_field="rated_on", group=GROUP,
              filters={"rating__isnull": False}),
    Indicator("opinions.satisfaction", "回访满意度（平均分）", "分", aggregate="ratio", numerator="opinions.rating_points",
              denominator="opinions.rated", group=GROUP, description="评价的平均分，5 分为很满意"),
)
