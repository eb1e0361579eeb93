"""关心关爱: menu entries (the group is shared with 宣传报道)."""

from zugong.core.menu import MenuItem, register

register(
    "关心关爱与宣传",
    MenuItem("关心关爱", "care:activity_list", icon="heart-handshake", perm="care.view_careactivity", order=10),
    order=70,
)
