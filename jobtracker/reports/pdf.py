"""The season report as a PDF: a title, then each section the options include, in the order of SECTIONS.

Every page has a footer with its number and when the report was generated, in the reader's zone. Tables wrap
their text and repeat their heading row on each page they run onto; an application's rows never split.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from functools import partial

from fpdf import FPDF
from fpdf.enums import CellBordersLayout
from fpdf.fonts import FontFace

from jobtracker.reports import fonts, pdf_charts
from jobtracker.reports.options import APPLICATIONS, LETTERS, MATERIALS, OFFERS, SECTIONS, SUMMARY, UPCOMING
from jobtracker.reports.pdf_charts import ACCENT, INK, MUTED, RULE
from jobtracker.reports.season import SeasonReport, TrackSummary

PAPERS = {"A4": "A4 (210 × 297 mm)", "Letter": "US Letter (8.5 × 11 in)"}

Progress = Callable[[int, int], None]

BODY = 9.5  # pt
SMALL = 8
LINE = 4.4  # mm, a line of body text
MARGIN = 15  # mm
PADDING = (0.8, 1.2)  # mm, a table cell's (vertical, horizontal)
ROWS_PER_STEP = 25  # application rows between two progress reports
# A table row must fit on one page (fpdf2 refuses it otherwise), so long text in table cells is shortened:
# notes have no length limit, and a history line grows with every stage change.
TEXT_LIMIT = 400  # characters
NOTE_LIMIT, NOTE_LINES = 600, 8

HEADINGS = FontFace(family=fonts.FAMILY, emphasis="BOLD", color=ACCENT, size_pt=BODY)
DETAIL = FontFace(family=fonts.FAMILY, color=MUTED, size_pt=SMALL)
NOTE = FontFace(family=fonts.FAMILY, color=INK, size_pt=SMALL)
TOP = CellBordersLayout.TOP


class _Document(FPDF):
    """The report's pages: a running title from page 2, a footer, and the heading of a table that runs on."""

    def __init__(self, report: SeasonReport, paper: str):
        super().__init__(orientation="portrait", unit="mm", format=paper.lower())
        self.report = report
        self.running_heading: Callable[[], None] | None = None
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.c_margin = PADDING[1]  # plain cells indent their text as table cells do
        self.set_auto_page_break(True, margin=MARGIN + 6)
        self.set_title(_title(report))
        self.set_author(report.owner_name)
        self.set_creator("jobtracker")
        self.set_creation_date(report.generated_at)

    def header(self):
        if self.page_no() > 1:
            self.set_font(fonts.FAMILY, "", SMALL)
            self.set_text_color(*MUTED)
            self.multi_cell(0, 4, _title(self.report), align="L", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)
        if self.running_heading:
            self.running_heading()

    def footer(self):
        self.set_y(-MARGIN - 2)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.y, self.l_margin + self.epw, self.y)
        self.set_font(fonts.FAMILY, "", SMALL)
        self.set_text_color(*MUTED)
        self.cell(self.epw / 2, 5, f"Page {self.page_no()} of {{nb}}")
        self.cell(self.epw / 2, 5, _generated(self.report), align="R")


class _Steps:
    """Reports progress as (done, total): one step per section, per application row, and for writing the file."""

    def __init__(self, callback: Progress | None, total: int):
        self.callback, self.total, self.done = callback, total, 0

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if self.callback and steps:
            self.callback(self.done, self.total)


def render_pdf(report: SeasonReport, *, paper: str = "A4", progress: Progress | None = None) -> bytes:
    """The report as PDF bytes on A4 or US Letter paper; progress(done, total) is called as the work goes."""
    if paper not in PAPERS:
        raise ValueError(f"Unknown paper {paper!r}; choose one of {', '.join(PAPERS)}.")
    pdf = _Document(report, paper)
    fonts.register(pdf, texts=_texts(report))
    shown = [key for key in SECTIONS if report.options.shows(key)]
    rows = len(report.applications) if APPLICATIONS in shown else 0
    steps = _Steps(progress, total=len(shown) + rows + 1)
    pdf.add_page()
    _title_block(pdf, report)
    for key in shown:
        SECTION_WRITERS[key](pdf, report, steps)
        steps.advance()
    data = bytes(pdf.output())
    steps.advance()
    return data


def _texts(value) -> Iterator[str]:
    """Every string in the report's data, to tell which fonts it needs."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _texts(getattr(value, field.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


# Formatting


def _title(report: SeasonReport) -> str:
    return f"{report.title} — {report.owner_name}"


def _generated(report: SeasonReport) -> str:
    return f"Generated {report.generated_at:%-d %b %Y, %H:%M} {report.zone}"


def _date(day: dt.date | None) -> str:
    return f"{day:%-d %b %Y}" if day else "–"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _days(days: float) -> str:
    return f"{days:g} day{'' if days == 1 else 's'}"


def _clip(text: str, limit: int = TEXT_LIMIT, lines: int = 1) -> str:
    every = text.strip().splitlines()
    short = "\n".join(every[:lines])
    if len(short) > limit:
        return short[: limit - 1].rstrip() + "…"
    return short + " …" if len(every) > lines else short


# Blocks


def _body(pdf: FPDF) -> None:
    pdf.set_font(fonts.FAMILY, "", BODY)
    pdf.set_text_color(*INK)


def _line(pdf: FPDF, text: str, *, muted: bool = False, style: str = "") -> None:
    pdf.set_font(fonts.FAMILY, style, SMALL if muted else BODY)
    pdf.set_text_color(*(MUTED if muted else INK))
    pdf.multi_cell(0, LINE, text, align="L", new_x="LMARGIN", new_y="NEXT")
    _body(pdf)


def _title_block(pdf: FPDF, report: SeasonReport) -> None:
    pdf.set_font(fonts.FAMILY, "B", 18)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 8, _title(report), align="L", new_x="LMARGIN", new_y="NEXT")
    start, end = report.period
    _line(pdf, f"{report.track_labels} · {_date(start)} to {_date(end)}")
    if report.options.private:
        _line(pdf, "Includes private details: notes, compensation and contact details.", muted=True)
    for warning in report.options.warnings:
        _line(pdf, warning, muted=True)


def _section_heading(pdf: FPDF, key: str) -> None:
    if pdf.will_page_break(40):  # a heading never ends a page
        pdf.add_page()
    pdf.ln(5)
    pdf.set_font(fonts.FAMILY, "B", 13)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 7, SECTIONS[key], new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.4)
    pdf.line(pdf.l_margin, pdf.y, pdf.l_margin + pdf.epw, pdf.y)
    pdf.ln(2)
    _body(pdf)


def _subheading(pdf: FPDF, text: str) -> None:
    if pdf.will_page_break(25):
        pdf.add_page()
    pdf.ln(2)
    _line(pdf, text, style="B")
    pdf.ln(1)


def _table(pdf: FPDF, widths, *, headings: bool = True, borders: str = "HORIZONTAL_LINES"):
    _body(pdf)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    return pdf.table(
        col_widths=widths,
        width=pdf.epw,
        borders_layout=borders,
        first_row_as_headings=headings,
        headings_style=HEADINGS,
        line_height=LINE,
        padding=PADDING,
        text_align="LEFT",
        v_align="TOP",
    )


def _group(table, cells: list[str], details: list[tuple[str, FontFace]]) -> None:
    """A row with lines under it, below all but its first cell, which spans them: fpdf2 never splits a span."""
    first = table.row()
    first.cell(cells[0], rowspan=1 + len(details), border=TOP)
    for text in cells[1:]:
        first.cell(text, border=TOP)
    for text, style in details:
        table.row().cell(text, colspan=len(cells) - 1, style=style)


def _heading_row(pdf: FPDF, names: list[str], widths: list[float]) -> None:
    pdf.set_font(fonts.FAMILY, "B", BODY)
    pdf.set_text_color(*ACCENT)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    for name, width in zip(names, widths, strict=True):
        pdf.cell(width, LINE + 1.6, name, border="B")
    pdf.ln()
    _body(pdf)


# Sections


def _summary(pdf: FPDF, report: SeasonReport, steps: _Steps) -> None:
    _section_heading(pdf, SUMMARY)
    if not report.summaries:
        _line(pdf, "No applications in this period.")
    for summary in report.summaries:
        _track_summary(pdf, summary, report.options.stale_weeks)
    _weekly(pdf, report)


def _track_summary(pdf: FPDF, summary: TrackSummary, stale_weeks: int) -> None:
    _subheading(pdf, f"{summary.label}: {_count(summary.total, 'application')}")
    if not summary.total:
        _line(pdf, "No applications in this track for the period.")
        return
    _stage_counts(pdf, summary.stage_counts)
    pdf.ln(2)
    pdf_charts.funnel_bars(pdf, summary.funnel, font_size=BODY)
    pdf.ln(1)
    _line(pdf, _median(summary))
    pdf.ln(1)
    _stale(pdf, summary, stale_weeks)


def _median(summary: TrackSummary) -> str:
    if summary.median_days_to_response is None:
        return "No answers yet, so no median time to a first response."
    median, answers = _days(summary.median_days_to_response), _count(summary.responses, "answer")
    return f"Median time from submission to a first response: {median}, over {answers}."


def _stage_counts(pdf: FPDF, counts: list[tuple[str, int]], per_row: int = 3) -> None:
    with _table(pdf, (4, 1) * per_row, headings=False) as table:
        for start in range(0, len(counts), per_row):
            row = table.row()
            for name, count in counts[start : start + per_row]:
                row.cell(name)
                row.cell(str(count), align="RIGHT")


def _stale(pdf: FPDF, summary: TrackSummary, stale_weeks: int) -> None:
    if not summary.stale:
        _line(pdf, f"Nothing has waited {stale_weeks} weeks or more without an answer.")
        return
    _line(pdf, f"Waiting {stale_weeks} weeks or more without an answer:")
    with _table(pdf, (6, 2, 1.4)) as table:
        table.row(["Application", "Submitted", "Waiting"])
        for stale in summary.stale:
            table.row([_clip(stale.application.label), _date(stale.application.submitted_on), f"{stale.weeks} weeks"])


def _weekly(pdf: FPDF, report: SeasonReport) -> None:
    today = report.generated_at.date()
    weeks = [(monday, count) for monday, count in report.weekly_changes if monday <= today]
    _subheading(pdf, "Stage changes per week")
    total = sum(count for _, count in weeks)
    if not total:
        _line(pdf, "No stage changes in this period yet.")
        return
    last = min(report.period[1], today)
    _line(pdf, f"{_count(total, 'stage change')}, week by week from {_date(weeks[0][0])} to {_date(last)}.", muted=True)
    pdf.ln(3)
    pdf_charts.weekly_bars(pdf, weeks, font_size=SMALL)
    _body(pdf)


APPLICATION_COLUMNS = {"Institution": 0.27, "Position": 0.27, "Track": 0.1, "Stage": 0.2, "Submitted": 0.16}


def _applications(pdf: FPDF, report: SeasonReport, steps: _Steps) -> None:
    """In tables of ROWS_PER_STEP rows, to report progress as it goes; the heading runs on through the page header."""
    _section_heading(pdf, APPLICATIONS)
    if not report.applications:
        _line(pdf, "No applications in this period.")
        return
    widths = [share * pdf.epw for share in APPLICATION_COLUMNS.values()]
    heading = partial(_heading_row, pdf, list(APPLICATION_COLUMNS), widths)
    heading()
    pdf.running_heading = heading
    try:
        for start in range(0, len(report.applications), ROWS_PER_STEP):
            chunk = report.applications[start : start + ROWS_PER_STEP]
            with _table(pdf, widths, headings=False, borders="NONE") as table:
                for row in chunk:
                    details = [(_clip(row.history), DETAIL)]
                    if row.notes:
                        details.append((f"Note: {_clip(row.notes, NOTE_LIMIT, NOTE_LINES)}", NOTE))
                    cells = [row.institution, row.position, row.track_label, row.stage, _date(row.submitted_on)]
                    _group(table, cells, details)
            steps.advance(len(chunk))
    finally:
        pdf.running_heading = None


def _upcoming(pdf: FPDF, report: SeasonReport, steps: _Steps) -> None:
    _section_heading(pdf, UPCOMING)
    if report.upcoming_note:
        _line(pdf, report.upcoming_note)
        return
    if not report.upcoming:
        _line(pdf, "Nothing due in the next 30 days.")
        return
    with _table(pdf, (1.2, 2, 4, 2.6)) as table:
        table.row(["Day", "What", "Item", "When"])
        for item in report.upcoming:
            table.row([f"{item.day:%a %-d %b}", item.kind, _clip(item.title), item.when])


def _letters(pdf: FPDF, report: SeasonReport, steps: _Steps) -> None:
    _section_heading(pdf, LETTERS)
    if not report.letters:
        _line(pdf, "No letters outstanding.")
        return
    with _table(pdf, (2.6, 4.4, 1.4, 1.4), borders="NONE") as table:
        table.row(["Writer", "Letter for", "Due", "Status"])
        for group in report.letters:
            writer = f"{group.writer}\n{group.email}" if group.email else group.writer
            for index, (label, due, status) in enumerate(group.letters):
                border = TOP if index == 0 else CellBordersLayout.NONE
                row = table.row()
                for text in (writer if index == 0 else "", _clip(label), _date(due), status):
                    row.cell(text, border=border)


def _offers(pdf: FPDF, report: SeasonReport, steps: _Steps) -> None:
    _section_heading(pdf, OFFERS)
    if not report.offers:
        _line(pdf, "No offers yet.")
        return
    with _table(pdf, (2.6, 2.8, 1.3, 1.4, 2.2), borders="NONE") as table:
        table.row(["Institution", "Position", "Status", "Received", "Respond by"])
        for offer in report.offers:
            deadline = offer.response_deadline or "–"
            cells = [offer.institution, offer.position, offer.status, _date(offer.received_on), deadline]
            details = [(text, NOTE) for text in (offer.annual, offer.extras and f"Extras: {offer.extras}") if text]
            _group(table, cells, details)


def _materials(pdf: FPDF, report: SeasonReport, steps: _Steps) -> None:
    """As wrapped lines rather than a table: a version sent to many places would make a row taller than a page."""
    _section_heading(pdf, MATERIALS)
    if not report.materials:
        _line(pdf, "No materials recorded as sent with these applications.")
        return
    for material in report.materials:
        same = material.kind.casefold() == material.document.casefold()
        _subheading(pdf, material.document if same else f"{material.document} ({material.kind})")
        for label, institutions in material.versions:
            sent = f"{label}: sent to {_count(len(institutions), 'place')}: {', '.join(institutions)}"
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(pdf.epw - 4, LINE, sent, align="L", new_x="LMARGIN", new_y="NEXT")


SECTION_WRITERS = {
    SUMMARY: _summary,
    APPLICATIONS: _applications,
    UPCOMING: _upcoming,
    LETTERS: _letters,
    OFFERS: _offers,
    MATERIALS: _materials,
}
