from zugong.accounts.access import is_secadmin, is_sysadmin
from zugong.core.menu import MenuItem, register

register(
    "系统管理",
    MenuItem("账号管理", "accounts:user_list", icon="user-cog", check=is_sysadmin, order=10),
    MenuItem("角色授权", "accounts:grant_list", icon="shield-lock", check=is_secadmin, order=20),
    order=90,
)
