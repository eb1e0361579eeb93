"""Built-in roles and the permission catalog that the security admin picks from.

Apps add their permissions to CATALOG; built-in roles name the permissions they hold.
"""

from __future__ import annotations

import importlib

PERMISSION_CATALOG: dict[str, str] = {
    "orgs.view_orgunit": "查看单位",
    "orgs.add_orgunit": "新增单位",
    "orgs.change_orgunit": "修改、移动、停用单位",
    "orgs.import_orgunit": "导入单位",
    "people.view_cadre": "查看组工干部",
    "people.add_cadre": "新增组工干部",
    "people.change_cadre": "修改组工干部",
    "people.delete_cadre": "删除组工干部",
    "people.import_cadre": "导入组工干部名册",
    "people.export_cadre": "导出组工干部名册",
    "people.reveal_cadre": "查看完整身份证号和手机号",
    "people.view_movement": "查看干部变动",
    "people.add_movement": "登记干部变动",
    "core.view_job": "查看后台任务",
    "stats.view_reportform": "查看填报表",
    "stats.add_reportform": "制发、下发填报表，审核报送的数据",
    "stats.view_reportassignment": "查看填报任务",
    "stats.change_reportassignment": "填写和报送本单位的填报表",
    "stats.view_reportvalue": "查看填报数据",
    "stats.view_briefing": "查看简报、通报",
    "stats.add_briefing": "编写简报、通报（草稿）",
    "stats.issue_briefing": "签发简报、通报（编号并冻结数据）",
    "stats.view_briefingtemplate": "查看简报模板",
    "stats.add_briefingtemplate": "编辑简报模板",
    "stats.view_snapshot": "查看统计快照",
    "stats.add_snapshot": "期间结账（冻结统计数据）",
    "campaigns.view_campaign": "查看活动",
    "campaigns.add_campaign": "新建活动",
    "campaigns.change_campaign": "编辑活动（草稿）：重点任务、载体、领导小组",
    "campaigns.view_campaigntask": "查看活动的重点任务和载体",
    "campaigns.view_leadinggroupmember": "查看活动领导小组",
    "campaigns.view_assignment": "查看活动任务分解和进度",
    "campaigns.change_assignment": "接收、细化、向下部署活动任务，报告进度，催办下级",
    "campaigns.view_progressreport": "查看活动任务进度报告",
    "campaigns.view_taskdefaults": "查看本单位任务默认责任人",
    "campaigns.change_taskdefaults": "设置本单位任务默认责任人",
    "campaigns.view_supervisiongroup": "查看督导组",
    "campaigns.change_supervisiongroup": "组建督导组（成员、督导单位）",
    "campaigns.view_inspection": "查看督导检查",
    "campaigns.add_inspection": "制定督导计划，记录督导检查和发现的问题",
    "campaigns.view_finding": "查看督导发现的问题",
    "campaigns.view_workreport": "查看述职和实绩写实",
    "campaigns.add_workreport": "登记述职和实绩写实",
    "learning.view_studysession": "查看学习活动",
    "learning.add_studysession": "登记学习活动和参加人员",
    "learning.view_studyattendance": "查看学习活动参加人员（人次）",
    "learning.change_studykind": "维护学习形式列表（在省级单位授权时有效）",
    "learning.change_studyrequirement": "设置学时要求",
    "learning.view_trainingclass": "查看培训班",
    "learning.add_trainingclass": "登记培训班、课程菜单，报名和结业",
    "learning.view_enrollment": "查看培训报名和结业（轮训覆盖）",
    "learning.change_coveragerule": "设置轮训周期",
    "learning.view_questionbank": "查看题库和试题",
    "learning.change_questionbank": "编辑题库、导入试题",
    "learning.view_exam": "查看考试",
    "learning.add_exam": "组织考试：组卷规则、参考单位、发布",
    "learning.view_attempt": "查看考试成绩和答卷统计",
    "learning.view_contest": "查看征文活动",
    "learning.add_contest": "组织征文活动：评委、奖项设置、公布结果",
    "learning.view_contestentry": "查看征文作品和获奖情况",
    "learning.add_contestentry": "报送本单位组工干部的征文作品",
    "learning.view_writing": "查看读书笔记、党性分析材料和心得体会",
    "learning.review_writing": "审阅读书笔记、党性分析材料和心得体会",
    "points.view_pointentry": "查看积分卡和积分排行",
    "points.add_pointentry": "录入手工加分、减分（待审核）",
    "points.approve_pointentry": "审核手工加分、减分",
    "points.change_pointrule": "修改积分规则",
    "opinions.view_drive": "查看征求意见活动",
    "opinions.add_drive": "组织征求意见活动，登记征求意见函、座谈会、走访等情况",
    "opinions.view_channelrecord": "查看征求意见渠道记录（发函、座谈、走访）",
    "opinions.view_opinion": "查看意见建议",
    "opinions.add_opinion": "登记、导入意见建议",
    "opinions.export_opinion": "导出意见建议",
    "opinions.change_opinioncategory": "维护意见分类（在省级单位授权时有效）",
    "opinions.view_problem": "查看查摆问题",
    "opinions.change_problem": "查摆问题：新建问题，把意见归入问题",
    "opinions.view_measure": "查看整改台帐（整改措施及进展）",
    "opinions.change_measure": "制定整改措施，报告整改进展和完成情况，导入台帐进展",
    "opinions.accept_measure": "验收下级的整改措施：销号或退回",
    "opinions.view_mailboxcase": "查看公开信箱来信（内容）",
    "opinions.handle_mailbox": "办理公开信箱来信：受理、转办、答复，查看来信人联系方式（留痕）",
    "surveys.view_survey": "查看测评（本单位组织的，及以本单位为测评对象的参评进度）",
    "surveys.add_survey": "组织测评：设计题目和对象、发布、生成测评码、结束测评",
    "surveys.view_result": "查看测评结果（满意度、排名），导出结果",
    "surveys.view_codebatch": "查看测评码名额和参评人数（本单位组织的，及本单位被测评的）",
    "surveys.view_response": "统计答卷份数（不含答卷内容）",
    "surveys.view_inspectionfinding": "查看专项检查发现的问题和整改建议",
    "surveys.view_specialinspection": "查看满意度排名靠后地区的专项检查（组织单位及被检查地区）",
    "surveys.view_appraisal": "查看干部个人民主测评结果（本单位及下级单位干部，每次查看留痕）",
    "honors.view_selection": "查看评选表彰活动（本单位组织的，及上级组织、本单位可参加推荐的）",
    "honors.add_selection": "组织评选：设置、审核推荐、公示、生成投票码、结束投票计票、确认表彰",
    "honors.view_nomination": "查看推荐人选和先进事迹（组织单位看全部，推荐单位看本单位的）",
    "honors.add_nomination": "推荐本单位组工干部参加评选，撤回推荐",
    "honors.view_publiccomment": "查看评选公示期间群众反映的意见（内容）",
    "honors.change_publiccomment": "核实处理评选公示期间反映的意见",
    "honors.view_votetally": "查看评选投票结果（计票后）",
    "honors.view_commendation": "查看表彰记录",
}
# held by 部领导 only: the business administrator manages data but does not read how persons were rated
_LEADER_ONLY = {"surveys.view_appraisal"}

_VIEW = ["orgs.view_orgunit", "people.view_cadre", "people.view_movement", "core.view_job",
         "stats.view_reportform", "stats.view_reportassignment", "stats.view_reportvalue",
         "stats.view_briefing", "stats.view_briefingtemplate", "stats.view_snapshot",
         "campaigns.view_campaign", "campaigns.view_campaigntask", "campaigns.view_leadinggroupmember",
         "campaigns.view_assignment", "campaigns.view_progressreport", "campaigns.view_taskdefaults",
         "campaigns.view_supervisiongroup", "campaigns.view_inspection", "campaigns.view_finding",
         "campaigns.view_workreport",
         "learning.view_studysession", "learning.view_studyattendance", "learning.view_trainingclass", "learning.view_enrollment", "learning.view_questionbank",
         "learning.view_exam", "learning.view_attempt", "learning.view_contest", "learning.view_contestentry", "learning.view_writing",
         "points.view_pointentry", "opinions.view_drive", "opinions.view_channelrecord", "opinions.view_opinion",
         "opinions.view_problem", "opinions.view_measure", "surveys.view_survey",
         "surveys.view_specialinspection", "surveys.view_codebatch", "surveys.view_response", "surveys.view_inspectionfinding",
         "honors.view_selection", "honors.view_nomination", "honors.view_commendation"]

# Apps added later declare their permissions in their own permissions.py (CATALOG, VIEW, LEADER, CLERK, LEADER_ONLY,
# and ROLES for a role of their own); they are merged here, so one app's change touches one file.
APP_PERMISSIONS = ["zugong.fieldwork.permissions", "zugong.projects.permissions", "zugong.risks.permissions",
                   "zugong.regulations.permissions", "zugong.care.permissions", "zugong.discipline.permissions",
                   "zugong.publicity.permissions"]
_LEADER_EXTRA: list[str] = []
_CLERK_EXTRA: list[str] = []
_APP_ROLES: dict[str, tuple[str, str, list[str]]] = {}
for _name in APP_PERMISSIONS:
    _mod = importlib.import_module(_name)
    PERMISSION_CATALOG.update(_mod.CATALOG)
    _VIEW.extend(getattr(_mod, "VIEW", []))
    _LEADER_EXTRA.extend(getattr(_mod, "LEADER", []))
    _CLERK_EXTRA.extend(getattr(_mod, "CLERK", []))
    _LEADER_ONLY |= set(getattr(_mod, "LEADER_ONLY", []))
    _APP_ROLES.update(getattr(_mod, "ROLES", {}))

BUILTIN_ROLES: dict[str, tuple[str, str, list[str]]] = {
    "leader": ("部领导", "查看并导出本单位及下级的全部数据，签发简报", [*_VIEW, "people.export_cadre", "stats.issue_briefing",
                                                                 "points.approve_pointentry", "learning.review_writing",
                                                                 "opinions.export_opinion", "opinions.view_mailboxcase",
                                                                 "opinions.accept_measure", "surveys.view_result",
                                                                 "surveys.view_appraisal", "honors.view_publiccomment",
                                                                 "honors.view_votetally", *_LEADER_EXTRA]),
    "admin": ("业务管理员", "管理本单位及下级的业务数据", [p for p in PERMISSION_CATALOG if p not in _LEADER_ONLY]),
    "clerk": (
        "填报员",
        "录入和导入本单位数据",
        [*_VIEW, "people.add_cadre", "people.change_cadre", "people.import_cadre", "people.export_cadre", "people.add_movement",
         "stats.change_reportassignment", "stats.add_briefing", "campaigns.change_assignment",
         "campaigns.add_workreport", "learning.add_studysession", "learning.add_trainingclass", "learning.add_contestentry",
         "points.add_pointentry", "opinions.add_drive", "opinions.add_opinion", "opinions.export_opinion",
         "opinions.change_problem", "opinions.change_measure", "honors.add_nomination", *_CLERK_EXTRA],
    ),
    "readonly": ("只读", "只能查看", list(_VIEW)),
    # mailbox letters are read by their handlers and the department's leaders only, not by every read-only account
    "mailbox": ("信箱承办人", "办理本单位及下级的公开信箱来信（受理、转办、答复）", [*_VIEW, "opinions.view_mailboxcase", "opinions.handle_mailbox"]),
    "inspector": ("督导组成员", "查看被督导单位的数据，记录督导检查", [*_VIEW, "campaigns.add_inspection"]),
    **_APP_ROLES,
}


def sync_builtin_roles() -> None:
    """Create or update the built-in roles from BUILTIN_ROLES (migrations, demo data, flushed test DBs)."""
    from zugong.accounts.models import Role

    for code, (name, description, perms) in BUILTIN_ROLES.items():
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "permissions": perms, "is_builtin": True}
        )
