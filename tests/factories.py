import datetime as dt

import factory
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.pipeline import services
from jobtracker.pipeline.models import Institution, Position, Season, Stage

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"candidate{n}@example.edu")
    full_name = factory.Faker("name")
    time_zone = "Europe/Berlin"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    owner = factory.SubFactory(UserFactory)
    name = factory.Iterator(["Carnegie Mellon University", "ETH Zurich", "University of Toronto", "Google DeepMind"])
    department = factory.Sequence(lambda n: f"Department {n}")
    kind = Institution.Kind.RESEARCH_UNIVERSITY
    country = "United States"
    region = Institution.Region.NORTH_AMERICA
    priority = 2


def season_for(owner, start_year=None):
    start_year = start_year or Season.start_year_for(timezone.localdate())
    return Season.objects.get_or_create(owner=owner, start_year=start_year)[0]


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    owner = factory.SubFactory(UserFactory)
    institution = factory.LazyAttribute(lambda o: InstitutionFactory(owner=o.owner))
    season = factory.LazyAttribute(lambda o: season_for(o.owner))
    title = "Assistant Professor"
    kind = Position.Kind.TENURE_TRACK
    deadline_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    deadline_time = dt.time(23, 59)
    deadline_tz = "America/Los_Angeles"


def make_application(owner, stage_name=None, **position_kwargs):
    """An application through the real service, optionally moved on to a named stage."""
    position = PositionFactory(owner=owner, **position_kwargs)
    application = services.create_application(owner=owner, position=position, track=position.default_track)
    if stage_name:
        stage = Stage.objects.get(owner=owner, track=application.track, name=stage_name)
        services.move_application(application=application, to_stage=stage)
    return application


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name="statement.pdf", content=PDF_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_document(owner, kind="research_statement", title="Research statement", label="v1"):
    from jobtracker.materials import services as materials_services

    return materials_services.create_document(
        owner=owner, kind=kind, title=title, notes="", upload=pdf_upload(), label=label
    )


def make_writer(owner, name="Prof. Ada Lovelace", **fields):
    from jobtracker.network.models import Contact

    return Contact.objects.create(owner=owner, name=name, writes_letters=True, **fields)
