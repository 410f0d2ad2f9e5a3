"""Plan reasons as codes and parameters instead of finished Swedish text (issue 12).

PlanItem.reason becomes a JSON list of parts; the summary's "why" of every missed date and kommun, and its
warnings, likewise. Each stored text is read back by onboarding.planning.reasons.parse (quarters as
'2027 K1' or the older 'Q1 2027'); a text it cannot read is kept as one TEXT part and shown as it was.
Backwards: the parts are written out as Swedish text again. 0004 then drops the text column (in its own
transaction: rows updated here must not meet an ALTER TABLE in the same one).
"""

from django.db import migrations, models
from django.utils import translation

BATCH = 2000


def _parse(text, kommun_name=""):
    from onboarding.planning.reasons import parse

    return parse(text, kommun_name=kommun_name) if isinstance(text, str) else text


def _render(parts):
    from onboarding.planning.reasons import render

    with translation.override("sv"):
        return render(parts)


def _convert_summary(summary: dict, convert) -> bool:
    changed = False
    for key in ("deadline_misses", "fairness_misses"):
        for miss in summary.get(key) or []:
            if "why" in miss:
                new = convert(miss["why"], miss.get("kommun", ""))
                changed |= new != miss["why"]
                miss["why"] = new
    if summary.get("warnings"):
        new = [convert(w, "") for w in summary["warnings"]]
        changed |= new != summary["warnings"]
        summary["warnings"] = new
    return changed


def _rewrite(apps, field: str, convert) -> None:
    """Every PlanItem's `field` from convert(item), in batches, then every version's summary."""
    PlanItem, PlanVersion = apps.get_model("planning", "PlanItem"), apps.get_model("planning", "PlanVersion")
    batch = []
    for item in PlanItem.objects.select_related("kommun").order_by("pk").iterator(chunk_size=BATCH):
        setattr(item, field, convert(item))
        batch.append(item)
        if len(batch) >= BATCH:
            PlanItem.objects.bulk_update(batch, [field])
            batch = []
    PlanItem.objects.bulk_update(batch, [field])
    summary_convert = _parse if field == "reason_parts" else (lambda parts, _kommun: _render(parts))
    for plan in PlanVersion.objects.order_by("pk"):
        if _convert_summary(plan.summary or {}, summary_convert):
            plan.save(update_fields=["summary"])


def forwards(apps, schema_editor):
    _rewrite(apps, "reason_parts", lambda item: _parse(item.reason, item.kommun.name))


def backwards(apps, schema_editor):
    _rewrite(apps, "reason", lambda item: _render(item.reason_parts)[:600])


class Migration(migrations.Migration):
    dependencies = [("planning", "0002_solver_time_limit_and_builds")]

    operations = [
        migrations.AddField(
            model_name="planitem", name="reason_parts", field=models.JSONField(blank=True, default=list)
        ),
        migrations.RunPython(forwards, backwards),
    ]
