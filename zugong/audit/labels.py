"""Chinese words for the audit log: actions, results, object types and field-level changes."""

from __future__ import annotations

import functools
from typing import Any

from django.apps import apps

ACTIONS = {
    "auth.login": "登录", "auth.logout": "退出", "auth.login_failed": "登录失败", "auth.locked_out": "登录锁定",
    "user.created": "创建账号", "user.activated": "启用账号", "user.deactivated": "停用账号",
    "user.password_reset": "重置密码", "user.password_changed": "修改密码",
    "grant.added": "授权", "grant.revoked": "撤销授权",
    "orgunit.created": "新增单位", "orgunit.updated": "修改单位", "orgunit.moved": "移动单位",
    "orgunit.activated": "启用单位", "orgunit.deactivated": "停用单位",
    "cadre.created": "新增干部", "cadre.updated": "修改干部信息", "cadre.deleted": "删除干部",
    "cadre.imported": "导入新增干部", "cadre.import_updated": "导入更新干部", "cadre.pii_revealed": "查看完整身份证号/手机号",
    "cadre.exported": "导出干部名册", "movement.created": "登记干部变动",
    "import.committed": "确认导入", "audit.exported": "导出审计日志", "stats.exported": "导出统计表",
    "demo.loaded": "载入演示数据",
    "reportform.created": "制发填报表", "reportform.issued": "下发填报表", "reportform.saved": "保存填报数据",
    "reportform.submitted": "报送填报数据", "reportform.accepted": "采纳填报数据", "reportform.returned": "退回填报数据",
    "reportform.reminders_sent": "发送填报截止提醒",
    "briefingtemplate.created": "新建简报模板", "briefingtemplate.updated": "修改简报模板",
    "briefing.created": "编写简报草稿", "briefing.updated": "修改简报草稿", "briefing.deleted": "删除简报草稿",
    "campaign.created": "新建活动", "campaign.updated": "修改活动", "campaigntask.created": "添加重点任务/载体",
    "campaigntask.updated": "修改重点任务/载体", "campaigntask.deleted": "删除重点任务/载体",
    "leadinggroup.added": "添加领导小组成员", "leadinggroup.removed": "移除领导小组成员",
    "campaign.deployed": "部署活动", "campaign.deployed_onward": "向下部署活动任务", "campaign.status_changed": "变更活动状态",
    "campaign.file_added": "上传活动附件", "campaign.ledger_imported": "导入任务台账",
    "assignment.accepted": "接收任务", "assignment.updated": "修改任务责任分工", "assignment.refined": "细化任务",
    "assignment.reported": "报告任务进度", "assignment.urged": "催办任务", "assignment.reminders_sent": "发送活动任务提醒",
    "taskdefaults.saved": "设置任务默认责任人", "supervisiongroup.saved": "组建督导组", "inspection.planned": "制定督导计划",
    "inspection.recorded": "记录督导检查", "finding.followed_up": "报告督导问题整改进展", "workreport.created": "登记述职/实绩写实",
    "cadre.user_linked": "关联系统账号", "points.awarded": "积分入卡", "points.revoked": "撤回积分",
    "pointentry.added": "录入手工加分、减分（待审核）", "pointentry.approved": "审核通过手工加分、减分",
    "pointentry.rejected": "手工加分、减分未通过审核", "pointrule.changed": "修改积分规则",
    "studysession.created": "登记学习活动", "studysession.updated": "修改学习活动", "studyrequirement.saved": "设置学时要求",
    "trainingclass.created": "登记培训班", "trainingclass.updated": "修改培训班", "trainingcourse.added": "添加培训课程",
    "enrollment.added": "培训报名", "enrollment.completed": "登记培训结业情况", "enrollment.self_enrolled": "本人报名培训（点训）",
    "coveragerule.saved": "设置轮训周期", "studykind.saved": "维护学习形式",
    "questionbank.created": "新建题库", "questionbank.updated": "修改题库", "question.created": "录入试题", "question.updated": "修改试题",
    "questionbank.imported": "导入试题",
    "exam.created": "组织考试", "exam.updated": "修改考试", "exam.published": "发布考试", "exam.closed": "结束考试",
    "writing.submitted": "提交读书笔记/党性分析材料/心得体会", "writing.updated": "修改（重新提交）读书笔记/党性分析材料/心得体会",
    "writing.reviewed": "审阅学习心得材料（已阅）", "writing.returned": "退回学习心得材料",
    "contest.created": "创建征文活动", "contest.updated": "修改征文活动", "contest.status_changed": "征文活动开始征集/开始评审",
    "contestentry.submitted": "报送征文作品", "entryreview.saved": "评委评分", "contest.awarded": "评定征文奖项",
    "contest.published": "公布征文结果",
    "exam.exported": "导出考试成绩", "learning.exported": "导出学习活动/培训班", "attempt.started": "开始考试", "attempt.submitted": "交卷", "attempt.timed_out": "超时自动交卷",
    "briefing.issued": "签发简报", "briefing.downloaded": "下载简报", "stats.period_closed": "期间结账（冻结统计数据）",
}
RESULTS = {"ok": "成功", "failed": "失败", "locked": "锁定"}


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


@functools.cache
def _model(object_type: str) -> Any:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


OBJECT_TYPES = {"stats.dashboard": "统计看板"}


def object_type_label(object_type: str) -> str:
    if object_type in OBJECT_TYPES:
        return OBJECT_TYPES[object_type]
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def field_label(object_type: str, field: str) -> str:
    model = _model(object_type)
    if model is None:
        return field
    try:
        return str(model._meta.get_field(field).verbose_name)
    except Exception:
        return field


HIDDEN = {"version", "updated_at", "name_pinyin", "name_initials", "path", "depth"}


def _display(object_type: str, field: str, value: Any) -> Any:
    """Choice codes as their labels ("bachelor" -> 大学本科)."""
    model = _model(object_type)
    if model is None:
        return value
    try:
        f = model._meta.get_field(field)
    except Exception:
        return value
    choices = dict(getattr(f, "flatchoices", None) or [])
    return choices.get(value, value) if choices else value


def _short(v: Any) -> str:
    text = "" if v is None else str(v)
    return text if len(text) <= 40 else text[:39] + "…"


def describe(object_type: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """'姓名：张三 → 张三丰；职务：科员 → 副股长' from the stored before/after values."""
    before, after = before or {}, after or {}
    parts = []
    for key in sorted(set(before) | set(after)):
        if key in HIDDEN:
            continue
        label = field_label(object_type, key)
        old = _display(object_type, key, before.get(key))
        new = _display(object_type, key, after.get(key))
        if key in before and key in after:
            parts.append(f"{label}：{_short(old)} → {_short(new)}")
        elif key in after:
            parts.append(f"{label}：{_short(new)}")
        else:
            parts.append(f"{label}：{_short(old)}（删除前）")
    return "；".join(parts)
