"""项目化管理: menu entries."""

from zugong.core.menu import MenuItem, register

register(
    "项目化管理",
    MenuItem("项目管理", "projects:list", icon="briefcase", perm="projects.view_project", order=10),
    MenuItem("认领清单", "projects:menu", icon="list-check", perm="projects.view_project", order=20),
    MenuItem("本单位认领", "projects:claims", icon="hand-finger", perm="projects.view_claim", order=30),
    MenuItem("认领审核", "projects:inbox", icon="checks", perm="projects.decide_claim", order=40),
    MenuItem("项目月通报", "projects:bulletin", icon="report", perm="projects.view_progressreport", order=50),
    MenuItem("工程", "projects:programs", icon="stack-2", perm="projects.view_program", order=60),
    MenuItem("创新范例奖", "projects:awards", icon="trophy", perm="projects.view_awardround", order=70),
    order=35,
)
