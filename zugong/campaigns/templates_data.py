"""Built-in campaign templates (内置活动模板) that an organization department copies and edits before
deploying a campaign. Plain data, no Django imports.

- ``sanjiang``: the “三讲三提升” campaign of a city organization department (seed 000): 总体要求, 范围,
  六大建设 as key tasks, 六大载体 as carriers, a leading group with an office and 3 督导组.
- ``chuangxian``: 创先争优 in the organization system (seed 003, a provincial 简报): 党性教育, 素质提升,
  主题实践, “保障工程” and “满意工程” as key tasks, 组织部长下基层 / 讲坛 / 典型学习 / 积分管理 as carriers.

Local names in the seeds (信阳, individual role models, cities) are generalized so that any department can
use the text. Targets are goals for the department to confirm or change; for ``chuangxian`` the seed's
figures are province-wide totals and are only quoted as orders of magnitude to scale to the own level.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CATEGORIES = ("党性建设", "能力建设", "作风建设", "组织建设", "廉政建设", "文化建设")  # default categories of key tasks
ROLES = ("组长", "副组长", "成员", "办公室主任", "办公室成员")  # leading-group roles
KINDS = ("task", "carrier")  # 重点任务 / 载体

# Indicator codes the templates may refer to (registered by the modules that count them), with the
# name shown until the module that counts them is there.
INDICATORS = {
    "learning.training_coverage": "组工干部轮训覆盖率",
    "learning.training_classes": "举办培训班",
    "learning.training_person_times": "培训组工干部人次",
    "learning.exam_participants": "参加知识测试人数",
    "fieldwork.visit_persons": "下基层人次",
    "fieldwork.pairings": "结对帮扶对子",
    "fieldwork.problems_solved": "为基层群众解决实际问题",
    "fieldwork.reports": "调研报告",
    "fieldwork.contact_points": "基层联系点",
    "opinions.measures_done": "已落实的整改措施",
    "people.movements_rotation": "轮岗组工干部",
    "people.movements_competition": "公开竞岗组工干部",
}


@dataclass(frozen=True)
class TemplateTask:
    kind: str  # "task" (重点任务) or "carrier" (载体)
    category: str  # one of CATEGORIES for tasks; for carriers the category the carrier serves most
    title: str  # short, e.g. "加强党性建设" / "开展组工干部“四进”活动"
    content: str  # 2-5 sentences condensed from the seed (measures), simplified Chinese
    indicator: str = ""  # optional measurable target: an indicator code from INDICATORS
    target: str = ""  # target value as text, e.g. "100" (percent) or "1"
    target_note: str = ""  # what the target means, e.g. "两年内组工干部轮训覆盖率100%"
    months: int = 0  # suggested deadline, months after the campaign start (0 = campaign end)


@dataclass(frozen=True)
class TemplateMember:
    role: str
    position: str  # e.g. "市委副书记、组织部长" (no personal names)


@dataclass(frozen=True)
class CampaignTemplate:
    code: str  # "sanjiang" / "chuangxian"
    name: str  # e.g. "“三讲三提升”活动"
    theme: str  # the slogan/theme line
    description: str  # one sentence for the template list
    requirements: str  # 总体要求 + 范围, a few paragraphs separated by "\n"
    months: int  # suggested duration in months
    office: str  # e.g. "领导小组办公室"
    tasks: tuple[TemplateTask, ...]
    members: tuple[TemplateMember, ...]
    supervision_groups: int = 0  # number of 督导组 the seed mentions


# ---------------------------------------------------------------------------------------------------------
# Seed 000: “讲责任、讲作为、讲正气，提升素质、提升水平、提升形象”活动 of a city organization department.
# The seed gives no fixed duration (it aims at the 党的十八大); 24 months covers its longest measure,
# “力争每两年把所有组工干部分别轮训一遍”.
# ---------------------------------------------------------------------------------------------------------

SANJIANG = CampaignTemplate(
    code="sanjiang",
    name="“三讲三提升”活动",
    theme="讲责任、讲作为、讲正气，提升素质、提升水平、提升形象",
    description="组织系统加强自身建设：六大建设、六大载体，领导小组下设办公室和督导组，把组工干部队伍建设成为"
    "讲党性、重品行、作表率的过硬队伍。",
    requirements=(
        "以邓小平理论和“三个代表”重要思想为指导，深入贯彻落实科学发展观，按照中央、省委和市委领导同志对组织部门"
        "自身建设提出的新要求，以“三讲三提升”活动为载体，切实解决突出问题，充分调动组工干部干事创业的积极性和"
        "主动性，进一步改革创新、创先争优，全面提高自身建设科学化水平。\n"
        "努力把组织部门建设成为创先争优、服务科学发展的模范部门，把组工干部队伍建设成为讲党性、重品行、作表率的"
        "过硬队伍；组织部门和组工干部带头树立对人民负责、推动工作、清正廉洁的形象，使组工干部的能力素质、组织工作的"
        "总体水平、组织系统的整体形象得到新的提升。\n"
        "范围：主要在市、县（区）组织部门，以及管理区、开发区，市、县（区）直属机关和企业、高校的组织人事部门开展。"
    ),
    months=24,
    office="全市组织系统加强自身建设工作领导小组办公室",
    supervision_groups=3,
    members=(
        TemplateMember(role="组长", position="市委副书记、组织部长"),
        TemplateMember(role="副组长", position="市委组织部常务副部长"),
        TemplateMember(role="成员", position="市委组织部部务会成员"),
        TemplateMember(role="办公室主任", position="市委组织部办公室主任"),
    ),
    tasks=(
        # 六大建设 (重点任务)
        TemplateTask(
            kind="task",
            category="党性建设",
            title="加强党性建设",
            content=(
                "采取中心组学习、集中培训、举行报告会等形式，组织组工干部学习中国特色社会主义理论和党的历史，"
                "重点学习中央和省委、市委的重大部署，开展世情、国情、省情、市情教育。"
                "继承和发扬组织部门优良传统，引导组工干部加强职业道德修养，赋予公道正派以新的时代内涵。"
                "结合学习先进典型事迹，围绕应对“四个考验”、防止“四个危险”、“到组织部为什么、干什么、比什么”等"
                "专题开展讨论，利用当地红色资源开展革命传统教育，切实做到与党中央和上级党委保持高度一致。"
            ),
        ),
        TemplateTask(
            kind="task",
            category="能力建设",
            title="加强能力建设",
            content=(
                "把组工干部教育培训纳入干部教育培训整体规划，力争每两年把所有组工干部分别轮训一遍。"
                "整合党校、高校、干部学院等资源，开辟市外、省外、境外培训渠道，加强政策业务、组织管理、"
                "人力资源开发等新知识培训。有计划地选派组工干部特别是年轻干部到基层一线和中心重点工作挂职锻炼，"
                "建立健全部门内部多岗位锻炼制度，加大轮岗、交流力度。"
                "通过组工讲坛、业务研讨、征文比赛、读书竞赛等活动建设学习型机关，把组工干部培养成为“政策通”、“多面手”。"
            ),
            indicator="learning.training_coverage",
            target="100",
            target_note="两年内组工干部轮训覆盖率100%",
            months=24,
        ),
        TemplateTask(
            kind="task",
            category="作风建设",
            title="加强作风建设",
            content=(
                "大力实施“组织工作创新计划”，探索提高组织工作科学化水平的新途径、新办法。"
                "采取满意度调查、设立公开信箱、公布监督电话等方式，搭建与服务对象沟通的平台，提高“三服务”水平。"
                "围绕创建效能型机关，健全组织工作业务制度、民主决策议事制度、首问负责制度、限时办结制度、重大过错追究制度。"
                "广泛开展进企业、进社区、进农户、进信访大厅的“四进”活动，引导组工干部走出机关、走进一线、走近群众，"
                "帮助基层干部群众解决实际困难。"
            ),
        ),
        TemplateTask(
            kind="task",
            category="组织建设",
            title="加强组织建设",
            content=(
                "严把“入口关”，建立健全试用、考试、考察等程序，注重选调具有基层一线经历的复合型人才。"
                "带头深化干部人事制度改革，积极推行公开选拔、竞争上岗、轮岗交流、任前公示等制度。"
                "在保持队伍相对稳定的同时，及时把经过实践锻炼、比较成熟的优秀组工干部推荐、提拔交流到重要岗位。"
                "优化班子的年龄、知识、专业和气质结构，从优配备、从严管理班子成员，认真落实民主集中制。"
            ),
        ),
        TemplateTask(
            kind="task",
            category="廉政建设",
            title="加强廉政建设",
            content=(
                "深入开展纪律教育、廉政教育、警示教育，落实民主评议制度、组工干部“十严禁”等纪律要求，筑牢纪律防线。"
                "教育引导组工干部落实《廉洁从政若干准则》和党风廉政建设制度规定，严格遵守组织人事干部行为规范。"
                "按照“对己清正、对人公正、对内严格、对外平等”的要求，树立正确的权力观、地位观、利益观，"
                "自觉抵制和克服用人上的不正之风，维护组工干部良好形象。"
            ),
        ),
        TemplateTask(
            kind="task",
            category="文化建设",
            title="加强文化建设",
            content=(
                "深入开展组织部门优良传统教育，形成争当先进、创造优秀的组工文化。"
                "把“党员之家、干部之家、人才之家”建设与“组工干部之家”建设结合起来，实施亲情管理，"
                "营造有利于个人全面发展、同事间协作进取、部门内民主和谐的人文环境，真心帮助组工干部解决实际困难。"
                "巩固扩大创先争优活动成果，构建长效机制，努力建设一流机关、打造一流队伍、创造一流业绩。"
            ),
        ),
        # 六大载体
        TemplateTask(
            kind="carrier",
            category="能力建设",
            title="拓展“双学双比”岗位练兵活动",
            content=(
                "以“学业务、学理论，比技能、比绩效，争当党员先锋、争当业务标兵”为主要内容开展岗位练兵。"
                "举办全市组工干部专题培训班，加强新知识培训，开展全市组工干部技能竞赛。"
                "开设“组工论坛”，开展“月读一本好书、优秀书评征文”活动；有针对性地安排组工干部到经济建设领域、"
                "民生部门、重点工程项目等岗位挂职锻炼。"
            ),
            indicator="learning.training_classes",
            target="1",
            target_note="举办全市组工干部专题培训班至少1期",
        ),
        TemplateTask(
            kind="carrier",
            category="作风建设",
            title="开展组工干部“四进”活动",
            content=(
                "组织组工干部进社区、进企业、进农户、进信访大厅。"
                "领导班子成员每人领衔1个课题，亲自撰写调研报告；各科（股）室分别建立1个基层联系点，"
                "落实组工干部联系服务党员和人才制度。"
                "组工干部主动与基层党员干部、先进人物、专家人才、困难群众结成对子，进信访大厅参与接待，"
                "做好解决、协调、解释工作。"
            ),
            indicator="fieldwork.contact_points",
            target="1",
            target_note="每个科（股）室至少建立1个基层联系点（汇总时按科室数计算总数）",
        ),
        TemplateTask(
            kind="carrier",
            category="作风建设",
            title="深化“组织工作创新计划”",
            content=(
                "以课题申报为引领、项目化运作为动力，围绕服务本地发展大局开展创新。"
                "重点在深化干部人事制度改革、实行开放式培训、创新基层组织建设和民主管理体制机制、"
                "支持人才创业等方面形成一批调研成果。"
                "开展组织工作创新范例奖评选，推动提高组织工作科学化水平。"
            ),
        ),
        TemplateTask(
            kind="carrier",
            category="党性建设",
            title="推选“我身边的优秀组工干部”",
            content=(
                "以学习先进典型为契机，围绕“到组织部为什么、干什么、比什么”、“什么是组工干部的党性”等开展讨论，"
                "明确组工干部特别是组织部长讲党性的具体标准和要求。"
                "开展评选“我身边的优秀组工干部”活动，以身边事感召身边人，引导组工干部见贤思齐、创先争优。"
            ),
        ),
        TemplateTask(
            kind="carrier",
            category="廉政建设",
            title="推行“全员岗位风险防范管理”",
            content=(
                "探索实行岗位风险化解制度，各科（股）室主动自查执行纪律规定的情况。"
                "以提高制度执行力为抓手，开展“岗位风险排查，推进制度防险”活动，排查岗位风险点和薄弱环节，"
                "实行常态化问责通报制度，建立组织部门内部从严要求和高效运行的管理机制。"
            ),
        ),
        TemplateTask(
            kind="carrier",
            category="文化建设",
            title="促进“和谐组工之家”建设",
            content=(
                "以“党员之家、干部之家、人才之家”建设为重点，倡导以人为本，开展人文关怀和情感管理，"
                "从事业、环境、家庭等方面为组工干部健康成长创造条件。"
                "对组工干部进行走访慰问、困难帮扶，召开组工干部家属座谈会，"
                "举办素质拓展训练和文体活动，增强凝聚力，营造和谐向上的氛围。"
            ),
        ),
    ),
)


# ---------------------------------------------------------------------------------------------------------
# Seed 003: 《深入开展创先争优活动简报》 — 创先争优 in a province's organization system, driven by the
# “保障工程” and “满意工程”. The seed names no leading group or 督导组 count: the members below are the usual
# structure of an organization department and are meant to be edited. The figures the seed reports are
# province-wide totals; they appear here only as goals in target notes, to be scaled to the own level.
# ---------------------------------------------------------------------------------------------------------

CHUANGXIAN = CampaignTemplate(
    code="chuangxian",
    name="组织系统创先争优活动",
    theme="创服务保障大局之先，争干部群众满意之优",
    description="组织系统深入开展创先争优：以党性教育为首要任务、素质提升为关键，深入实施“保障工程”和“满意工程”，"
    "以群众满意度检验成效。",
    requirements=(
        "总结“讲党性、重品行、作表率”活动的经验成果，结合组织系统创先争优活动的新要求新部署，"
        "以提高党和人民群众对组织工作的满意度为基本目标，在组织系统深入实施“保障工程”和“满意工程”。\n"
        "各级组织部门把组织系统创先争优活动列入重要日程，精心组织，迅速行动，创新载体和方式；"
        "把加强组工干部党性修养作为首要任务，把加强组工干部队伍能力建设作为关键，"
        "把活动主动纳入当地经济社会发展大局，以组织工作任务的落实成果和群众满意度测评检验活动成效。\n"
        "范围：各级党委组织部门和直属单位组织部门。"
    ),
    months=12,
    office="组织系统创先争优活动领导小组办公室",
    supervision_groups=0,
    members=(
        TemplateMember(role="组长", position="组织部部长"),
        TemplateMember(role="副组长", position="组织部常务副部长"),
        TemplateMember(role="成员", position="组织部部务会成员"),
        TemplateMember(role="办公室主任", position="组织部办公室主任"),
    ),
    tasks=(
        TemplateTask(
            kind="task",
            category="党性建设",
            title="加强组工干部党性教育",
            content=(
                "贯彻“组工干部要做党性最强的干部”的要求，把加强组工干部党性修养作为首要任务。"
                "开展“进组织部为了什么、到组织部干了什么、在组织部跟人家比什么”大讨论，学习优秀组工干部先进事迹。"
                "通过领导干部带头讲党课、参观爱国主义教育基地、观看警示教育影片、撰写理论文章和心得体会等方式，"
                "深入开展党性教育、品德教育、革命传统教育和警示教育，针对差距和问题开展党性分析活动。"
            ),
        ),
        TemplateTask(
            kind="task",
            category="能力建设",
            title="全面提升组工干部整体素质",
            content=(
                "把加强组工干部队伍能力建设作为带头创先争优的关键，通过理论学习、实践锻炼、大下基层等措施提高能力素质。"
                "推进学习型组织部和学习型组工干部队伍建设，开设各类讲坛，组织组工干部培训。"
                "注重在工作一线锻炼培养干部，选派组工干部上下挂职，经受多岗位锻炼。"
            ),
            indicator="learning.training_person_times",
            target="8710",
            target_note="全系统年内培训组工干部不少于8710人次（参照全省规模，使用时按本级调整）",
        ),
        TemplateTask(
            kind="task",
            category="组织建设",
            title="优化组工干部队伍结构",
            content=(
                "加大组工干部竞争性选拔和轮岗交流工作力度，突出重实干看实绩的用人导向，增强队伍活力。"
                "推进公开选调工作人员和内部竞争上岗的制度化、常态化，做好对外交流。"
            ),
            indicator="people.movements_competition",
            target="331",
            target_note="全系统年内公开竞岗不少于331人（参照全省规模，使用时按本级调整）",
        ),
        TemplateTask(
            kind="task",
            category="作风建设",
            title="创新载体开展主题实践活动",
            content=(
                "以深入实施“保障工程”和“满意工程”为牵动，结合工作实际探索形式多样的活动载体。"
                "坚持把主题实践活动与发挥典型示范作用结合起来，激励党员干部在服务保障党委中心工作中当先锋、作表率；"
                "与转变工作作风结合起来，建设“开放型”组织工作系统、“学习型”机关和“服务型”组工干部队伍；"
                "与本部门工作结合起来，以各项工作的实际成果衡量和检验创先争优活动成效。"
            ),
        ),
        TemplateTask(
            kind="task",
            category="组织建设",
            title="深入实施“保障工程”",
            content=(
                "把组织系统创先争优活动主动纳入经济社会发展大局，加大对重点工作的专项督导检查力度，"
                "深入工程、项目一线检查指导推进工作、了解班子、考核干部。"
                "建立定期研究、督办检查、工作反馈、情况通报的推进落实机制；对组织工作实行项目化管理，"
                "明确责任领导、责任人、推进措施和完成时限。"
                "建立创先争优活动联系点，落实领导责任，加强工作协调。"
            ),
            indicator="fieldwork.contact_points",
            target="310",
            target_note="全系统建立创先争优活动联系点310个以上（参照全省省直单位规模，使用时按本级调整）",
        ),
        TemplateTask(
            kind="task",
            category="作风建设",
            title="深入实施“满意工程”",
            content=(
                "把群众满意度测评作为检验组织系统创先争优的重要标尺。"
                "就组织工作、组工干部、干部选拔任用、防止和纠正用人上不正之风等方面开展民意调查。"
                "对满意度排名靠后的地方进行督导检查和整改落实专项检查，查找影响满意度提高的问题，"
                "提出整改建议，推进整改提高。"
            ),
            indicator="opinions.measures_done",
            target="94",
            target_note="针对民意调查发现的问题落实整改措施不少于94条（参照全省规模，使用时按本级调整）",
            months=12,
        ),
        # 载体
        TemplateTask(
            kind="carrier",
            category="能力建设",
            title="开展“组织部长下基层”活动",
            content=(
                "围绕干部工作、干部教育培训、党员干部远程教育、基层组织建设等内容分别组成调研组，"
                "深入基层了解情况、总结经验、查找问题、研究对策。"
                "组工干部与基层结成帮扶对子，为基层群众解决实际问题，形成调研报告。"
            ),
            indicator="fieldwork.visit_persons",
            target="14452",
            target_note="全系统组工干部下基层不少于14452人次（参照全省规模，使用时按本级调整）",
        ),
        TemplateTask(
            kind="carrier",
            category="能力建设",
            title="开设组工讲坛和在线学习",
            content=(
                "普遍开设各类讲坛活动，推进学习型组织部建设。"
                "开展在线学习活动，对组工干部的“学、考、评、管”实行网络化管理，"
                "解决学习形式单一、工学矛盾突出等问题。"
            ),
        ),
        TemplateTask(
            kind="carrier",
            category="党性建设",
            title="学习宣传优秀组工干部先进典型",
            content=(
                "认真学习优秀组工干部先进事迹，结合学习先进典型开展找差距、补不足活动。"
                "发挥典型示范作用，以身边典型引导组工干部增强党性观念、创先争优。"
                "结合重大活动和节日开展主题教育活动，及时总结宣传活动经验和成果。"
            ),
        ),
        TemplateTask(
            kind="carrier",
            category="作风建设",
            title="实行创先争优积分管理和“五个一”服务",
            content=(
                "为每名组工干部制作创先争优积分卡，定期不定期进行考评，"
                "让创先争优“评有依据、干有目标、促有动力、推有保障”。"
                "开展一张笑脸、一句问候、一把椅子、一杯开水、一颗诚心的“五个一”服务活动；"
                "实行“实绩写实”、半年述职和重点工作任务月通报制度，激发干事创业的积极性。"
            ),
        ),
    ),
)


BUILTIN: dict[str, CampaignTemplate] = {t.code: t for t in (SANJIANG, CHUANGXIAN)}


# Field lengths of the models the templates are copied into (zugong.campaigns.models).
_MAX_LEN = {"code": 40, "name": 120, "theme": 200, "office": 120, "title": 120, "target_note": 200,
            "position": 120}
_TARGET_DIGITS, _TARGET_PLACES = 14, 2


def _target_problem(target: str) -> str:
    """Empty when target is a non-negative number that fits DecimalField(max_digits=14, decimal_places=2)."""
    try:
        value = Decimal(target)
    except InvalidOperation:
        return "is not a number"
    if not value.is_finite() or value < 0:
        return "is not a non-negative number"
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places > _TARGET_PLACES or len(value.quantize(Decimal(1)).as_tuple().digits) > _TARGET_DIGITS - _TARGET_PLACES:
        return "does not fit 14 digits with 2 decimal places"
    return ""


def validate() -> list[str]:
    """Check every built-in template; returns the problems found (empty list when all is fine)."""
    problems: list[str] = []
    for key, t in BUILTIN.items():
        where = key
        if t.code != key:
            problems.append(f"{where}: code {t.code!r} differs from its key")
        for name in ("code", "name", "theme", "office"):
            if len(getattr(t, name)) > _MAX_LEN[name]:
                problems.append(f"{where}: {name} longer than {_MAX_LEN[name]} characters")
        if not t.name or not t.requirements:
            problems.append(f"{where}: name and requirements are required")
        if t.months <= 0:
            problems.append(f"{where}: months must be > 0")
        if t.supervision_groups < 0:
            problems.append(f"{where}: supervision_groups must be >= 0")
        if not t.tasks:
            problems.append(f"{where}: no tasks")
        seen: set[str] = set()
        for i, task in enumerate(t.tasks):
            w = f"{where}: task {i} {task.title!r}"
            if task.kind not in KINDS:
                problems.append(f"{w}: kind {task.kind!r} not in {KINDS}")
            if task.category not in CATEGORIES:
                problems.append(f"{w}: category {task.category!r} not in CATEGORIES")
            if not task.title.strip():
                problems.append(f"{w}: empty title")
            elif task.title in seen:
                problems.append(f"{w}: duplicate title")
            seen.add(task.title)
            for name in ("title", "target_note"):
                if len(getattr(task, name)) > _MAX_LEN[name]:
                    problems.append(f"{w}: {name} longer than {_MAX_LEN[name]} characters")
            if not task.content.strip():
                problems.append(f"{w}: empty content")
            if task.months < 0:
                problems.append(f"{w}: months must be >= 0")
            elif task.months > t.months:
                problems.append(f"{w}: months {task.months} beyond the template's {t.months}")
            if task.indicator and task.indicator not in INDICATORS:
                problems.append(f"{w}: unknown indicator {task.indicator!r}")
            if task.target:
                if not task.indicator:
                    problems.append(f"{w}: target set without indicator")
                why = _target_problem(task.target)
                if why:
                    problems.append(f"{w}: target {task.target!r} {why}")
            if task.target_note and not task.target:
                problems.append(f"{w}: target_note without target")
        for i, m in enumerate(t.members):
            w = f"{where}: member {i}"
            if m.role not in ROLES:
                problems.append(f"{w}: role {m.role!r} not in ROLES")
            if not m.position.strip():
                problems.append(f"{w}: empty position")
            elif len(m.position) > _MAX_LEN["position"]:
                problems.append(f"{w}: position longer than {_MAX_LEN['position']} characters")
    return problems
