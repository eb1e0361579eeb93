"""关心关爱: the permissions this app adds to the catalog, and which built-in roles hold them (merged by accounts.roles)."""

CATALOG: dict[str, str] = {
    "care.view_careactivity": "查看关心关爱活动（走访慰问、困难帮扶、家属座谈会等）",
    "care.add_careactivity": "登记关心关爱活动",
    "care.change_careactivity": "修改关心关爱活动",
    "care.delete_careactivity": "删除关心关爱活动",
    "care.import_careactivity": "导入关心关爱活动",
    "care.export_careactivity": "导出关心关爱活动",
}
VIEW: list[str] = ["care.view_careactivity"]  # held by every built-in role that reads (部领导, 业务管理员, 填报员, 只读, 督导组成员, 信箱承办人)
LEADER: list[str] = ["care.export_careactivity"]  # 部领导, beyond VIEW
CLERK: list[str] = ["care.add_careactivity", "care.change_careactivity", "care.delete_careactivity", "care.import_careactivity",
                    "care.export_careactivity"]  # 填报员, beyond VIEW
LEADER_ONLY: list[str] = []  # not held by 业务管理员 (who otherwise holds the whole catalog)
