"""制度建设: menu entries."""

from zugong.core.menu import MenuItem, register

register(
    "制度建设",
    MenuItem("制度库", "regulations:rule_list", icon="books", perm="regulations.view_rule", order=10),
    MenuItem("制度全文检索", "regulations:search", icon="search", perm="regulations.view_rule", order=20),
    MenuItem("新建制度", "regulations:rule_add", icon="file-plus", perm="regulations.add_rule", order=30),
    order=60,
)
