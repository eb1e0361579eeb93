"""关心关爱: the permissions this app adds to the catalog, and which built-in roles hold them (merged by accounts.roles)."""

CATALOG: dict[str, str] = {}
VIEW: list[str] = []  # held by every built-in role that reads (部领导, 业务管理员, 填报员, 只读, 督导组成员, 信箱承办人)
LEADER: list[str] = []  # 部领导, beyond VIEW
CLERK: list[str] = []  # 填报员, beyond VIEW
LEADER_ONLY: list[str] = []  # not held by 业务管理员 (who otherwise holds the whole catalog)
