from django.db import migrations

from zugong.accounts.migrations._roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("accounts", "0011_mailbox_permissions"), ("opinions", "0004_ledger")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
