from typing import Any

from zugong.core.menu import MenuItem, register


def _personal(user: Any) -> bool:
    """Personal pages (a cadre's own exams, training, card) are for business accounts, not the 三员."""
    return not user.admin_role


register(
    "积分卡",
    MenuItem("我的积分卡", "points:my_card", icon="id-badge-2", check=_personal, order=10),
    MenuItem("积分规则", "points:rules", icon="scale", check=_personal, order=20),
    MenuItem("积分记录", "points:entry_list", icon="list-numbers", perm="points.view_pointentry", order=30),
    MenuItem("积分排行", "points:leaderboard", icon="trophy", perm="points.view_pointentry", order=40),
    order=15,
)
