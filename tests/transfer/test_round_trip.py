"""Backup -> restore into a new account -> backup gives the same content, ids aside, for a season using every model."""

import io

import pytest
from django.core.files.storage import default_storage

from jobtracker.materials.models import Document, DocumentVersion
from jobtracker.pipeline.models import Application, Institution, Position, StageEvent
from jobtracker.reminders import planning
from jobtracker.reminders.models import Delivery
from jobtracker.transfer import catalogue, inspection, restorer
from tests.factories import UserFactory
from tests.transfer.backups import make_backup, without_ids
from tests.transfer.season import build_full_season, empty_models

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return build_full_season()


def _restore(data: bytes, user):
    inspection.inspect(io.BytesIO(data))
    return restorer.restore(user=user, stream=io.BytesIO(data), progress=lambda done, total: None)


def test_the_season_uses_every_model_a_backup_holds(source):
    assert empty_models(source) == []


def test_a_backup_restored_into_a_new_account_backs_up_the_same(source):
    first = make_backup(source)
    newcomer = UserFactory(email="newcomer@example.edu", time_zone="UTC")

    counts = _restore(first, newcomer)

    assert counts == {e.label: e.model._default_manager.filter(owner=source).count() for e in catalogue.entries()}
    assert without_ids(make_backup(newcomer)) == without_ids(first)
    newcomer.refresh_from_db()
    assert (newcomer.time_zone, newcomer.full_name) == (source.time_zone, source.full_name)
    assert newcomer.email == "newcomer@example.edu"


def test_restored_rows_get_new_ids_and_keep_their_links(source):
    newcomer = UserFactory(email="newcomer@example.edu")
    _restore(make_backup(source), newcomer)

    old_ids = set(Application.objects.filter(owner=source).values_list("pk", flat=True))
    restored = Application.objects.filter(owner=newcomer).select_related("position__institution", "stage")
    assert not old_ids & {a.pk for a in restored}
    for application in restored:
        assert application.position.owner_id == application.stage.owner_id == newcomer.pk
        assert application.position.institution.owner_id == newcomer.pk
    assert StageEvent.objects.filter(owner=newcomer, application__owner=source).count() == 0
    tagged = Institution.objects.filter(owner=newcomer, tags__isnull=False).distinct()
    assert {t.owner_id for i in tagged for t in i.tags.all()} == {newcomer.pk}


def test_positions_keep_their_zones_and_instants(source):
    newcomer = UserFactory(email="newcomer@example.edu")
    _restore(make_backup(source), newcomer)
    before = list(Position.objects.filter(owner=source).order_by("pk").values_list("deadline_at", "deadline_tz"))
    after = list(Position.objects.filter(owner=newcomer).order_by("pk").values_list("deadline_at", "deadline_tz"))
    assert before == after


def test_versions_come_back_with_their_files_under_new_names(source):
    newcomer = UserFactory(email="newcomer@example.edu")
    _restore(make_backup(source), newcomer)

    old = {v.sha256: v for v in DocumentVersion.objects.filter(owner=source).exclude(file="")}
    new = list(DocumentVersion.objects.filter(owner=newcomer).exclude(file=""))
    assert len(new) == len(old) > 0
    for version in new:
        assert version.file.name.startswith(f"documents/{newcomer.pk}/")
        assert version.file.name != old[version.sha256].file.name
        with default_storage.open(version.file.name, "rb") as stored:
            assert stored.read() == old[version.sha256].file.open("rb").read()
    pinned = Document.objects.filter(owner=newcomer, pinned_version__isnull=False)
    assert pinned.count() == Document.objects.filter(owner=source, pinned_version__isnull=False).count()
    assert all(d.pinned_version.document_id == d.pk for d in pinned)


def test_reminders_are_planned_for_the_restored_dates(source):
    newcomer = UserFactory(email="newcomer@example.edu")
    planning.plan_changed()
    _restore(make_backup(source), newcomer)

    planning.plan_changed()

    assert Delivery.objects.filter(owner=newcomer).exists()


def test_the_restored_account_pages_work(client, source):
    newcomer = UserFactory(email="newcomer@example.edu")
    _restore(make_backup(source), newcomer)
    client.force_login(newcomer)
    for url in ["/", "/applications/", "/institutions/", "/materials/", "/letters/", "/interviews/", "/offers/"]:
        assert client.get(url).status_code == 200, url
