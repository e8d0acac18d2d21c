import datetime as dt
from pathlib import Path

from django.utils import timezone

from jobtracker.materials import selectors, services
from jobtracker.materials.models import Document, DocumentVersion, Requirement, Submission
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Stage
from tests.factories import InstitutionFactory, make_application, make_document, pdf_upload


def new_version(document, label):
    return services.add_version(document=document, upload=pdf_upload(), label=label)


def requirement(application, kind="research_statement", **fields):
    return Requirement.objects.create(owner=application.owner, position=application.position, kind=kind, **fields)


def submit(application):
    stage = Stage.objects.get(owner=application.owner, track=application.track, marks_submission=True)
    pipeline_services.move_application(application=application, to_stage=stage)
    application.refresh_from_db()


class TestVersions:
    def test_the_newest_version_is_current_unless_another_is_pinned(self, owner_client, owner):
        document = make_document(owner)
        v1 = document.versions.get()
        v2 = new_version(document, "v2, shortened")
        fetched = selectors.library(user=owner).get()
        assert selectors.current_version(fetched) == v2
        owner_client.post(
            f"/materials/{document.pk}/edit/", {"kind": document.kind, "title": document.title, "pinned_version": v1.pk}
        )
        fetched = selectors.library(user=owner).get()
        assert selectors.current_version(fetched) == v1
        assert "pinned" in owner_client.get("/materials/").content.decode()

    def test_the_versions_table_compares_their_metadata(self, owner_client, owner):
        document = make_document(owner)
        new_version(document, "v2, for liberal-arts colleges")
        body = owner_client.get(document.get_absolute_url()).content.decode()
        assert "v1" in body and "v2, for liberal-arts colleges" in body
        assert body.count("statement.pdf") == 2 and "Checksum" in body

    def test_deleting_an_unsent_version_removes_the_row_and_the_file(self, owner_client, owner, settings):
        document = make_document(owner)
        version = new_version(document, "v2")
        path = Path(version.file.path)
        assert owner_client.post(f"/materials/versions/{version.pk}/delete/").status_code == 302
        assert not DocumentVersion.objects.filter(pk=version.pk).exists() and not path.exists()

    def test_deleting_a_sent_version_asks_first_and_keeps_the_record(self, owner_client, owner):
        application = make_application(owner)
        version = make_document(owner).versions.get()
        services.attach(application=application, requirement=requirement(application), version=version)
        path = Path(version.file.path)
        confirm = owner_client.get(f"/materials/versions/{version.pk}/delete/").content.decode()
        assert "was sent with 1 application" in confirm
        owner_client.post(f"/materials/versions/{version.pk}/delete/")
        version.refresh_from_db()
        assert version.file_deleted_at is not None and not path.exists()
        assert Submission.objects.get().version == version
        assert owner_client.get(f"/materials/versions/{version.pk}/download/").status_code == 404
        checklist = owner_client.get(f"/applications/{application.pk}/checklist/").content.decode()
        assert "v1 (file deleted)" in checklist

    def test_deleting_a_document_with_sent_versions_archives_it(self, owner_client, owner):
        application = make_application(owner)
        document = make_document(owner)
        services.attach(application=application, requirement=requirement(application), version=document.versions.get())
        owner_client.post(f"/materials/{document.pk}/delete/")
        document.refresh_from_db()
        assert document.archived_at is not None
        link = f'href="{document.get_absolute_url()}"'
        assert link not in owner_client.get("/materials/").content.decode()
        assert link in owner_client.get("/materials/?archived=1").content.decode()

    def test_deleting_an_unused_document_removes_it(self, owner_client, owner):
        document = make_document(owner)
        owner_client.post(f"/materials/{document.pk}/delete/")
        assert not Document.objects.exists()


class TestChecklist:
    def test_progress_counts_materials_and_letters(self, owner_client, owner):
        application = make_application(owner, letters_required=2)
        requirement(application, page_limit=3, note="one column")
        requirement(application, kind="cv")
        version = make_document(owner).versions.get()
        rows = selectors.checklist(application=application)
        response = owner_client.post(
            f"/applications/{application.pk}/checklist/", {f"requirement_{rows[0].requirement.pk}": version.pk}
        )
        assert response.status_code == 302
        body = owner_client.get(application.get_absolute_url()).content.decode()
        assert "1 of 4" in body
        assert "1 of 4" in owner_client.get("/applications/").content.decode()
        assert "1 of 4" in owner_client.get("/").content.decode()

    def test_a_requirement_reads_like_the_posting(self, owner):
        application = make_application(owner)
        assert str(requirement(application, page_limit=3, note="single spaced")) == (
            "Research statement, max 3 pages (single spaced)"
        )

    def test_clearing_a_row_removes_what_was_attached(self, owner_client, owner):
        application = make_application(owner)
        req = requirement(application)
        services.attach(application=application, requirement=req, version=make_document(owner).versions.get())
        owner_client.post(f"/applications/{application.pk}/checklist/", {f"requirement_{req.pk}": ""})
        assert not Submission.objects.exists()

    def test_another_users_version_cannot_be_attached(self, owner_client, owner, outsider):
        application = make_application(owner)
        req = requirement(application)
        foreign = make_document(outsider).versions.get()
        response = owner_client.post(
            f"/applications/{application.pk}/checklist/", {f"requirement_{req.pk}": foreign.pk}
        )
        assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
        assert not Submission.objects.exists()

    def test_where_it_went_in_both_directions(self, owner_client, owner):
        cmu = make_application(owner, institution=InstitutionFactory(owner=owner, name="Carnegie Mellon University"))
        eth = make_application(owner, institution=InstitutionFactory(owner=owner, name="ETH Zurich"))
        version = make_document(owner).versions.get()
        for application in (cmu, eth):
            services.attach(application=application, requirement=requirement(application), version=version)
        went = owner_client.get(version.get_absolute_url()).content.decode()
        assert "Carnegie Mellon University" in went and "ETH Zurich" in went
        received = owner_client.get(f"/applications/{cmu.pk}/checklist/").content.decode()
        assert f'<option value="{version.pk}" selected>Research statement: v1</option>' in received


class TestSwitchingToANewVersion:
    def test_pending_applications_switch_in_one_step_and_submitted_ones_keep_their_record(self, owner_client, owner):
        document = make_document(owner)
        old = document.versions.get()
        pending = make_application(owner, institution=InstitutionFactory(owner=owner, name="Pending University"))
        sent = make_application(owner, institution=InstitutionFactory(owner=owner, name="Sent University"))
        for application in (pending, sent):
            services.attach(application=application, requirement=requirement(application), version=old)
        submit(sent)
        new = new_version(document, "v2, tighter")
        page = owner_client.get(new.get_absolute_url()).content.decode()
        assert "Pending University" in page.split("Where it went")[0]
        assert "Sent University" not in page.split("Where it went")[0]
        stale = Submission.objects.get(application=pending)
        response = owner_client.post(f"/materials/versions/{new.pk}/switch/", {"submission": [stale.pk]})
        assert response.status_code == 302
        assert Submission.objects.get(application=pending).version == new
        assert Submission.objects.get(application=sent).version == old

    def test_uploading_a_new_version_points_the_user_at_stale_applications(self, owner_client, owner):
        document = make_document(owner)
        application = make_application(owner)
        services.attach(application=application, requirement=requirement(application), version=document.versions.get())
        response = owner_client.post(
            f"/materials/{document.pk}/upload/", {"label": "v2", "file": pdf_upload("v2.pdf")}, follow=True
        )
        assert "1 pending application(s) still point at an older version" in response.content.decode()
        assert "Switch the ticked applications" in response.content.decode()

    def test_switching_ignores_foreign_or_odd_ids(self, owner_client, owner, outsider):
        document = make_document(owner)
        foreign_app = make_application(outsider)
        foreign_version = make_document(outsider).versions.get()
        services.attach(application=foreign_app, requirement=requirement(foreign_app), version=foreign_version)
        new = new_version(document, "v2")
        foreign = Submission.objects.get()
        owner_client.post(f"/materials/versions/{new.pk}/switch/", {"submission": [foreign.pk, "²", "9" * 30]})
        assert Submission.objects.get().version == foreign_version


def test_submission_timestamps_are_kept(owner):
    application = make_application(owner)
    services.attach(
        application=application, requirement=requirement(application), version=make_document(owner).versions.get()
    )
    assert abs(Submission.objects.get().created_at - timezone.now()) < dt.timedelta(seconds=5)
