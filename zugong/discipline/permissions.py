"""违规违纪处理: the permissions this app adds to the catalog, and which built-in roles hold them (merged by accounts.roles).

Discipline cases of organization cadres are read by 部领导 and the discipline-inspection role (纪检监察员) only, and
written by the latter: every permission here is LEADER_ONLY, so 业务管理员 (who otherwise holds the whole catalog) holds
none of them. Every detail view, file download, export and API read is audited."""

VIEW_CASE = "discipline.view_disciplinecase"
ADD_CASE = "discipline.add_disciplinecase"
CHANGE_CASE = "discipline.change_disciplinecase"
DELETE_CASE = "discipline.delete_disciplinecase"
EXPORT_CASE = "discipline.export_disciplinecase"

CATALOG: dict[str, str] = {
    VIEW_CASE: "查看组工干部违规违纪处理情况（本单位及下级单位，每次查看留痕）",
    ADD_CASE: "登记组工干部违规违纪处理情况",
    CHANGE_CASE: "修改组工干部违规违纪处理情况",
    DELETE_CASE: "删除组工干部违规违纪处理情况",
    EXPORT_CASE: "导出组工干部违规违纪处理情况（留痕）",
}
VIEW: list[str] = []  # not for every reading role
LEADER: list[str] = [VIEW_CASE, EXPORT_CASE]  # 部领导, beyond VIEW
CLERK: list[str] = []  # 填报员, beyond VIEW
LEADER_ONLY: list[str] = [VIEW_CASE, ADD_CASE, CHANGE_CASE, DELETE_CASE, EXPORT_CASE]  # not held by 业务管理员
ROLES: dict[str, tuple[str, str, list[str]]] = {
    "discipline": ("纪检监察员", "查看、登记本单位及下级单位组工干部的违规违纪处理情况（每次查看留痕）",
                   ["orgs.view_orgunit", "people.view_cadre", VIEW_CASE, ADD_CASE, CHANGE_CASE, DELETE_CASE, EXPORT_CASE]),
}
