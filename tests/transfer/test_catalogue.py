"""The backup format covers every model a user owns, in an order a restore can write."""

from django.apps import apps

from jobtracker.transfer import catalogue


def test_every_model_with_an_owner_is_backed_up_or_deliberately_left_out():
    covered = set(catalogue.BACKED_UP) | set(catalogue.LEFT_OUT)
    missing = [catalogue.label_of(m) for m in catalogue.owned_models() if catalogue.label_of(m) not in covered]
    assert not missing, (
        f"add these to BACKED_UP (or LEFT_OUT, with the reason) in jobtracker/transfer/catalogue.py: {missing}"
    )


def test_the_lists_name_only_models_that_exist_and_each_once():
    assert len(set(catalogue.BACKED_UP)) == len(catalogue.BACKED_UP)
    assert not set(catalogue.BACKED_UP) & set(catalogue.LEFT_OUT)
    for label in catalogue.BACKED_UP:
        apps.get_model(label)


def test_a_model_refers_only_to_models_restored_before_it_unless_the_reference_may_wait():
    restored = {entry.model for entry in catalogue.entries()}
    user_model = apps.get_model("accounts.User")
    for entry in catalogue.entries():
        for field in entry.fields:
            if not field.is_relation:
                continue
            assert field.related_model in restored | {user_model}, f"{entry.label}.{field.name} leaves the backup"
            if field in catalogue.deferred_fields(entry):
                assert field.null, f"{entry.label}.{field.name} points forward, so it must be nullable"


def test_account_defaults_are_backed_up_models():
    assert set(catalogue.ACCOUNT_DEFAULTS) <= set(catalogue.BACKED_UP)
