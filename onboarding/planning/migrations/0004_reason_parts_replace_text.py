"""PlanItem.reason: the parts written by 0003 replace the text column.

The text column first gets a default, so that migrating back can add it again to rows that exist (0003's
backwards then writes the text).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("planning", "0003_reasons_as_codes")]

    operations = [
        migrations.AlterField(
            model_name="planitem", name="reason", field=models.CharField(blank=True, default="", max_length=600)
        ),
        migrations.RemoveField(model_name="planitem", name="reason"),
        migrations.RenameField(model_name="planitem", old_name="reason_parts", new_name="reason"),
    ]
