"""Every way a backup can be wrong is refused with a clear message, and nothing is written: no row, no file."""

import hashlib
import io
import json
import os
import zipfile

import pytest
from django.conf import settings

from jobtracker.materials.models import DocumentVersion
from jobtracker.pipeline.models import Institution
from jobtracker.transfer import catalogue, inspection, restorer
from jobtracker.transfer.archive import BackupProblem
from tests.factories import UserFactory, make_application, make_document, make_writer
from tests.transfer.backups import change_rows, make_backup, rewrite

pytestmark = pytest.mark.django_db


@pytest.fixture
def good(owner):
    make_application(owner)
    make_document(owner)
    make_writer(owner)
    return make_backup(owner)


@pytest.fixture
def newcomer(db):
    return UserFactory(email="newcomer@example.edu")


def _files_on_disk() -> list[str]:
    root = settings.MEDIA_ROOT
    return (
        sorted(os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files) if os.path.exists(root) else []
    )


def refused(data: bytes, user) -> str:
    """The message a backup is refused with; asserts that the account and the disk are untouched."""
    before_rows = {e.label: e.model._default_manager.filter(owner=user).count() for e in catalogue.entries()}
    before_files = _files_on_disk()
    with pytest.raises(BackupProblem) as refusal:
        inspection.inspect(io.BytesIO(data))
        restorer.restore(user=user, stream=io.BytesIO(data), progress=lambda done, total: None)
    assert {e.label: e.model._default_manager.filter(owner=user).count() for e in catalogue.entries()} == before_rows
    assert _files_on_disk() == before_files
    return str(refusal.value)


def tags_document(*tags: tuple[str, int]) -> bytes:
    """data/pipeline.Tag.json holding these (name, id) rows, laid out as a backup lays it out."""
    rows = ",\n".join(
        json.dumps({"id": pk, "name": name, "created_at": "2026-01-01T00:00:00+00:00"}) for name, pk in tags
    )
    return ('{"model":"pipeline.Tag","schema_version":1,"rows":[\n' + rows + "\n]}\n").encode()


def _zip(entries: dict[str, bytes]) -> bytes:
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in entries.items():
            archive.writestr(name, blob)
    return target.getvalue()


def test_a_good_backup_passes(good, newcomer):
    inspection.inspect(io.BytesIO(good))


def test_a_file_that_is_not_a_zip_is_refused(newcomer):
    assert "not a zip" in refused(b"%PDF-1.4 not a backup", newcomer)


def test_a_truncated_zip_is_refused(good, newcomer):
    assert "damaged" in refused(good[: len(good) // 2], newcomer)


def test_a_zip_without_a_manifest_is_refused(good, newcomer):
    assert "no manifest.json" in refused(_zip({"data/pipeline.Season.json": b"{}"}), newcomer)


def test_another_kind_of_zip_is_refused(newcomer):
    assert "not a jobtracker backup" in refused(_zip({"manifest.json": b'{"format": "other"}'}), newcomer)


def test_a_backup_from_a_newer_format_is_refused(good, newcomer):
    newer = rewrite(good, manifest=lambda m: {**m, "schema_version": catalogue.SCHEMA_VERSION + 1})
    message = refused(newer, newcomer)
    assert "newer version of jobtracker" in message and f"format {catalogue.SCHEMA_VERSION + 1}" in message


def test_a_backup_holding_a_model_this_server_does_not_know_is_refused(good, newcomer):
    def add_model(manifest):
        manifest["models"].append(
            {"model": "galaxy.Star", "path": "data/galaxy.Star.json", "rows": 0, "size": 0, "sha256": ""}
        )

    message = refused(rewrite(good, manifest=add_model), newcomer)
    assert "galaxy.Star" in message and "newer version" in message


def test_a_row_with_a_field_this_server_does_not_know_is_refused(good, newcomer):
    altered = rewrite(good, change=change_rows("pipeline.Institution", lambda row: {**row, "stars": 5}))
    message = refused(altered, newcomer)
    assert "stars" in message and "newer version" in message


def test_data_altered_after_the_backup_was_made_fails_its_checksum(good, newcomer):
    altered = rewrite(
        good, change=change_rows("pipeline.Institution", lambda row: {**row, "name": "Elsewhere"}), fix_checksums=False
    )
    assert "does not match its checksum" in refused(altered, newcomer)


def test_a_file_that_does_not_match_its_checksum_is_refused(good, newcomer):
    same_size = rewrite(good, change=lambda name, blob: blob[:-1] + b"X" if name.startswith("files/") else blob)
    assert "does not match its checksum" in refused(same_size, newcomer)


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/passwd", "files/../../evil", "C:\\evil", "files/a\\..\\b", "a\x01b"]
)
def test_an_entry_whose_name_points_outside_the_backup_is_refused(good, newcomer, name):
    assert "points outside the backup" in refused(rewrite(good, add={name: b"x"}), newcomer)


def test_an_entry_the_manifest_does_not_list_is_refused(good, newcomer):
    assert "does not list" in refused(rewrite(good, add={"files/extra.txt": b"x"}), newcomer)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(good, newcomer):
    bomb = rewrite(good, add={"files/bomb.txt": b"\0" * (50 * 1024 * 1024)})
    assert "zip bomb" in refused(bomb, newcomer)


def test_a_backup_larger_than_the_limit_unpacked_is_refused(good, newcomer, settings):
    settings.TRANSFER_MAX_UNPACKED_BYTES = 1000
    assert "Unpacked, the backup is" in refused(good, newcomer)


def test_a_file_larger_than_the_upload_limit_is_refused(good, newcomer, settings):
    settings.MATERIALS_MAX_UPLOAD_BYTES = 10
    assert "the limit is" in refused(good, newcomer)


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(owner, newcomer):
    make_document(owner)
    version = DocumentVersion.objects.get(owner=owner)
    fake = b"MZ not a pdf at all"
    digest = hashlib.sha256(fake).hexdigest()
    version.file.save("x.pdf", io.BytesIO(fake), save=False)
    DocumentVersion.objects.filter(pk=version.pk).update(file=version.file.name, sha256=digest, size=len(fake))
    message = refused(make_backup(owner), newcomer)
    assert "was refused" in message and "not a PDF" in message


def test_a_reference_to_a_row_the_backup_does_not_hold_is_refused(good, newcomer):
    altered = rewrite(good, change=change_rows("pipeline.Position", lambda row: {**row, "institution": 999999}))
    message = refused(altered, newcomer)
    assert "refers to a institution (#999999)" in message and "line 2 of data/pipeline.Position.json" in message


def test_a_value_that_breaks_its_fields_rules_is_refused_with_its_line(good, newcomer):
    altered = rewrite(
        good, change=change_rows("pipeline.Institution", lambda row: {**row, "kind": "castle", "name": ""})
    )
    message = refused(altered, newcomer)
    assert "line 2 of data/pipeline.Institution.json" in message and "castle" in message and "name" in message


def test_a_value_of_the_wrong_type_is_refused(good, newcomer):
    altered = rewrite(good, change=change_rows("pipeline.Position", lambda row: {**row, "deadline_date": "soon"}))
    assert "deadline_date is not a valid date" in refused(altered, newcomer)


def test_a_repeated_id_is_refused(good, newcomer):
    def twice(name, blob):
        if name != "data/pipeline.Tag.json":
            return blob
        return tags_document(("a", 1), ("b", 1))

    assert "repeats the id 1" in refused(rewrite(good, change=twice), newcomer)


def test_a_row_count_that_differs_from_the_manifest_is_refused(good, newcomer):
    def miscount(manifest):
        for item in manifest["models"]:
            if item["model"] == "pipeline.Institution":
                item["rows"] += 1

    assert "its manifest says" in refused(rewrite(good, manifest=miscount), newcomer)


def test_a_document_cut_short_is_refused(good, newcomer):
    cut = rewrite(good, change=lambda name, blob: blob.replace(b"\n]}\n", b"") if "Institution" in name else blob)
    assert "ends too early" in refused(cut, newcomer)


def test_a_restore_that_fails_while_writing_writes_nothing_and_deletes_its_files(owner, newcomer):
    make_application(owner)
    make_document(owner)
    good = make_backup(owner)
    # Two tags that differ only in case pass every check but break the database's unique rule on writing.
    twins = rewrite(
        good,
        change=lambda name, blob: tags_document(("ML", 1), ("ml", 2)) if name == "data/pipeline.Tag.json" else blob,
    )
    inspection.inspect(io.BytesIO(twins))
    assert "breaks a rule of this database" in refused(twins, newcomer)


def test_an_account_that_holds_data_is_not_restored_into(good, owner):
    assert Institution.objects.filter(owner=owner).exists()
    assert "already holds 1 institution" in refused(good, owner)


def test_the_manifest_must_be_json(good, newcomer):
    broken = rewrite(good)
    source = zipfile.ZipFile(io.BytesIO(broken))
    entries = {name: source.read(name) for name in source.namelist()}
    entries["manifest.json"] = b"{not json"
    assert "not valid JSON" in refused(_zip(entries), newcomer)
    entries["manifest.json"] = json.dumps([1, 2]).encode()
    assert "not a JSON object" in refused(_zip(entries), newcomer)
