from django.db import migrations

from zugong.accounts.migrations._roles import sync_roles


class Migration(migrations.Migration):
    """surveys.view_appraisal: 部领导 read the democratic appraisal of persons."""

    dependencies = [("accounts", "0014_survey_permissions"), ("surveys", "0001_initial")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
