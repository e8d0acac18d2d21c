"""Two pictures that read faster than tables, as inline SVG (no script, no style attribute: the content
policy holds): the funnel as horizontal bars, and stage changes per week as columns."""

import datetime as dt

from django.utils.html import format_html, format_html_join

from jobtracker.reports.funnel import FunnelStep

BAR_HEIGHT = 22
LABEL_WIDTH = 170
FUNNEL_WIDTH = 520
WEEK_HEIGHT = 90


def funnel_svg(steps: list[FunnelStep], *, title: str) -> str:
    top = max((s.count for s in steps), default=0) or 1
    usable = FUNNEL_WIDTH - LABEL_WIDTH - 90
    rows = []
    for index, step in enumerate(steps):
        y = index * (BAR_HEIGHT + 6)
        width = max(round(usable * step.count / top), 1 if step.count else 0)
        figure = f"{step.count}" + (f" ({step.percent})" if step.percent and index else "")
        rows.append((y, step.label, width, figure))
    height = len(steps) * (BAR_HEIGHT + 6)
    bars = format_html_join(
        "",
        '<text x="0" y="{}" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
        '<text x="{}" y="{}" class="chart-figure">{}</text>',
        (
            (y + 15, label, LABEL_WIDTH, y, width, BAR_HEIGHT, LABEL_WIDTH + width + 6, y + 15, figure)
            for y, label, width, figure in rows
        ),
    )
    return format_html(
        '<svg class="report-chart" viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
        FUNNEL_WIDTH,
        height,
        title,
        title,
        bars,
    )


def weekly_svg(weeks: list[tuple[dt.date, int]], *, today: dt.date) -> str:
    shown = [(monday, n) for monday, n in weeks if monday <= today] or weeks[:1]
    if not shown:
        return ""
    top = max(n for _monday, n in shown) or 1
    step = 600 / len(shown)
    width = max(step - 2, 1)
    columns = []
    for index, (monday, n) in enumerate(shown):
        height = round(WEEK_HEIGHT * n / top)
        label = f"Week of {monday:%-d %b}: {n} stage change{'s' if n != 1 else ''}"
        columns.append((round(index * step, 1), WEEK_HEIGHT - height, round(width, 1), height, label))
    ticks = [(round(i * step, 1), f"{monday:%-d %b}") for i, (monday, _n) in enumerate(shown) if i % 4 == 0]
    title = "Stage changes per week"
    return format_html(
        '<svg class="report-chart" viewBox="0 0 600 {}" role="img" aria-label="{}"><title>{}</title>{}{}</svg>',
        WEEK_HEIGHT + 18,
        title,
        title,
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"><title>{}</title></rect>',
            columns,
        ),
        format_html_join("", '<text x="{}" y="' + str(WEEK_HEIGHT + 14) + '" class="chart-tick">{}</text>', ticks),
    )
