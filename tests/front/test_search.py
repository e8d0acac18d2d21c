"""The search over everything (/search/): what it finds and by which text, how words match, what it refuses
calmly, whose rows it shows, what the htmx answer holds, what it costs in queries, and on PostgreSQL the
trigram indexes that keep it fast."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse

from jobtracker.core import text_search
from jobtracker.core.shortcuts import PAGE_SIZE
from jobtracker.front import search
from jobtracker.materials import services as materials_services
from jobtracker.network.models import Contact, Interaction
from jobtracker.pipeline.models import Institution
from tests.factories import (
    InstitutionFactory,
    PositionFactory,
    UserFactory,
    make_application,
    make_document,
    pdf_upload,
)

SEARCH = reverse("front:search")
HTMX = {"HTTP_HX_REQUEST": "true"}

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: trigram indexes and unaccent exist there (run with DATABASE_URL=postgres://...)",
)


def found(client, q: str, **params) -> dict[str, list[str]]:
    """{kind key: [the text of each result link]} as the page shows them."""
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    if "groups" in response.context:
        shown = {group.kind.key: [str(row.pk) for row in group.rows] for group in response.context["groups"]}
    elif "page" in response.context:
        shown = {response.context["kind"].key: [str(row.pk) for row in response.context["page"].object_list]}
    else:
        shown = {}
    return {key: pks for key, pks in shown.items() if pks}


def names(client, q: str, kind: str) -> list[str]:
    """The linked text of each result of one kind, in order."""
    html = client.get(SEARCH, {"q": q, "kind": kind}).content.decode()
    return [unescape(text) for text in re.findall(r"<a href=\"[^\"]*\" data-search-result>([^<]*)</a>", html)]


def contact(owner, name="Ada Wang", **fields):
    return Contact.objects.create(owner=owner, name=name, **fields)


def interaction(owner, who, summary):
    return Interaction.objects.create(owner=owner, contact=who, happened_on=dt.date(2026, 11, 2), summary=summary)


# Every kind, by each of its searched fields


INSTITUTION_FIELDS = {
    "name": "Karolinska Institutet",
    "department": "Neuroinformatics",
    "city": "Solna",
    "country": "Sweden",
    "fit_notes": "strong in computational neuroscience",
}


@pytest.mark.parametrize("field", INSTITUTION_FIELDS)
def test_an_institution_is_found_by_each_of_its_searched_fields(owner_client, owner, field):
    target = InstitutionFactory(owner=owner, **INSTITUTION_FIELDS)
    InstitutionFactory(owner=owner, name="Unrelated College", department="Physics", city="", country="")

    word = INSTITUTION_FIELDS[field].split()[-1]
    assert found(owner_client, word) == {"institutions": [str(target.pk)]}


@pytest.mark.parametrize(
    "field, value",
    [("title", "Quantum Robotics Lecturer"), ("field", "Bioacoustics"), ("notes", "hiring two in photonics")],
)
def test_a_posting_is_found_by_each_of_its_searched_fields(owner_client, owner, field, value):
    posting = PositionFactory(owner=owner, **{field: value})
    PositionFactory(owner=owner, title="Assistant Professor")

    assert found(owner_client, value.split()[-1])["postings"] == [str(posting.pk)]


def test_a_posting_is_found_by_its_institutions_name(owner_client, owner):
    posting = PositionFactory(owner=owner, institution=InstitutionFactory(owner=owner, name="Universität Zürich"))
    PositionFactory(owner=owner, institution=InstitutionFactory(owner=owner, name="University of Toronto"))

    assert found(owner_client, "Universität")["postings"] == [str(posting.pk)]


def test_an_application_is_found_by_its_notes(owner_client, owner):
    application = make_application(owner)
    application.notes = "Asked Prof. Okonkwo about the teaching load"
    application.save()
    make_application(owner)

    assert found(owner_client, "okonkwo") == {"applications": [str(application.pk)]}


def test_an_application_is_found_by_its_institution_and_its_postings_title(owner_client, owner):
    cmu = make_application(owner, institution=InstitutionFactory(owner=owner, name="Carnegie Mellon University"))
    lab = make_application(
        owner, institution=InstitutionFactory(owner=owner, name="Sakana AI"), title="Research Scientist"
    )

    assert found(owner_client, "carnegie")["applications"] == [str(cmu.pk)]
    assert found(owner_client, "research scientist")["applications"] == [str(lab.pk)]


CONTACT_FIELDS = {
    "name": "Mei-Ling Vasquez",
    "other_names": "Meiling Vasques\nM. L. Vásquez",
    "email": "mlv@kth.example.edu",
    "affiliation": "Royal Institute of Technology",
    "department": "Speech and Music",
    "how_we_met": "poster session at Interspeech",
    "notes": "knows the hiring chair",
}


@pytest.mark.parametrize("field", CONTACT_FIELDS)
def test_a_contact_is_found_by_each_of_its_searched_fields(owner_client, owner, field):
    target = contact(owner, **{"name": "Someone", field: CONTACT_FIELDS[field]})
    contact(owner, name="Jane Doe")

    word = {"name": "vasquez", "other_names": "vasques", "email": "kth.example", "affiliation": "royal"}.get(
        field, CONTACT_FIELDS[field].split()[-1]
    )
    assert found(owner_client, word) == {"contacts": [str(target.pk)]}


def test_a_contact_is_found_by_its_institutions_name(owner_client, owner):
    eth = InstitutionFactory(owner=owner, name="ETH Zurich", department="Computer Science")
    colleague = contact(owner, name="Hugo Brunner", institution=eth)
    contact(owner, name="Jane Doe")

    assert found(owner_client, "eth")["contacts"] == [str(colleague.pk)]
    # One word on the contact, one on its institution: both must match, each may match either.
    assert found(owner_client, "hugo zurich")["contacts"] == [str(colleague.pk)]
    assert "contacts" not in found(owner_client, "jane zurich")


def test_a_document_is_found_by_its_title_notes_and_a_versions_label_or_notes(owner_client, owner):
    document = make_document(owner, title="Teaching statement", label="v1")
    document.notes = "for liberal-arts colleges"
    document.save()
    materials_services.add_version(document=document, upload=pdf_upload(), label="v2 shortened for Oberlin")
    version = document.versions.get(label="v1")
    version.notes = "the one Dr. Kowalczyk read"
    version.save()
    make_document(owner, title="Research statement")

    for word in ("teaching", "liberal-arts", "oberlin", "kowalczyk"):
        assert found(owner_client, word) == {"documents": [str(document.pk)]}, word


def test_an_interaction_is_found_by_its_summary(owner_client, owner):
    who = contact(owner)
    talk = interaction(owner, who, "Coffee chat about the Zanzibar project")
    interaction(owner, who, "Thank-you note")

    assert found(owner_client, "zanzibar") == {"interactions": [str(talk.pk)]}


def test_each_kind_links_to_its_own_page(owner_client, owner):
    eth = InstitutionFactory(owner=owner, name="Xylo Institute", fit_notes="")
    application = make_application(owner, institution=eth, title="Xylo Fellow")
    application.notes = "xylo"
    application.save()
    who = contact(owner, name="Xylo Person")
    talk = interaction(owner, who, "xylo call")
    document = make_document(owner, title="Xylo statement")

    html = owner_client.get(SEARCH, {"q": "xylo"}).content.decode()

    for url in (
        eth.get_absolute_url(),
        application.position.get_absolute_url(),
        application.get_absolute_url(),
        who.get_absolute_url(),
        talk.get_absolute_url(),
        document.get_absolute_url(),
    ):
        assert f'href="{url}" data-search-result' in html


# How words match


def test_every_word_must_match(owner_client, owner):
    both = contact(owner, name="Ada Wang", notes="robotics")
    contact(owner, name="Ada Lovelace", notes="robotics")
    contact(owner, name="Li Wang", notes="vision")

    assert found(owner_client, "wang robotics") == {"contacts": [str(both.pk)]}
    assert found(owner_client, "ada wang") == {"contacts": [str(both.pk)]}
    assert found(owner_client, "ada wang nowhere") == {}


def test_the_same_word_twice_counts_once_and_order_does_not_matter(owner_client, owner):
    ada = contact(owner, name="Ada Wang")

    assert found(owner_client, "wang ada wang") == {"contacts": [str(ada.pk)]}


def test_capitals_do_not_matter(owner_client, owner):
    ada = contact(owner, name="Ada McWang")

    assert found(owner_client, "MCWANG")["contacts"] == [str(ada.pk)]
    assert found(owner_client, "mcwang")["contacts"] == [str(ada.pk)]


def test_capitals_of_accented_letters_in_the_query_do_not_matter(owner_client, owner):
    uzh = InstitutionFactory(owner=owner, name="Universität Zürich")

    assert found(owner_client, "ZÜRICH")["institutions"] == [str(uzh.pk)]


def test_a_german_sharp_s_finds_itself(owner_client, owner):
    street = contact(owner, name="Jana Großmann")

    assert found(owner_client, "Großmann")["contacts"] == [str(street.pk)]
    assert found(owner_client, "GROßMANN")["contacts"] == [str(street.pk)]


@postgresql_only
def test_accents_do_not_matter_on_postgresql(owner_client, owner):
    uzh = InstitutionFactory(owner=owner, name="Universität Zürich")
    vasquez = contact(owner, name="José Vásquez")
    plain = contact(owner, name="Jose Vasquez")
    gross = contact(owner, name="Jana Großmann")

    assert found(owner_client, "Zurich")["institutions"] == [str(uzh.pk)]
    assert found(owner_client, "universitat zurich")["institutions"] == [str(uzh.pk)]
    assert sorted(found(owner_client, "vásquez")["contacts"]) == sorted([str(vasquez.pk), str(plain.pk)])
    assert found(owner_client, "grossmann")["contacts"] == [str(gross.pk)]  # unaccent spells ß as ss
    assert "accents" in owner_client.get(SEARCH).content.decode()


def test_the_page_says_accents_matter_on_sqlite_only_where_they_do(owner_client):
    help_text = owner_client.get(SEARCH).content.decode()
    assert ("capitals and accents do not matter" in help_text) == (connection.vendor == "postgresql")


@pytest.mark.parametrize(
    "literal, other",
    [("100%", "1000 ways"), ("a_b", "axb"), ("c\\d", "cd"), ("%", "anything"), ("__", "ab")],
)
def test_percent_underscore_and_backslash_are_taken_literally(owner_client, owner, literal, other):
    exact = contact(owner, name="Exact", notes=f"note {literal} here")
    contact(owner, name="Other", notes=f"note {other} here")

    q = literal if len(literal) > 1 else f"{literal}{literal}"
    expected = [str(exact.pk)] if q in f"note {literal} here" else []
    assert found(owner_client, q).get("contacts", []) == expected


def test_a_full_width_percent_is_not_a_wildcard(owner_client, owner):
    contact(owner, name="Someone", notes="ab")

    assert found(owner_client, "a％b") == {}
    assert found(owner_client, "a＿b") == {}


def test_the_better_matches_come_first(owner_client, owner):
    contact(owner, name="Anna Schmidt", notes="met Wang at NeurIPS")
    contact(owner, name="Wang Li")
    contact(owner, name="Bo Wangari")

    assert names(owner_client, "wang", "contacts") == ["Bo Wangari", "Wang Li", "Anna Schmidt"]


# Odd input, answered calmly


@pytest.mark.parametrize("q", ["a", " 7 ", "%", "\\"])
def test_a_one_letter_query_asks_for_more_and_searches_nothing(owner_client, owner, q, django_assert_max_num_queries):
    contact(owner, name="a")

    with django_assert_max_num_queries(3):
        response = owner_client.get(SEARCH, {"q": q})

    assert response.status_code == 200
    assert "Type at least two characters." in response.content.decode()
    assert "groups" not in response.context


def test_one_letter_words_are_left_out_of_a_longer_query(owner_client, owner):
    smith = contact(owner, name="John Smith")
    anna = contact(owner, name="Anna Smith")

    assert sorted(found(owner_client, "J Smith")["contacts"]) == sorted([str(smith.pk), str(anna.pk)])
    assert "Type at least two characters." in owner_client.get(SEARCH, {"q": "a b c"}).content.decode()


def test_one_cjk_character_is_a_search(owner_client, owner):
    wang = contact(owner, name="王", other_names="Wang")

    assert found(owner_client, "王") == {"contacts": [str(wang.pk)]}


def test_an_empty_query_shows_the_empty_page(owner_client):
    response = owner_client.get(SEARCH)

    assert response.status_code == 200
    assert "Type a name, a place or a word from your notes." in response.content.decode()


def test_nul_bytes_are_dropped(owner_client, owner):
    ada = contact(owner, name="Ada Wang")

    assert found(owner_client, "wa\x00ng") == {"contacts": [str(ada.pk)]}
    assert owner_client.get(SEARCH, {"q": "\x00"}).status_code == 200
    assert owner_client.get(SEARCH, {"q": "\x00\x00\x00", "kind": "contacts"}).status_code == 200


def test_a_ten_thousand_character_query_is_cut_and_answered(owner_client, owner):
    contact(owner, name="Ada " + "x" * 150)

    response = owner_client.get(SEARCH, {"q": "x" * 10_000})

    assert response.status_code == 200
    assert response.context["query"].text == "x" * text_search.MAX_QUERY_LENGTH
    assert response.context["found"] == 0
    # Ten thousand words of one letter each (and a few of two), too.
    assert owner_client.get(SEARCH, {"q": "ab " * 3_333}).status_code == 200


def test_more_than_eight_words_searches_the_first_eight_and_says_so(owner_client, owner):
    ada = contact(owner, name="one two three four five six seven eight")
    words = "one two three four five six seven eight nine ten"

    response = owner_client.get(SEARCH, {"q": words})

    assert found(owner_client, words) == {"contacts": [str(ada.pk)]}
    assert "Only the first 8 words were searched." in unescape(response.content.decode())
    assert "Only the first" not in owner_client.get(SEARCH, {"q": "one two"}).content.decode()


@pytest.mark.parametrize("kind", ["", "nonsense", "CONTACTS", "contacts\x00", "x" * 500])
def test_an_unknown_kind_shows_every_kind(owner_client, owner, kind):
    ada = contact(owner, name="Ada Wang")

    response = owner_client.get(SEARCH, {"q": "wang", "kind": kind})

    assert response.status_code == 200
    assert [row.pk for row in response.context["groups"][3].rows] == [ada.pk]


@pytest.mark.parametrize("page", ["0", "-1", "999", "x", "1e3", "²"])
def test_an_odd_page_number_shows_a_page(owner_client, owner, page):
    contact(owner, name="Ada Wang")

    response = owner_client.get(SEARCH, {"q": "wang", "kind": "contacts", "page": page})

    assert response.status_code == 200
    assert names(owner_client, "wang", "contacts") == ["Ada Wang"]


# Whose rows


def test_another_users_rows_are_never_found(client, owner, outsider):
    theirs = InstitutionFactory(owner=outsider, name="Secret University")
    secret_contact = contact(outsider, name="Secret Agent", institution=theirs)
    interaction(outsider, secret_contact, "secret meeting")
    theirs_applied = make_application(outsider, institution=theirs, title="Secret Chair")
    theirs_applied.notes = "secret"
    theirs_applied.save()
    make_document(outsider, title="Secret statement", label="secret v1")
    # The owner's contact at an institution of the same name is found; the outsider's institution does not
    # make the owner's rows match.
    mine = contact(owner, name="Open Person")
    client.force_login(owner)

    assert found(client, "secret") == {}
    for kind in search.KINDS_BY_KEY:
        assert found(client, "secret", kind=kind) == {}
    assert found(client, "open") == {"contacts": [str(mine.pk)]}


def test_another_users_institution_or_version_does_not_make_my_rows_match(client, owner, outsider):
    their_eth = InstitutionFactory(owner=outsider, name="Zeta Institute")
    their_document = make_document(outsider, title="Theirs", label="zeta draft")
    mine = contact(owner, name="Mine")
    # Corrupt links across owners cannot happen through the app; the search must still not follow them.
    Contact.objects.filter(pk=mine.pk).update(institution=their_eth)
    my_document = make_document(owner, title="Mine")
    their_document.versions.update(document=my_document)
    client.force_login(owner)

    assert found(client, "zeta") == {}


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(SEARCH, {"q": "wang"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# The pages


def test_the_summary_shows_each_kind_with_its_count_and_a_link_to_all_of_them(owner_client, owner):
    for n in range(search.PREVIEW_SIZE + 3):
        contact(owner, name=f"Wang {n:02}")
    InstitutionFactory(owner=owner, name="Wang Institute")

    response = owner_client.get(SEARCH, {"q": "wang"})
    html = unescape(response.content.decode())

    groups = {group.kind.key: group for group in response.context["groups"]}
    assert (groups["contacts"].total, len(groups["contacts"].rows)) == (search.PREVIEW_SIZE + 3, search.PREVIEW_SIZE)
    assert (groups["institutions"].total, groups["institutions"].has_more) == (1, False)
    assert "Show all 11 contacts" in html
    assert "?q=wang&kind=contacts" in html
    assert "12 results found for “wang”." in html
    assert 'id="search-postings"' not in html  # kinds with nothing found are left out


def test_a_kind_page_paginates(owner_client, owner):
    total = PAGE_SIZE + 2
    for n in range(total):
        contact(owner, name=f"Wang {n:02}")

    first = owner_client.get(SEARCH, {"q": "wang", "kind": "contacts"})
    second = owner_client.get(SEARCH, {"q": "wang", "kind": "contacts", "page": 2})

    per_page = len(first.context["page"].object_list)
    assert first.context["page"].paginator.count == total
    assert (per_page, len(second.context["page"].object_list)) == (PAGE_SIZE, 2)
    assert names(owner_client, "wang", "contacts")[0] == "Wang 00"
    shown = [row.name for row in first.context["page"].object_list] + [
        row.name for row in second.context["page"].object_list
    ]
    assert shown == [f"Wang {n:02}" for n in range(total)]
    html = unescape(first.content.decode())
    assert f"{total} contacts found for “wang”." in html
    assert "page=2" in html
    assert "Back to every kind" in html


def test_the_htmx_request_gets_the_results_alone_with_the_status_out_of_band(owner_client, owner):
    contact(owner, name="Ada Wang")

    response = owner_client.get(SEARCH, {"q": "wang"}, **HTMX)
    html = unescape(response.content.decode())

    assert response.status_code == 200
    assert "<html" not in html and "<nav" not in html and 'id="search-page-q"' not in html
    assert '<span id="search-status" hx-swap-oob="innerHTML">1 result found for “wang”.' in html
    assert "Ada Wang" in html
    assert "HX-Request" in response["Vary"]


def test_the_htmx_request_for_nothing_still_updates_the_status(owner_client):
    html = owner_client.get(SEARCH, {"q": "w"}, **HTMX).content.decode()

    assert 'hx-swap-oob="innerHTML">Type at least two characters.' in html


def test_a_history_restore_gets_the_whole_page(owner_client, owner):
    contact(owner, name="Ada Wang")

    response = owner_client.get(SEARCH, {"q": "wang"}, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert "<html" in response.content.decode()
    assert "hx-swap-oob" not in response.content.decode()


def test_the_full_page_has_the_field_the_results_and_the_script(owner_client, owner):
    contact(owner, name="Ada Wang")

    html = unescape(owner_client.get(SEARCH, {"q": "wang"}).content.decode())

    assert 'id="search-page-q" name="q" value="wang"' in html
    assert '<p class="text-body-secondary" id="search-status" role="status">1 result found for “wang”.' in html
    assert 'id="search-results"' in html and "Ada Wang" in html
    assert "jobtracker/search.js" in html
    assert "<script>" not in html  # no inline script under the content policy


def test_the_query_is_escaped_in_the_page(owner_client, owner):
    html = owner_client.get(SEARCH, {"q": '<script>alert("x")</script>'}).content.decode()

    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


# What it costs


def fill(user, size):
    for n in range(size):
        eth = InstitutionFactory(owner=user, name=f"Wang University {n}")
        application = make_application(user, institution=eth, title=f"Wang Chair {n}")
        application.notes = "wang"
        application.save()
        person = contact(user, name=f"Wang {n}", institution=eth)
        interaction(user, person, "wang")
        make_document(user, title=f"Wang statement {n}", label="wang")


@pytest.mark.parametrize("size", [1, 12])
def test_the_summary_costs_one_query_per_kind_whatever_the_number_of_rows(
    client, db, size, django_assert_max_num_queries
):
    user = UserFactory()
    fill(user, size)
    client.force_login(user)

    # One per kind; the session and its user; the navigation's count of failed reminders (every page has it).
    with django_assert_max_num_queries(len(search.KINDS) + 3):
        response = client.get(SEARCH, {"q": "wang"})

    assert response.context["found"] == size * len(search.KINDS)


@pytest.mark.parametrize("size", [1, 30])
def test_a_kind_page_costs_the_same_queries_whatever_the_number_of_rows(
    client, db, size, django_assert_max_num_queries
):
    user = UserFactory()
    for n in range(size):
        contact(user, name=f"Wang {n}", institution=InstitutionFactory(owner=user, name=f"Wang University {n}"))
    client.force_login(user)

    for kind in search.KINDS_BY_KEY:
        # The count and the page; the session, its user and the navigation's count of failed reminders.
        with django_assert_max_num_queries(5):
            assert client.get(SEARCH, {"q": "wang", "kind": kind}).status_code == 200


# PostgreSQL: the trigram indexes


TRIGRAM_INDEXES = {
    "institution_search_trgm",
    "institution_name_trgm",
    "position_search_trgm",
    "application_notes_trgm",
    "contact_search_trgm",
    "interaction_summary_trgm",
    "document_search_trgm",
    "version_search_trgm",
}


def index_definitions() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        return dict(cursor.fetchall())


@postgresql_only
def test_the_trigram_indexes_exist_after_migrate(db):
    definitions = index_definitions()

    assert set(definitions) >= TRIGRAM_INDEXES
    for name in TRIGRAM_INDEXES:
        assert "USING gin" in definitions[name] and "gin_trgm_ops" in definitions[name], definitions[name]
        assert "jobtracker_unaccent" in definitions[name]


@postgresql_only
def test_each_index_is_built_on_the_expression_its_kind_searches(db):
    """A field added to a Kind but not to its migration would leave the search scanning: keep them in step."""
    definitions = index_definitions()
    indexed = {
        "institutions": "institution_search_trgm",
        "postings": "position_search_trgm",
        "applications": "application_notes_trgm",
        "contacts": "contact_search_trgm",
        "documents": "document_search_trgm",
        "interactions": "interaction_summary_trgm",
    }
    for key, index in indexed.items():
        kind = search.KINDS_BY_KEY[key]
        columns = [kind.model._meta.get_field(field).column for field in kind.fields]
        # In the kind's order, joined by spaces, as SearchDocument writes them.
        expression = re.sub(r"::text|[()]", "", definitions[index])
        assert " || ' ' || ".join(columns) in expression, (index, expression)


def plan_of(rows) -> str:
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def analyze(*tables):
    """Fresh statistics, and the GIN indexes' pending lists merged as VACUUM would (it cannot run in a test's
    transaction): the planner costs an index by them."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                " JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = %s::regclass AND am.amname = 'gin'",
                [table],
            )


# With a handful of rows the planner rightly reads them all through the owner index; the trigram index pays once
# one user has thousands (the benchmark's account has 23,000 contacts). Such a table, with fresh statistics:


@postgresql_only
def test_a_word_search_on_a_large_institution_table_uses_the_trigram_index(owner):
    Institution.objects.bulk_create(
        Institution(owner=owner, name=f"Institute {n}", department=f"Dept {n}", country="Canada") for n in range(5_000)
    )
    analyze("pipeline_institution")

    plan = plan_of(search.matching(search.KINDS_BY_KEY["institutions"], user=owner, words=("xylophone",)))

    assert "Bitmap Index Scan on institution_search_trgm" in plan, plan
    assert "Seq Scan" not in plan, plan


@postgresql_only
def test_a_contact_search_on_a_large_table_uses_the_contact_and_institution_name_indexes(owner):
    institutions = Institution.objects.bulk_create(
        Institution(owner=owner, name=f"Institute {n}", department=f"Dept {n}") for n in range(5_000)
    )
    Contact.objects.bulk_create(
        Contact(owner=owner, name=f"Person {n}", institution=institutions[n % 5_000], notes="met at a poster")
        for n in range(10_000)
    )
    analyze("pipeline_institution", "network_contact")

    plan = plan_of(search.matching(search.KINDS_BY_KEY["contacts"], user=owner, words=("xylophone",)))

    assert "Bitmap Index Scan on contact_search_trgm" in plan, plan
    assert "Bitmap Index Scan on institution_name_trgm" in plan, plan
    assert "Seq Scan on network_contact" not in plan, plan  # the join may read institutions whole
