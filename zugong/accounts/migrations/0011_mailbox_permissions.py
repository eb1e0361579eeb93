from django.db import migrations

from zugong.accounts.migrations._roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_opinion_permissions"), ("opinions", "0003_mailbox")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
