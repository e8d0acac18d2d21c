"""The project's named URLs and, for an owner, one object of every kind a URL can take.

Shared by the access and CSRF tests, which are generated from the URL configuration so that a
new URL cannot escape them.
"""

import datetime as dt

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jobtracker.materials import services as materials_services
from jobtracker.materials.models import LetterRequest, Requirement, RequirementSet, RequirementSetItem
from jobtracker.network.models import ApplicationContact, ContactImport, Interaction
from jobtracker.pipeline.models import Stage
from jobtracker.reminders import feeds
from jobtracker.reminders.emails import unsubscribe_token
from jobtracker.reminders.models import Delivery
from jobtracker.reports import options as report_options
from jobtracker.reports import services as report_services
from jobtracker.reports.models import ReportFile
from tests.factories import InstitutionFactory, make_application, make_document, make_writer
from tests.factories import season_for as owner_season
from tests.interviews.factories import interview_objects
from tests.offers.factories import offer_objects
from tests.transfer.objects import transfer_objects


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin has its own staff-only checks and forms
            child = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, child)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


ALL_URLS = dict(_walk(get_resolver().url_patterns))


def takes_object(name: str) -> bool:
    return "pk" in ALL_URLS[name].pattern.regex.groupindex


def owned_objects(owner, institution_name="Owner-Only Institute of Technology") -> dict:
    """One of each object, keyed by the first word of the URL names that take it."""
    application = make_application(owner, institution=InstitutionFactory(owner=owner, name=institution_name))
    document = make_document(owner)
    version = document.versions.get()
    requirement = Requirement.objects.create(owner=owner, position=application.position, kind="research_statement")
    materials_services.attach(application=application, requirement=requirement, version=version)
    writer = make_writer(owner)
    letter = LetterRequest.objects.create(owner=owner, application=application, writer=writer)
    return {
        "institution": application.position.institution,
        "position": application.position,
        "application": application,
        "stage": Stage.objects.filter(owner=owner).exclude(pk=application.stage_id).last(),
        "document": document,
        "version": version,
        "requirement": requirement,
        **requirement_set_objects(owner),
        "writer": writer,
        "letter": letter,
        **network_objects(owner, application, writer),
        **interview_objects(owner, application),
        **offer_objects(owner, application),
        **report_objects(owner),
        **transfer_objects(owner),
        "calendar_feed_token": feeds.make_feed(user=owner)[1],
        "delivery": Delivery.objects.create(
            owner=owner,
            kind="deadline",
            object_id=application.position_id,
            lead=1,
            due_at=timezone.now(),
            send_at=timezone.now(),
            status=Delivery.Status.FAILED,
        ),
    }


def requirement_set_objects(owner) -> dict:
    requirement_set = RequirementSet.objects.create(owner=owner, name="Faculty, US", letters=3)
    item = RequirementSetItem.objects.create(owner=owner, requirement_set=requirement_set, kind="cv")
    return {"requirementset": requirement_set, "setitem": item}


def report_objects(owner) -> dict:
    season = owner_season(owner)
    link, token = report_services.create_share_link(
        user=owner,
        options=report_options.from_values(season=season, tracks=None, sections=None),
        label="",
        expires_in_days=None,
    )
    report_file = ReportFile.objects.create(
        owner=owner, kind="pdf", filename="report.pdf", status="done", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    report_file.file.save("report.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"share": link, "share_token": token, "file": report_file}


def network_objects(owner, application, contact) -> dict:
    contact_import = ContactImport(owner=owner, original_name="people.csv", format="generic", columns=["name"])
    contact_import.file.save("people.csv", ContentFile(b"name\nAda Lovelace\n"), save=False)
    contact_import.mapping = {"name": 0}
    contact_import.save()
    return {
        "contact": contact,
        "interaction": Interaction.objects.create(
            owner=owner,
            contact=contact,
            happened_on="2026-11-01",
            summary="Coffee at NeurIPS",
            follow_up_on="2026-11-20",
        ),
        "link": ApplicationContact.objects.create(owner=owner, application=application, contact=contact),
        "import": contact_import,
    }


def url_for(name: str, owner, owned: dict, direction: str = "down") -> str:
    kwargs = {}
    for kwarg in ALL_URLS[name].pattern.regex.groupindex:
        if kwarg == "pk":
            prefix = name.split(":")[-1].split("_")[0]
            assert prefix in owned, f"{name}: add the object this URL takes to tests/url_helpers.owned_objects"
            kwargs["pk"] = owned[prefix].pk
        elif kwarg == "direction":
            kwargs["direction"] = direction
        elif kwarg == "uidb64":
            kwargs["uidb64"] = urlsafe_base64_encode(force_bytes(owner.pk))
        elif kwarg == "token" and name.startswith("reports:shared"):
            kwargs["token"] = owned["share_token"]
        elif kwarg == "token" and name == "front:calendar_feed":
            kwargs["token"] = owned["calendar_feed_token"]
        elif kwarg == "token" and name == "reminders:unsubscribe":
            kwargs["token"] = unsubscribe_token(user_id=owned["delivery"].owner_id, kind="deadline")
        elif kwarg == "token":
            kwargs["token"] = default_token_generator.make_token(owner)
        else:
            raise AssertionError(f"{name}: teach tests/url_helpers.url_for a value for '{kwarg}'")
    return reverse(name, kwargs=kwargs)
