from jobtracker.pipeline import services
from jobtracker.pipeline.models import Stage
from tests.factories import InstitutionFactory, PositionFactory, make_application, season_for


def last_season_rejection(owner, institution):
    season = season_for(owner, season_for(owner).start_year - 1)
    old = make_application(owner, institution=institution, season=season, title="Postdoctoral Fellow")
    services.move_application(
        application=old, to_stage=Stage.objects.get(owner=owner, track="faculty", name="Rejected")
    )
    return old


def test_starting_an_application_where_the_user_applied_last_season_shows_what_happened(owner_client, owner):
    cmu = InstitutionFactory(owner=owner, name="Carnegie Mellon University")
    last_season_rejection(owner, cmu)
    position = PositionFactory(owner=owner, institution=cmu, title="Assistant Professor")
    body = owner_client.get(f"/applications/new/?position={position.pk}").content.decode()
    assert "You applied to Carnegie Mellon University before." in body
    assert "Postdoctoral Fellow" in body and "Rejected" in body


def test_the_application_page_also_shows_the_earlier_season(owner_client, owner):
    cmu = InstitutionFactory(owner=owner, name="Carnegie Mellon University")
    last_season_rejection(owner, cmu)
    current = make_application(owner, institution=cmu)
    assert (
        "You applied to Carnegie Mellon University before."
        in owner_client.get(current.get_absolute_url()).content.decode()
    )


def test_a_separate_row_with_the_same_name_counts_as_the_same_place(owner_client, owner):
    old_row = InstitutionFactory(owner=owner, name="ETH Zurich", department="Computer Science")
    last_season_rejection(owner, old_row)
    new_row = InstitutionFactory(owner=owner, name="eth zurich", department="D-INFK")
    current = make_application(owner, institution=new_row)
    assert "You applied to eth zurich before." in owner_client.get(current.get_absolute_url()).content.decode()


def test_applications_in_the_same_season_or_elsewhere_raise_no_warning(owner_client, owner):
    cmu = InstitutionFactory(owner=owner, name="Carnegie Mellon University")
    make_application(owner, institution=cmu, title="Teaching Professor")
    last_season_rejection(owner, InstitutionFactory(owner=owner, name="Princeton University"))
    current = make_application(owner, institution=cmu)
    assert "You applied to" not in owner_client.get(current.get_absolute_url()).content.decode()


def test_another_users_history_is_never_shown(owner_client, owner, outsider):
    last_season_rejection(outsider, InstitutionFactory(owner=outsider, name="Carnegie Mellon University"))
    current = make_application(owner, institution=InstitutionFactory(owner=owner, name="Carnegie Mellon University"))
    assert "You applied to" not in owner_client.get(current.get_absolute_url()).content.decode()
