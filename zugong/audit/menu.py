from zugong.accounts.access import is_auditor
from zugong.core.menu import MenuItem, register

register("系统管理", MenuItem("审计日志", "audit:list", icon="file-search", check=is_auditor, order=30), order=90)
