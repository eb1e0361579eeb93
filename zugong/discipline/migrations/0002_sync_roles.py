"""The built-in roles rewritten from zugong.accounts.roles: the new 纪检监察员 role, and the permissions of care,
discipline and publicity on 部领导, 业务管理员 and 填报员 (idempotent, like accounts' permission migrations)."""

from django.db import migrations

from zugong.accounts.migrations._roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("accounts", "0016_honors_permissions"), ("discipline", "0001_initial")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
