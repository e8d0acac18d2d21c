"""Accounts made before the decision matrix get its default criteria here, once, instead of on a page view."""

from django.db import migrations

from jobtracker.offers.defaults import DEFAULT_CRITERIA


def seed(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Criterion = apps.get_model("offers", "Criterion")
    OfferSettings = apps.get_model("offers", "OfferSettings")
    seeded = OfferSettings.objects.filter(criteria_seeded=True).values("owner")
    for user in User.objects.exclude(pk__in=seeded).iterator():
        if not Criterion.objects.filter(owner=user).exists():
            Criterion.objects.bulk_create(
                [
                    Criterion(owner=user, name=name, description=description, weight=weight, order=index)
                    for index, (name, description, weight) in enumerate(DEFAULT_CRITERIA)
                ]
            )
        OfferSettings.objects.update_or_create(owner=user, defaults={"criteria_seeded": True})


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
