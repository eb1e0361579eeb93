"""Built-in briefing templates a department copies and edits (modelled on seeds 003 and 002).

Some placeholders name indicators that the learning, fieldwork and opinions modules register; until
they exist a briefing shows 尚无数据 in their place, never a made-up number.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuiltinTemplate:
    code: str
    name: str
    kind: str
    masthead: str
    title: str
    subtitle: str
    body: str
    description: str


PROGRESS = BuiltinTemplate(
    code="progress",
    name="创先争优活动进展情况综述",
    kind="briefing",
    masthead="深入开展创先争优活动简报",
    title="创服务保障大局之先　争干部群众满意之优",
    subtitle="——{单位}组织系统开展创先争优活动情况综述",
    description="仿《深入开展创先争优活动简报》第138期：党性教育、素质提升、选调交流、宣传报道各项数据自动汇总。",
    body="""\
{期间}，{单位}各级组织部门把组织系统创先争优活动列入重要日程，精心组织，迅速行动，创新载体和方式，推进组织系统创先争优活动深入扎实开展，取得了明显成效。
一、突出重点，把创先争优的焦点聚集在切实加强组工干部的党性教育上
各级组织部门把加强组工干部党性修养作为组织系统创先争优的首要任务，通过上党课、参观爱国主义教育基地、观看警示教育影片、撰写理论文章和心得体会等方式，深入开展党性教育、品德教育、革命传统教育和警示教育。活动开展以来，各级组织部门领导干部带头讲党课{learning.party_lectures}期，开展座谈讨论{learning.discussions}次，组工干部撰写党性分析材料{learning.party_spirit_reports}份。
二、夯实根基，把创先争优的要求落实在全面提升组工干部的整体素质上
各级组织部门把加强组工干部队伍能力建设作为组织系统带头创先争优的关键，通过开展理论学习、加强实践锻炼、推进大下基层、强化选调竞岗等措施，进一步促进组工干部能力素质的提高。{期间}，各级组织部门开展组工干部培训{learning.training_classes}期，培训组工干部{learning.training_person_times}人次。
积极组织开展“组织部长下基层”活动。截至目前，组工干部下基层{fieldwork.visit_persons}人次，结成各种帮扶对子{fieldwork.pairings}对，为基层群众解决实际问题{fieldwork.problems_solved}个，形成调研报告{fieldwork.reports}份。
注重优化队伍结构，加大组工干部竞争性选拔和轮岗交流工作力度。{期间}，{下级单位数}个下级单位共选调组工干部{people.movements_selection}人，公开竞岗{people.movements_competition}人，对外交流{people.movements_exchange_out}人，选派组工干部上下挂职{people.movements_secondment}人。
三、优化结构，建设高素质组工干部队伍
目前，全系统在册组工干部{people.headcount}人，其中研究生学历{people.postgraduates}人，占{people.postgraduate_share}%。分单位看：{people.headcount|下级}。
[表格: people.headcount, people.postgraduates, people.postgraduate_share, people.movements]
[图表: people.movements]
干部变动人次居前三位的是：{people.movements|前3}。
四、营造氛围，扩大组织系统创先争优活动的社会影响
各级组织部门注重加强宣传，在市级以上媒体宣传报道{publicity.reports_city_up}篇，在省部级以上媒体宣传报道{publicity.reports_provincial_up}篇，为活动深入开展营造了良好氛围。
""",
)

CAMPAIGN_SUMMARY = BuiltinTemplate(
    code="campaign_summary",
    name="学习教育活动情况总结",
    kind="bulletin",
    masthead="组工通报",
    title="关于{单位}“树组工干部形象”学习教育活动情况的通报",
    subtitle="",
    description="仿全省组织部长会议讲话第一部分：学习教育、征求意见、查摆整改、建章立制各项数据自动汇总。",
    body="""\
按照上级统一部署，{单位}组织系统普遍开展了以公道正派为主要内容的“树组工干部形象”集中学习教育活动。现将{期间}活动开展情况通报如下。
一、主要做法
（一）坚持把学习教育贯彻始终
各级组织人事部门采取集中与分散、自学与辅导相结合等多种形式，组织干部认真学习。{期间}，共举办培训班{learning.training_classes}期，培训干部{learning.training_person_times}人次；组织开展知识测试，共有{learning.exam_participants}名组织人事干部参加。
（二）坚持把整改工作贯彻始终
各级组织人事部门普遍采取开通专线电话、设置征求意见箱、发放征求意见表、分层次召开座谈会、走访服务对象等多种方式，广泛征求社会各界的意见和建议。共发出征求意见函{opinions.letters_sent}份，召开座谈会{opinions.symposiums}次，走访干部群众{opinions.visits}人次，征求到各类意见和建议{opinions.opinions}条。对查摆出的问题，建立了整改台帐，提出切实措施，明确解决时限，责任落实到人，共制定整改措施{opinions.measures}项，已落实{opinions.measures_done}项。
（三）坚持把建章立制贯彻始终
按照“坚持有效的、完善不足的、补充需要的”原则，共新建规章制度{regulations.new}项，修订完善规章制度{regulations.revised}项。
二、队伍情况
{单位}现有在册组工干部{people.headcount}人。{期间}新进组工干部{people.new_entrants}人，干部变动{people.movements}人次，其中选调{people.movements_selection}人、公开竞岗{people.movements_competition}人、轮岗{people.movements_rotation}人、交流{people.movements_exchange}人、挂职{people.movements_secondment}人。
[表格: people.headcount, people.new_entrants, people.movements]
三、下一步工作
各级组织人事部门要认真总结活动经验，巩固和扩大学习教育成果，把组织人事部门自身建设提高到新水平。
""",
)

PROJECTS_MONTHLY = BuiltinTemplate(
    code="projects_monthly",
    name="项目月通报",
    kind="bulletin",
    masthead="项目化管理月通报",
    title="关于{单位}组织系统项目化管理推进情况的通报",
    subtitle="（{期间}）",
    description="项目化管理月通报：各单位认领项目的进度、最近进展、逾期情况和单位排名，签发时数字和清单一并冻结。",
    body="""\
现将{期间}{单位}组织系统项目化管理推进情况通报如下。
一、总体情况
{单位}各级组织部门共有项目{projects.projects}个，其中列入认领清单{projects.menu_projects}个。下级单位认领项目{projects.claims_approved}个，已完成{projects.done}个，逾期{projects.overdue}个。本月报告进展{projects.reports}份。
分单位看，认领项目：{projects.claims_approved|下级}。
[表格: projects.claims_approved, projects.done, projects.overdue]
二、项目推进情况
[清单: projects.bulletin]
三、单位排名（按平均进度）
[清单: projects.ranking]
四、下一步工作
各单位要对照认领时确定的目标任务和节点，倒排工期、挂图作战；逾期项目所在单位要说明原因，提出整改措施，按期完成。
""",
)

BUILTIN: dict[str, BuiltinTemplate] = {t.code: t for t in (PROGRESS, CAMPAIGN_SUMMARY, PROJECTS_MONTHLY)}
