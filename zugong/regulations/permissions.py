"""制度建设: the permissions this app adds to the catalog, and which built-in roles hold them (merged by accounts.roles)."""

CATALOG: dict[str, str] = {
    "regulations.view_rule": "查看制度库（制度及其全文检索）",
    "regulations.view_ruleversion": "查看制度的历次版本和修订对照",
    "regulations.add_rule": "新建制度",
    "regulations.change_rule": "修订、废止制度，更正制度登记信息",
    "regulations.import_rule": "导入制度",
    "regulations.export_rule": "导出制度清单",
}
VIEW: list[str] = ["regulations.view_rule", "regulations.view_ruleversion"]  # held by every built-in role that reads
LEADER: list[str] = ["regulations.export_rule"]  # 部领导, beyond VIEW
CLERK: list[str] = ["regulations.add_rule", "regulations.change_rule", "regulations.import_rule", "regulations.export_rule"]
LEADER_ONLY: list[str] = []  # not held by 业务管理员 (who otherwise holds the whole catalog)
