"""The index keeps volumes as whole MB (integers are the cheapest values to read for every row)."""

from django.db import migrations, models

TO_MB = """
UPDATE portfolio_portfolioentry
   SET total_mb = round(total_gb * 1000),
       preserved_mb = round(total_gb * coalesce(preserved_share, 0) * 1000)
"""
# Back: GB with two decimals and the share with four, as before.
FROM_MB = """
UPDATE portfolio_portfolioentry
   SET total_gb = round(total_mb / 1000.0, 2),
       preserved_share = CASE WHEN total_mb > 0 THEN round(preserved_mb::numeric / total_mb, 4) END
"""


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="portfolioentry",
            name="total_mb",
            field=models.BigIntegerField(default=0, help_text="Estimated volume of all information types, MB."),
        ),
        migrations.AddField(
            model_name="portfolioentry",
            name="preserved_mb",
            field=models.BigIntegerField(
                default=0, help_text="The part of total_mb that is preserved (bevaras), MB."
            ),
        ),
        migrations.RunSQL(TO_MB, FROM_MB),
        migrations.RemoveField(model_name="portfolioentry", name="total_gb"),
        migrations.RemoveField(model_name="portfolioentry", name="preserved_share"),
    ]
