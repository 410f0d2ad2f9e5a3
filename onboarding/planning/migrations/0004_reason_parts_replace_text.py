"""PlanItem.reason: the parts written by 0003 replace the text column."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("planning", "0003_reasons_as_codes")]

    operations = [
        migrations.RemoveField(model_name="planitem", name="reason"),
        migrations.RenameField(model_name="planitem", old_name="reason_parts", new_name="reason"),
    ]
