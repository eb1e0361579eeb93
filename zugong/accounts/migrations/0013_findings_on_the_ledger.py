from django.db import migrations

from zugong.accounts.migrations._roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("accounts", "0012_ledger_permissions"), ("campaigns", "0004_drop_findingupdate")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
