from django.db import migrations

from zugong.accounts.migrations._roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("accounts", "0013_findings_on_the_ledger"), ("surveys", "0001_initial")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
