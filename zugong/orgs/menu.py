from zugong.core.menu import MenuItem, register

register(
    "组织机构",
    MenuItem("单位树", "orgs:tree", icon="sitemap", perm="orgs.view_orgunit", order=10),
    order=10,
)
