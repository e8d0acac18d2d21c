"""Senders now claim pending rows themselves; rows the old dispatcher left "queued" go back to pending."""

from django.db import migrations


def requeue(apps, schema_editor):
    Delivery = apps.get_model("reminders", "Delivery")
    Delivery.objects.filter(status="queued").update(status="pending")


class Migration(migrations.Migration):
    dependencies = [("reminders", "0003_senders_heartbeats_and_resumable_planning")]

    operations = [migrations.RunPython(requeue, migrations.RunPython.noop)]
