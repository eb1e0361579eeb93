from django.db import migrations

from zugong.accounts.migrations._roles import sync_roles


class Migration(migrations.Migration):
    """honors.*: 评选表彰 (organize, nominate, 公示 comments, vote results, commendations) in the built-in roles."""

    dependencies = [("accounts", "0015_appraisal_permissions"), ("honors", "0001_initial")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
