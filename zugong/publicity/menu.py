"""宣传报道: menu entries (the group is shared with 关心关爱)."""

from zugong.core.menu import MenuItem, register

register(
    "关心关爱与宣传",
    MenuItem("宣传报道", "publicity:report_list", icon="news", perm="publicity.view_mediareport", order=20),
    order=70,
)
