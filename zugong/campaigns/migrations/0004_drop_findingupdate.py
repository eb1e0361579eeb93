"""FindingUpdate goes: its rows became the history of the findings' measures (opinions 0005)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_campaign_files_assignment_campaign_and_more"), ("opinions", "0005_findings_to_measures")]
    operations = [migrations.DeleteModel(name="FindingUpdate")]
