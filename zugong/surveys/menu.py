from zugong.core.menu import MenuItem, register

register(
    "测评评议",
    MenuItem("满意度测评", "surveys:list", icon="chart-bar", perm="surveys.view_survey", order=10),
    MenuItem("专项检查", "surveys:inspection_list", icon="zoom-check", perm="surveys.view_specialinspection", order=20),
    order=17,
)
