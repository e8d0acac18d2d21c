"""The season report as a PDF, read back with pypdf: the figures worked out by hand, every script, the page frame."""

import datetime as dt
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pypdf
import pytest

from jobtracker.materials import services as materials_services
from jobtracker.offers import services as offers_services
from jobtracker.pipeline import services
from jobtracker.pipeline.models import Application, Institution, Position, Stage, StageEvent
from jobtracker.reports import options, season
from jobtracker.reports.pdf import PAPERS, render_pdf
from tests.factories import InstitutionFactory, PositionFactory, make_document, make_writer, season_for

NOW = dt.datetime(2026, 11, 30, 8, 15, tzinfo=ZoneInfo("Europe/Berlin"))
STARTED = dt.date(2026, 9, 1)
NOTE = "Ask about the startup package"


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def stage(owner, name: str) -> Stage:
    return Stage.objects.get(owner=owner, track="faculty", name=name)


def apply(owner, institution: str, *moves: tuple[str, dt.date], deadline=dt.date(2026, 10, 1)) -> Application:
    """A faculty application started on STARTED and moved through the real service on the given days."""
    position = PositionFactory(
        owner=owner,
        season=season_for(owner, 2026),
        institution=InstitutionFactory(owner=owner, name=institution),
        deadline_date=deadline,
    )
    application = services.create_application(owner=owner, position=position, track="faculty", started_at=at(STARTED))
    for name, day in moves:
        services.move_application(application=application, to_stage=stage(owner, name), occurred_at=at(day))
    # As if entered on the day it started: a report lists the applications that existed by its period's end.
    Application.objects.filter(pk=application.pk).update(created_at=at(STARTED))
    return application


@pytest.fixture
def small_season(owner):
    """Four faculty applications, worked out by hand in the tests below."""
    montreal = apply(
        owner,
        "Université de Montréal",
        ("Submitted", dt.date(2026, 9, 15)),
        ("First-round interview", dt.date(2026, 10, 5)),  # answered after 20 days
        ("Campus visit", dt.date(2026, 10, 26)),
        ("Offer", dt.date(2026, 11, 16)),
    )
    services.update_application(application=montreal, data={"notes": NOTE})
    tokyo = apply(
        owner, "東京大学", ("Submitted", dt.date(2026, 9, 20)), ("Rejected", dt.date(2026, 10, 30))
    )  # answered after 40 days
    seoul = apply(owner, "서울대학교", ("Submitted", dt.date(2026, 9, 21)))  # no answer since
    beijing = apply(owner, "北京大学", deadline=dt.date(2026, 12, 10))  # still Interested
    offers_services.create_offer(
        application=montreal,
        received_on=dt.date(2026, 11, 20),
        currency="CAD",
        base_salary=Decimal("120000"),
        sign_on=Decimal("10000"),
        response_deadline_date=dt.date(2026, 12, 15),
        response_deadline_tz="America/Toronto",
    )
    writer = make_writer(owner, name="Łukasz Nowak", email="lukasz.nowak@example.pl")
    for application, due in ((seoul, dt.date(2026, 12, 5)), (beijing, dt.date(2026, 12, 10))):
        materials_services.create_letter_request(application=application, writer=writer, due_date=due, status="asked")
    version = make_document(owner).versions.get()
    for application in (montreal, tokyo):
        requirement = materials_services.add_requirement(
            position=application.position, data={"kind": "research_statement"}
        )
        materials_services.attach(application=application, requirement=requirement, version=version)
    return {"seoul": seoul}


def render(owner, *, private=False, paper="A4", progress=None) -> tuple[bytes, list[str]]:
    chosen = options.from_values(season=season_for(owner, 2026), tracks=None, sections=None, private=private)
    data = render_pdf(season.build(user=owner, options=chosen, now=NOW), paper=paper, progress=progress)
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    return data, pages


def squeezed(text: str) -> str:
    # pypdf decodes the CJK font's two-byte codes a byte at a time (it does not read the embedded encoding CMap),
    # so those glyphs come out with NULs and spaces between them; poppler's pdftotext reads them whole.
    return re.sub(r"[\s\x00]", "", text)


def test_the_figures_worked_out_by_hand_appear_in_the_pdf(owner, small_season):
    _data, pages = render(owner)
    text = " ".join(pages)
    submitted = 3  # Montréal, Tokyo and Seoul; Beijing is still Interested
    percent = lambda n: f"{n / submitted:.0%}"  # noqa: E731
    assert f"Submitted {submitted} (100%)" in text
    for step in ("First round", "Campus visit or onsite", "Offer"):  # only Montréal went further
        assert f"{step} 1 ({percent(1)})" in text
    median = (20 + 40) / 2  # the first answers: Montréal's interview after 20 days, Tokyo's rejection after 40
    assert f"first response: {median:g} days, over 2 answers" in text
    waited = (NOW.date() - small_season["seoul"].submitted_on).days // 7
    assert waited == 10
    assert "Waiting 6 weeks or more without an answer" in text
    assert squeezed(f"Assistant Professor, 서울대학교 21 Sep 2026 {waited} weeks") in squeezed(text)
    assert "Faculty: 4 applications" in text and "Industry: 0 applications" in text
    assert "7 stage changes" in text  # 4 moves for Montréal, 2 for Tokyo, 1 for Seoul


def test_names_in_every_script_are_text_in_the_pdf(owner, small_season):
    _data, pages = render(owner)
    text = " ".join(pages)
    assert "Université de Montréal" in text
    assert "Łukasz Nowak" in text
    for name in ("東京大学", "서울대학교", "北京大学"):
        assert name in squeezed(text)
    assert "Submitted 15 Sep → First-round interview 5 Oct → Campus visit 26 Oct → Offer 16 Nov" in text


def test_every_page_has_its_number_and_the_generation_time_in_the_owners_zone(owner, small_season):
    _data, pages = render(owner)
    assert pages[0].startswith("Season 2026-27 — ")
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Generated 30 Nov 2026, 08:15 Europe/Berlin" in page


def test_each_section_is_there_in_order_and_empty_ones_say_so(owner, small_season):
    _data, pages = render(owner)
    text = " ".join(pages)
    titles = list(options.SECTIONS.values())
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions), titles
    assert "Université de Montréal Assistant Professor Pending 20 Nov 2026" in text
    assert squeezed("v1: sent to 2 places: Université de Montréal, 東京大学") in squeezed(text)
    upcoming = squeezed(text.split("Next 30 days")[1].split("Letters outstanding")[0])
    assert squeezed("Letter from Łukasz Nowak for 서울대학교") in upcoming
    assert squeezed("Assistant Professor at 北京大学 Fri 11 Dec 08:59 CET") in upcoming  # 23:59 in Los Angeles


def test_a_section_without_rows_says_so_in_one_line(owner):
    chosen = options.from_values(season=season_for(owner, 2026), tracks=None, sections=["offers", "letters"])
    data = render_pdf(season.build(user=owner, options=chosen, now=NOW))
    text = " ".join(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "No offers yet." in text and "No letters outstanding." in text
    assert "Applications" not in text


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_the_paper_sets_the_media_box(owner, small_season, paper, size):
    data, _pages = render(owner, paper=paper)
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size
    assert paper in PAPERS


def test_an_unknown_paper_is_refused(owner):
    chosen = options.from_values(season=season_for(owner, 2026), tracks=None, sections=None)
    with pytest.raises(ValueError, match="Unknown paper"):
        render_pdf(season.build(user=owner, options=chosen, now=NOW), paper="A3")


def test_private_notes_and_addresses_appear_only_when_asked_for(owner, small_season):
    _data, pages = render(owner, private=False)
    text = " ".join(pages)
    assert NOTE not in text and "lukasz.nowak@example.pl" not in text and "sign-on" not in text
    _data, pages = render(owner, private=True)
    text = " ".join(pages)
    assert f"Note: {NOTE}" in text and "lukasz.nowak@example.pl" in text and "sign-on CAD 10,000" in text


def test_long_text_wraps_and_an_endless_note_is_shortened_to_fit_a_page(owner):
    long_name = "国立研究開発法人" * 25  # 200 wide characters, the most an institution name holds
    application = apply(owner, long_name, ("Submitted", dt.date(2026, 9, 15)))
    services.update_application(application=application, data={"notes": "\n".join(["長い備考の行です。" * 20] * 400)})
    _data, pages = render(owner, private=True, paper="Letter")
    text = squeezed(" ".join(pages))
    assert long_name in text and "長い備考の行です。" * 3 in text
    assert text.count("長い備考の行です。") < 100  # 8000 of them in the note


def embedded_fonts(data: bytes) -> set[str]:
    fonts = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        fonts |= {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in page["/Resources"]["/Font"].values()}
    return fonts


def test_the_cjk_font_is_embedded_only_when_some_text_needs_it(owner):
    apply(owner, "Université de Montréal", ("Submitted", dt.date(2026, 9, 15)))
    latin, _pages = render(owner)
    assert "SourceSansPro" in embedded_fonts(latin) and "NotoSansCJKSC" not in embedded_fonts(latin)
    apply(owner, "東京大学", ("Submitted", dt.date(2026, 9, 20)))
    cjk, _pages = render(owner)
    assert "NotoSansCJKSC" in embedded_fonts(cjk)


def many_applications(owner, count: int) -> None:
    """count submitted faculty applications, written in bulk through the ORM with their stage history."""
    campaign = season_for(owner, 2026)
    submitted, later = stage(owner, "Submitted"), [stage(owner, "First-round interview"), stage(owner, "Rejected")]
    institutions = Institution.objects.bulk_create(
        [Institution(owner=owner, name=f"Universität {i:03d} – Łódź") for i in range(count)]
    )
    positions = [
        Position(owner=owner, institution=institution, season=campaign, title="Assistant Professor of Data Science")
        for institution in institutions
    ]
    for position in positions:  # bulk_create skips save(), which derives deadline_at
        position.derive_instants()
    positions = Position.objects.bulk_create(positions)
    day = dt.date(2026, 9, 10)
    applications = Application.objects.bulk_create(
        [
            Application(
                owner=owner,
                position=position,
                track="faculty",
                stage=later[i % 2] if i % 3 else submitted,
                submitted_on=day,
                stage_changed_at=at(day + dt.timedelta(days=i % 50)),
                notes=f"Note {i}" if i % 10 == 0 else "",
            )
            for i, position in enumerate(positions)
        ]
    )
    events = [StageEvent(owner=owner, application=a, to_stage=submitted, occurred_at=at(day)) for a in applications]
    events += [
        StageEvent(owner=owner, application=a, from_stage=submitted, to_stage=a.stage, occurred_at=a.stage_changed_at)
        for a in applications
        if a.stage != submitted
    ]
    StageEvent.objects.bulk_create(events)
    Application.objects.filter(owner=owner).update(created_at=at(day))  # bulk_create stamps them with today


def test_a_season_of_300_applications_renders_with_progress_reported_along_the_way(owner):
    many_applications(owner, 300)
    calls = []
    data, pages = render(owner, private=True, progress=lambda done, total: calls.append((done, total)))
    assert 300 // 25 <= len(pages) <= 300 // 5  # between 5 and 25 applications a page
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    text = " ".join(pages)
    assert "Universität 000 – Łódź" in text and "Universität 299 – Łódź" in text
    assert "Note 290" in text
    dones = [done for done, _total in calls]
    assert dones == sorted(set(dones)) and len(dones) > 300 // 25
    assert calls[-1][0] == calls[-1][1] and {total for _done, total in calls} == {calls[-1][1]}
    assert data.startswith(b"%PDF-")
