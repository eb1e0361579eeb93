"""The shipped catalogue of typical risk points of organization work (组织工作岗位廉政风险点目录): a unit adds entries
to a post and adapts the wording, level, measures and responsible person to its own practice. Codes are stable
(a risk point keeps the code of the entry it came from)."""

from __future__ import annotations

from dataclasses import dataclass

from zugong.risks.models import Category, Level


@dataclass(frozen=True)
class Entry:
    code: str
    category: str
    level: str
    description: str
    measures: str
    posts: tuple[str, ...] = ()  # typical posts the entry fits (a hint for choosing)


C, L = Category, Level

CATALOGUE: list[Entry] = [
    # 干部选拔任用
    Entry("XB-01", C.SELECTION, L.HIGH, "动议提名环节未按规定程序酝酿，个人意见代替集体意见，搞“带病提名”",
          "严格执行《党政领导干部选拔任用工作条例》，动议前充分酝酿，提名情况纪实记录，实行提名责任追究", ("干部调配岗", "干部科科长岗")),
    Entry("XB-02", C.SELECTION, L.HIGH, "民主推荐、考察谈话范围不当，泄露推荐票和谈话内容，考察材料失真",
          "规范推荐谈话范围，推荐票当场封存，考察组成员签订保密承诺，考察材料由两人以上核对", ("干部考察岗",)),
    Entry("XB-03", C.SELECTION, L.HIGH, "对拟提拔人选“凡提四必”把关不严，档案、个人有关事项报告、纪检意见、信访举报核查不到位",
          "落实“凡提四必”清单式管理，逐项签字确认，未核查清楚的一律暂缓", ("干部监督岗", "干部考察岗")),
    Entry("XB-04", C.SELECTION, L.MEDIUM, "任前公示内容不全、时间不足，对公示期间反映的问题核查不认真",
          "公示不少于5个工作日，反映问题登记建账、专人核查、结果报告", ("干部调配岗",)),
    Entry("XB-05", C.SELECTION, L.MEDIUM, "干部任免文件、职数使用超职数配备或越权审批",
          "实行职数预审制度，任免文件由分管领导和经办人双签，按月核对职数台账", ("干部调配岗", "综合岗")),
    Entry("XB-06", C.SELECTION, L.HIGH, "公开选拔、竞争上岗出题、阅卷、面试环节泄密或评分不公",
          "命题人员封闭管理，试卷密封流转，面试评委随机抽取，全程录音录像", ("公务员管理岗", "干部调配岗")),
    # 干部档案
    Entry("DA-01", C.FILES, L.HIGH, "涂改、伪造干部档案材料，“三龄两历一身份”审核认定不严",
          "档案专项审核两人以上会审，认定结论集体研究，新增材料逐份登记审核", ("干部档案岗",)),
    Entry("DA-02", C.FILES, L.MEDIUM, "违规查（借）阅干部档案，档案材料丢失、泄密",
          "查阅须经审批登记，严禁外借，查阅全程在阅档室内有人陪同", ("干部档案岗",)),
    Entry("DA-03", C.FILES, L.LOW, "档案转递不及时、手续不全，零散材料积压未归档",
          "转递一律机要交通，回执登记销号；零散材料每季度集中归档", ("干部档案岗",)),
    # 党费
    Entry("DF-01", C.DUES, L.HIGH, "党费收缴、管理不规范，截留、挪用党费或违规列支",
          "党费专户管理，收支两条线，按季度公示、年度审计，支出集体研究", ("党费管理岗", "机关党委岗")),
    Entry("DF-02", C.DUES, L.MEDIUM, "下拨党费使用审核不严，项目资金用途与申报不符",
          "下拨党费实行项目申报、审核、公示，使用情况跟踪检查", ("党费管理岗", "组织科岗")),
    # 人才项目
    Entry("RC-01", C.TALENT, L.HIGH, "人才项目评审中打招呼、说情，评审专家与申报人存在利害关系未回避",
          "评审专家库随机抽取，签订回避和保密承诺，评审结果公示", ("人才工作岗",)),
    Entry("RC-02", C.TALENT, L.MEDIUM, "人才专项资金拨付审核不严，套取、挤占挪用人才资金",
          "资金拨付与绩效评估挂钩，联合财政部门跟踪检查，建立使用台账", ("人才工作岗",)),
    Entry("RC-03", C.TALENT, L.LOW, "人才引进、认定条件把关不严，材料审核流于形式",
          "认定条件公开，材料两级审核，结果公示无异议后确认", ("人才工作岗",)),
    # 干部监督
    Entry("JD-01", C.SUPERVISION, L.HIGH, "对信访举报压案不查、查处不力，或泄露举报人信息",
          "举报件登记编号、限时办结、结果反馈，举报人信息专人保管", ("干部监督岗",)),
    Entry("JD-02", C.SUPERVISION, L.MEDIUM, "领导干部个人有关事项报告查核不认真，对漏报、瞒报处理失之于宽",
          "随机抽查和重点查核相结合，查核结果集体认定，处理按规定执行", ("干部监督岗",)),
    Entry("JD-03", C.SUPERVISION, L.MEDIUM, "选人用人专项检查、“一报告两评议”走过场，发现问题不督促整改",
          "检查发现问题建立清单，跟踪整改销号，结果纳入年度考核", ("干部监督岗",)),
    # 基层组织建设
    Entry("ZZ-01", C.ORGANIZATION, L.MEDIUM, "发展党员把关不严，违反程序突击发展或“带病入党”",
          "发展党员全程纪实，实行预审制和公示制，违规发展的按规定处置", ("组织科岗", "党员管理岗")),
    Entry("ZZ-02", C.ORGANIZATION, L.MEDIUM, "基层党组织换届选举指导不到位，候选人资格审查不严",
          "换届工作实行全程指导、联审机制，候选人资格由纪检、组织等部门联审", ("组织科岗",)),
    # 干部教育培训
    Entry("PX-01", C.TRAINING, L.MEDIUM, "培训经费使用不规范，超标准安排食宿或变相旅游",
          "培训计划和经费预算报批，严格执行培训费管理办法，结算凭证审核", ("干部教育岗",)),
    Entry("PX-02", C.TRAINING, L.LOW, "调训名额分配、学员选调不公，学时登记弄虚作假",
          "调训计划公开，学时登记由培训机构和派出单位双向确认", ("干部教育岗",)),
    # 机关管理
    Entry("JG-01", C.OFFICE, L.MEDIUM, "公文、涉密材料流转中泄密，违规复制、携带涉密文件",
          "涉密文件登记流转，专柜存放，定期清查，严禁在非涉密计算机处理涉密信息", ("文秘岗", "办公室岗")),
    Entry("JG-02", C.OFFICE, L.MEDIUM, "公务接待、公车使用、办公用品采购超标准或不按程序",
          "执行公务接待清单制度，公车使用审批登记，采购政府集中采购", ("综合岗", "办公室岗")),
    Entry("JG-03", C.OFFICE, L.LOW, "考勤、请销假管理松散，工作纪律执行不严",
          "实行考勤登记通报制度，请销假按权限审批", ("办公室岗",)),
    Entry("JG-04", C.OFFICE, L.HIGH, "财务报销审核不严，虚列支出、公款私用",
          "实行报销初审、复审、审批三级把关，重大支出集体研究，定期内部审计", ("财务岗", "办公室岗")),
    Entry("JG-05", C.OFFICE, L.LOW, "信息系统账号、干部信息数据管理不当导致数据泄露",
          "账号实名专人专用，权限最小化，数据导出留痕，定期检查", ("信息管理岗",)),
]

BY_CODE: dict[str, Entry] = {e.code: e for e in CATALOGUE}
