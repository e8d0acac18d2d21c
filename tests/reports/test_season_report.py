"""The season report's figures match the ones worked out by hand in tests/reports/small_season.py."""

import datetime as dt

from django.utils import timezone

from jobtracker.pipeline.models import Season
from jobtracker.reports import options, season
from tests.queries import assert_flat_queries
from tests.reports.small_season import EXPECTED_FACULTY_FUNNEL, EXPECTED_INDUSTRY_FUNNEL, build_small_season


def build(owner, **choices):
    chosen = options.from_values(
        season=Season.objects.get(owner=owner), **{"tracks": None, "sections": None, **choices}
    )
    return season.build(user=owner, options=chosen, now=timezone.now())


def figures(summary):
    return [(step.label, step.count, step.percent if index else "") for index, step in enumerate(summary.funnel)]


def test_the_funnel_median_wait_and_silent_applications_per_track(owner):
    build_small_season(owner)
    faculty, industry = build(owner).summaries
    assert (faculty.label, faculty.total) == ("Faculty", 5)
    assert figures(faculty) == EXPECTED_FACULTY_FUNNEL
    assert (faculty.median_days_to_response, faculty.responses) == (20.5, 2)
    assert [(row.application.institution, row.weeks) for row in faculty.stale] == [("ETH Zurich", 10)]
    assert figures(industry) == EXPECTED_INDUSTRY_FUNNEL
    assert (industry.median_days_to_response, industry.responses) == (9, 1)
    assert dict(faculty.stage_counts)["Submitted"] == 1 and dict(faculty.stage_counts)["Interested"] == 1


def test_each_application_has_its_history_on_one_line_from_submission(owner):
    build_small_season(owner)
    rows = {row.institution: row for row in build(owner).applications}
    day = lambda n: f"{timezone.localdate() + dt.timedelta(days=n):%-d %b}"  # noqa: E731
    assert rows["Stanford University"].history == (
        f"Submitted {day(-60)} → First-round interview {day(-40)} → Campus visit {day(-20)} → Offer {day(-10)}"
    )
    assert rows["University of Oxford"].history == f"Interested since {day(-90)}"
    assert rows["University of Toronto"].closed and not rows["ETH Zurich"].closed


def test_private_notes_appear_only_when_asked_for(owner):
    build_small_season(owner)
    assert not any(row.notes for row in build(owner).applications)
    private = {row.institution: row.notes for row in build(owner, private=True).applications}
    assert private["Stanford University"] == "Ask about the startup package (private)"


def test_a_period_that_ended_before_an_application_closed_still_lists_it_and_one_after_does_not(owner):
    build_small_season(owner)
    early = timezone.localdate() - dt.timedelta(days=7)
    listed = {row.institution for row in build(owner, start=early.isoformat()).applications}
    assert "Massachusetts Institute of Technology" not in listed  # rejected 34 days ago, before the period
    assert "University of Toronto" in listed  # closed 5 days ago, inside the period


def test_tracks_and_sections_narrow_the_report(owner):
    build_small_season(owner)
    report = build(owner, tracks=["industry"], sections=["summary"])
    assert [s.label for s in report.summaries] == ["Industry"]
    assert not report.letters and not report.offers and not report.materials
    assert {row.institution for row in report.applications} == {"Google DeepMind"}


def test_odd_options_fall_back_to_defaults_with_a_warning(owner):
    chosen = options.from_values(
        season=Season.objects.get(owner=owner), tracks=["x"], sections=["nope"], start="2026-13-40", end="bad"
    )
    assert chosen.tracks == ("faculty", "industry") and chosen.sections == tuple(options.SECTIONS)
    assert chosen.period == (chosen.season_start, chosen.season_end)
    assert len(chosen.warnings) == 2 and "is not a date" in chosen.warnings[0]


def test_the_report_costs_the_same_queries_for_a_small_and_a_larger_season(client, django_user_model):
    from tests.factories import make_application

    def fill(user, size):
        for _ in range(size):
            make_application(user, stage_name="Submitted")

    assert_flat_queries(client, django_user_model, fill=fill, url="/reports/", sizes=(2, 25))
