"""One form for institution, posting and application; a pasted link fills in the institution and the portal."""

from django.urls import reverse

from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Application, Institution, Position, Season
from tests.factories import InstitutionFactory

CREATE = reverse("pipeline:position_create")


def posting(owner, **changes):
    season = Season.objects.for_user(owner).first()
    data = {
        "title": "Assistant Professor",
        "kind": "tenure_track",
        "season": season.pk,
        "deadline_date": "2026-12-15",
        "deadline_tz": "America/New_York",
        "letters_required": "3",
        "start_application": "on",
    }
    return {**data, **changes}


def test_a_new_institution_posting_and_application_are_made_in_one_step(owner_client, owner):
    response = owner_client.post(
        CREATE,
        posting(
            owner,
            new_institution="Université de Montréal",
            new_department="DIRO",
            posting_url="https://jobs.umontreal.ca/posting/123",
        ),
    )

    institution = Institution.objects.get(owner=owner)
    assert (institution.name, institution.department) == ("Université de Montréal", "DIRO")
    assert institution.website == "https://jobs.umontreal.ca/"
    application = Application.objects.get(owner=owner)
    assert application.position.institution == institution
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()


def test_naming_an_institution_already_in_the_list_reuses_it(owner_client, owner):
    eth = InstitutionFactory(owner=owner, name="ETH Zurich", department="")

    owner_client.post(CREATE, posting(owner, new_institution="eth zurich"))

    assert Institution.objects.filter(owner=owner).count() == 1
    assert Position.objects.get(owner=owner).institution == eth


def test_an_industry_posting_makes_an_industry_lab(owner_client, owner):
    owner_client.post(CREATE, posting(owner, new_institution="Google DeepMind", kind="research_scientist"))

    lab = Institution.objects.get(owner=owner)
    assert lab.kind == Institution.Kind.INDUSTRY_LAB
    assert Application.objects.get(owner=owner).track == "industry"


def test_neither_or_both_institutions_is_a_clear_error_and_saves_nothing(owner_client, owner):
    eth = InstitutionFactory(owner=owner, name="ETH Zurich")

    neither = owner_client.post(CREATE, posting(owner))
    both = owner_client.post(CREATE, posting(owner, institution=eth.pk, new_institution="MIT"))

    assert neither.status_code == both.status_code == 400
    assert "Choose an institution, or name a new one" in neither.content.decode()
    assert "not both" in both.content.decode()
    assert not Position.objects.exists() and Institution.objects.count() == 1


def test_another_users_institution_cannot_be_chosen(owner_client, owner, outsider):
    theirs = InstitutionFactory(owner=outsider)

    response = owner_client.post(CREATE, posting(owner, institution=theirs.pk))

    assert response.status_code == 400 and not Position.objects.exists()


def test_a_pasted_link_finds_the_institution_by_its_website_and_the_portal_by_its_host(owner_client, owner):
    cmu = InstitutionFactory(owner=owner, name="Carnegie Mellon University", website="https://www.cmu.edu")
    InstitutionFactory(owner=owner, name="ETH Zurich", website="https://ethz.ch/")

    response = owner_client.get(reverse("front:application_start"), {"url": "https://csd.cmu.edu/jobs/faculty"})

    assert response.status_code == 302
    form = owner_client.get(response["Location"]).content.decode()
    assert f'<option value="{cmu.pk}" selected>' in form
    assert 'value="https://csd.cmu.edu/jobs/faculty"' in form
    assert "Institution: Carnegie Mellon University (" in form  # with its department


def test_a_contacts_homepage_points_at_their_institution(owner_client, owner):
    toronto = InstitutionFactory(owner=owner, name="University of Toronto")
    Contact.objects.create(
        owner=owner, name="Dr. Lee", institution=toronto, homepage="https://www.cs.toronto.edu/~lee/"
    )

    response = owner_client.get(reverse("front:application_start"), {"url": "https://web.cs.toronto.edu/careers"})

    assert f"institution={toronto.pk}" in response["Location"]


def test_a_job_board_link_names_the_portal_but_no_institution(owner_client, owner):
    InstitutionFactory(owner=owner, name="Anywhere", website="https://academicjobsonline.org/")

    response = owner_client.get(
        reverse("front:application_start"), {"url": "https://academicjobsonline.org/ajo/jobs/12345"}
    )

    assert "institution=" not in response["Location"]
    form = owner_client.get(response["Location"]).content.decode()
    assert '<option value="ajo" selected>' in form and "Portal: AcademicJobsOnline." in form


def test_something_that_is_not_a_link_says_so(owner_client, owner):
    for value in ("", "not a link", "javascript:alert(1)", "ftp://example.org/x", "https://"):
        response = owner_client.get(reverse("front:application_start"), {"url": value})
        page = owner_client.get(response["Location"]).content.decode()
        assert "That is not a web address" in page, value


def test_another_users_institutions_are_never_guessed(owner_client, owner, outsider):
    InstitutionFactory(owner=outsider, name="Secret", website="https://secret.example.org/")

    response = owner_client.get(reverse("front:application_start"), {"url": "https://secret.example.org/job"})

    assert "institution=" not in response["Location"]
