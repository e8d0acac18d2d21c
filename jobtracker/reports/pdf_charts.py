"""The report's two charts, drawn with rectangles at the current position: the funnel and stage changes per week.

Both use the whole text width and move the cursor below themselves; a chart never splits across pages.
"""

import datetime as dt
import math

from fpdf import FPDF

from jobtracker.reports.funnel import FunnelStep

ACCENT = (31, 78, 121)  # the one colour: headings and bars
INK = (33, 37, 41)
MUTED = (108, 117, 125)
RULE = (200, 204, 208)
TRACK = (233, 236, 239)  # the unfilled part of a bar

LABEL_WIDTH = 42  # mm, the funnel's step names
VALUE_WIDTH = 22  # mm, "12 (40%)"
BAR_HEIGHT = 4.2
BAR_GAP = 1.4
WEEK_CHART_HEIGHT = 26
AXIS_WIDTH = 8
WEEK_LABELS = 7  # at most this many week starts are named under the bars


def _keep_together(pdf: FPDF, height: float) -> None:
    if pdf.will_page_break(height):
        pdf.add_page()


def funnel_bars(pdf: FPDF, steps: list[FunnelStep], *, font_size: float) -> None:
    """One bar per step, as long as its count relative to the largest, with the count and the share submitted."""
    _keep_together(pdf, len(steps) * (BAR_HEIGHT + BAR_GAP))
    with pdf.local_context():  # the colours set here must not leak into the tables that follow
        _draw_funnel(pdf, steps, font_size)


def _draw_funnel(pdf: FPDF, steps: list[FunnelStep], font_size: float) -> None:
    largest = max((step.count for step in steps), default=0) or 1
    left = pdf.l_margin
    room = pdf.epw - LABEL_WIDTH - VALUE_WIDTH
    pdf.set_font_size(font_size)
    pdf.set_text_color(*INK)
    for step in steps:
        top = pdf.y
        pdf.set_xy(left, top)
        pdf.cell(LABEL_WIDTH, BAR_HEIGHT, step.label)
        pdf.set_fill_color(*TRACK)
        pdf.rect(left + LABEL_WIDTH, top, room, BAR_HEIGHT, style="F")
        if step.count:
            pdf.set_fill_color(*ACCENT)
            pdf.rect(left + LABEL_WIDTH, top, room * step.count / largest, BAR_HEIGHT, style="F")
        pdf.set_x(left + LABEL_WIDTH + room)
        value = f"{step.count} ({step.percent})" if step.percent else str(step.count)
        pdf.cell(VALUE_WIDTH, BAR_HEIGHT, value, align="R")
        pdf.set_y(top + BAR_HEIGHT + BAR_GAP)


def weekly_bars(pdf: FPDF, weeks: list[tuple[dt.date, int]], *, font_size: float) -> None:
    """A bar per week on a baseline, the largest count named on the axis and a few week starts underneath."""
    label_height = font_size * 0.5
    _keep_together(pdf, WEEK_CHART_HEIGHT + label_height + 2)
    top = pdf.y
    with pdf.local_context():
        _draw_weeks(pdf, weeks, font_size, label_height)
    pdf.set_xy(pdf.l_margin, top + WEEK_CHART_HEIGHT + label_height + 2)


def _draw_weeks(pdf: FPDF, weeks: list[tuple[dt.date, int]], font_size: float, label_height: float) -> None:
    largest = max((count for _, count in weeks), default=0) or 1
    left = pdf.l_margin + AXIS_WIDTH
    width = pdf.epw - AXIS_WIDTH
    top = pdf.y
    base = top + WEEK_CHART_HEIGHT
    slot = width / max(len(weeks), 1)
    bar = min(slot * 0.7, 6)

    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.line(left, top, left + width, top)
    pdf.line(left, base, left + width, base)
    pdf.set_font_size(font_size)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(pdf.l_margin, top - label_height / 2)
    pdf.cell(AXIS_WIDTH - 1, label_height, str(largest), align="R")
    pdf.set_xy(pdf.l_margin, base - label_height / 2)
    pdf.cell(AXIS_WIDTH - 1, label_height, "0", align="R")

    pdf.set_fill_color(*ACCENT)
    for index, (_monday, count) in enumerate(weeks):
        if count:
            height = WEEK_CHART_HEIGHT * count / largest
            pdf.rect(left + index * slot + (slot - bar) / 2, base - height, bar, height, style="F")

    every = math.ceil(len(weeks) / WEEK_LABELS) or 1
    for index in range(0, len(weeks), every):
        centre = left + (index + 0.5) * slot
        pdf.set_xy(centre - 10, base + 1)
        pdf.cell(20, label_height, f"{weeks[index][0]:%-d %b}", align="C")
