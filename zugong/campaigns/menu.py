from zugong.core.menu import MenuItem, register

register(
    "活动部署",
    MenuItem("活动", "campaigns:list", icon="flag", perm="campaigns.view_campaign", order=10),
    order=12,
)
