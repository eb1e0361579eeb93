from typing import Any

from zugong.core.menu import MenuItem, register


def _business_user(user: Any) -> bool:
    """三员 hold no business grants and so never receive notices; everyone else has an inbox."""
    return bool(getattr(user, "is_authenticated", False) and not getattr(user, "admin_role", ""))


register("个人", MenuItem("站内消息", "notices:inbox", icon="bell", check=_business_user, order=10), order=5)
