"""违规违纪处理: its own menu group, shown only to those who may read the cases (部领导, 纪检监察员)."""

from zugong.core.menu import MenuItem, register

register(
    "监督执纪",
    MenuItem("违规违纪处理", "discipline:case_list", icon="gavel", perm="discipline.view_disciplinecase", order=10),
    order=75,
)
