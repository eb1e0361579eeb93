"""项目化管理: the permissions this app adds to the catalog, and which built-in roles hold them (merged by accounts.roles)."""

CATALOG: dict[str, str] = {
    "projects.view_program": "查看工程（本单位及上级发布的）",
    "projects.add_program": "新建、修改本单位的工程",
    "projects.view_project": "查看项目（本单位及下级的，及上级认领清单中的项目）",
    "projects.add_project": "新建、修改本单位项目和节点，报告月度进展，发布认领清单",
    "projects.export_project": "导出项目清单",
    "projects.view_claim": "查看项目认领（本单位的，及下级认领本单位项目的）",
    "projects.add_claim": "认领上级发布的项目，撤回认领申请",
    "projects.decide_claim": "审核下级的认领申请（同意或不同意）",
    "projects.view_progressreport": "查看项目月度进展和项目月通报",
    "projects.view_milestone": "查看项目节点",
    "projects.view_awardround": "查看组织工作创新范例奖评选",
    "projects.add_awardround": "组织创新范例奖评选：推荐项目、评审打分、评定奖项",
    "projects.view_awardentry": "查看创新范例奖推荐项目和获奖情况",
}
VIEW: list[str] = ["projects.view_program", "projects.view_project", "projects.view_claim", "projects.view_progressreport",
                   "projects.view_milestone", "projects.view_awardround", "projects.view_awardentry"]
LEADER: list[str] = ["projects.export_project", "projects.decide_claim"]
CLERK: list[str] = ["projects.add_project", "projects.export_project", "projects.add_claim"]
LEADER_ONLY: list[str] = []
