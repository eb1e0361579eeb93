"""基层工作: the permissions this app adds to the catalog, and which built-in roles hold them (merged by accounts.roles)."""

_THINGS = {
    "fieldvisit": "下基层（四进）记录",
    "pairing": "结对帮扶对子及联系记录",
    "grassrootsproblem": "为基层群众解决的实际问题",
    "researchtopic": "领衔课题及调研报告",
    "contactpoint": "联系点",
}

CATALOG: dict[str, str] = {
    **{f"fieldwork.view_{m}": f"查看{label}" for m, label in _THINGS.items()},
    **{f"fieldwork.add_{m}": f"登记{label}" for m, label in _THINGS.items()},
    **{f"fieldwork.change_{m}": f"修改{label}" for m, label in _THINGS.items()},
    **{f"fieldwork.delete_{m}": f"删除{label}" for m, label in _THINGS.items()},
    **{f"fieldwork.export_{m}": f"导出{label}" for m, label in _THINGS.items()},
    "fieldwork.import_fieldvisit": "导入下基层（四进）记录",
}
CATALOG["fieldwork.change_grassrootsproblem"] = "修改为基层群众解决的实际问题，把未解决的问题转入整改台帐（另需整改台帐权限）"
CATALOG["fieldwork.change_researchtopic"] = "修改领衔课题：课题组、进度节点、上传调研报告、评定等次和成果转化"
CATALOG["fieldwork.change_pairing"] = "修改结对帮扶对子，登记帮扶联系记录"

VIEW: list[str] = [f"fieldwork.view_{m}" for m in _THINGS]  # held by every built-in role that reads
LEADER: list[str] = [f"fieldwork.export_{m}" for m in _THINGS]  # 部领导, beyond VIEW
CLERK: list[str] = [  # 填报员, beyond VIEW: enters and imports the unit's records (deleting stays with the administrator)
    *[f"fieldwork.{a}_{m}" for a in ("add", "change", "export") for m in _THINGS],
    "fieldwork.import_fieldvisit",
]
LEADER_ONLY: list[str] = []  # not held by 业务管理员 (who otherwise holds the whole catalog)
