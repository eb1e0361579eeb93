from django.db import migrations

from zugong.accounts.migrations._roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_learning_permissions")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
