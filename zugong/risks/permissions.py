"""岗位风险防控: the permissions this app adds to the catalog, and which built-in roles hold them (merged by accounts.roles)."""

CATALOG: dict[str, str] = {
    "risks.view_post": "查看岗位、逾期未排查岗位和到期应轮岗干部",
    "risks.change_post": "登记、修改、删除岗位，登记在岗人员和离岗",
    "risks.export_post": "导出岗位台账",
    "risks.view_postholding": "查看岗位在岗人员和任职年限",
    "risks.view_riskpoint": "查看岗位风险点",
    "risks.change_riskpoint": "从风险点目录添加、修改、删除岗位风险点",
    "risks.import_riskpoint": "导入岗位风险点",
    "risks.export_riskpoint": "导出岗位风险点",
    "risks.view_riskreview": "查看岗位风险排查记录",
    "risks.view_reviewresult": "查看岗位风险排查发现的问题",
    "risks.add_riskreview": "登记岗位风险排查，把发现的问题列入整改台帐",
    "risks.export_riskreview": "导出岗位风险排查记录",
    "risks.view_accountabilitynotice": "查看问责通报",
    "risks.change_accountabilitynotice": "登记、修改、删除问责通报",
    "risks.export_accountabilitynotice": "导出问责通报",
}
VIEW: list[str] = ["risks.view_post", "risks.view_postholding", "risks.view_riskpoint", "risks.view_riskreview",
                   "risks.view_reviewresult", "risks.view_accountabilitynotice"]
LEADER: list[str] = ["risks.export_post", "risks.export_riskpoint", "risks.export_riskreview", "risks.export_accountabilitynotice"]
CLERK: list[str] = ["risks.change_post", "risks.change_riskpoint", "risks.import_riskpoint", "risks.add_riskreview",
                    "risks.change_accountabilitynotice", "risks.export_post", "risks.export_riskpoint", "risks.export_riskreview",
                    "risks.export_accountabilitynotice"]
LEADER_ONLY: list[str] = []
