"""宣传报道: the permissions this app adds to the catalog, and which built-in roles hold them (merged by accounts.roles)."""

CATALOG: dict[str, str] = {
    "publicity.view_mediareport": "查看宣传报道（媒体刊播的组织工作报道）",
    "publicity.add_mediareport": "登记宣传报道",
    "publicity.change_mediareport": "修改宣传报道",
    "publicity.delete_mediareport": "删除宣传报道",
    "publicity.import_mediareport": "导入宣传报道",
    "publicity.export_mediareport": "导出宣传报道",
}
VIEW: list[str] = ["publicity.view_mediareport"]  # held by every built-in role that reads (部领导, 业务管理员, 填报员, 只读, 督导组成员, 信箱承办人)
LEADER: list[str] = ["publicity.export_mediareport"]  # 部领导, beyond VIEW
CLERK: list[str] = ["publicity.add_mediareport", "publicity.change_mediareport", "publicity.delete_mediareport",
                    "publicity.import_mediareport", "publicity.export_mediareport"]  # 填报员, beyond VIEW
LEADER_ONLY: list[str] = []  # not held by 业务管理员 (who otherwise holds the whole catalog)
