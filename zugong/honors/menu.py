from typing import Any

from zugong.core.menu import MenuItem, register


def _personal(user: Any) -> bool:
    """The personal vote page is for business accounts, not the 三员."""
    return not user.admin_role


# the group surveys opened (测评评议): groups are shared by label, the lower order wins
register(
    "测评评议",
    MenuItem("评选投票", "honors:my_votes", icon="checkbox", check=_personal, order=5),
    MenuItem("评选表彰", "honors:list", icon="award", perm="honors.view_selection", order=30),
    MenuItem("表彰记录", "honors:commendations", icon="medal", perm="honors.view_commendation", order=40),
    order=17,
)
