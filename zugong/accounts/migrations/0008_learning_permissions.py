from django.db import migrations

from zugong.accounts.migrations._roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_campaign_work_permissions"), ("learning", "0001_initial"), ("points", "0001_initial")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
