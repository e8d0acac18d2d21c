"""Geometry for the comparison charts, drawn as inline SVG by templates/offers/_chart.html (no JS, no CDN)."""

from dataclasses import dataclass, field

# Colour-blind-friendly palette (Okabe-Ito), cycled when there are more offers than colours.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 60
PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH
TOP = 24
LABEL_X = LABEL_WIDTH - 8
MAX_SCORE = 5


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _x(value: float) -> float:
    return round(LABEL_WIDTH + PLOT_WIDTH * max(0.0, min(value, MAX_SCORE)) / MAX_SCORE, 1)


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Bar:
    y: float
    height: float
    width: float
    colour: str
    label: str
    value: str
    title: str
    faint: bool = False

    @property
    def x(self) -> int:
        return LABEL_WIDTH

    @property
    def label_x(self) -> int:
        return LABEL_X

    @property
    def value_x(self) -> float:
        return round(LABEL_WIDTH + self.width + 6, 1)

    @property
    def middle(self) -> float:
        return round(self.y + self.height / 2, 1)


@dataclass
class Chart:
    title: str
    height: float
    bars: list[Bar]
    groups: list[tuple[float, str]] = field(default_factory=list)  # (middle y, label) of each group of bars
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, label)
    width: int = WIDTH

    label_x: int = LABEL_X

    @property
    def ticks(self) -> list[tuple[float, int]]:
        return [(_x(v), v) for v in range(MAX_SCORE + 1)]

    @property
    def plot_bottom(self) -> float:
        return self.height - 18

    @property
    def tick_label_y(self) -> float:
        return self.height - 4


def totals_chart(rows: list[tuple[str, float | None]]) -> Chart:
    """One horizontal bar per offer: its weighted total on the 1-5 scale."""
    row_height, bars = 30, []
    for index, (label, total) in enumerate(rows):
        y = TOP + index * row_height
        value = "—" if total is None else f"{total:.2f}"
        width = _x(total or 0) - LABEL_WIDTH
        bars.append(Bar(y, row_height - 8, width, colour(index), _short(label), value, f"{label}: {value} of 5"))
    return Chart("Weighted totals (1 to 5)", TOP + len(rows) * row_height + 24, bars)


def criteria_chart(
    offers: list[str], criteria: list[tuple[str, list[int | None]]], colours: list[str] | None = None
) -> Chart:
    """Grouped bars: per criterion, one bar per offer in the order given (the legend's, too); an unscored cell
    is drawn faint at the neutral 3. `colours` keeps each offer's own colour whatever its place."""
    colours = colours or [colour(i) for i in range(len(offers))]
    bar_height, gap = 9, 10
    bars, groups, y = [], [], TOP
    for name, scores in criteria:
        group_height = max(len(scores), 1) * (bar_height + 1)
        groups.append((round(y + group_height / 2, 1), _short(name, 34)))
        for index, score in enumerate(scores):
            shown = 3 if score is None else score
            value = "3?" if score is None else str(score)
            text = f"{offers[index]}, {name}: " + ("unscored, counted as 3" if score is None else f"{score} of 5")
            bars.append(
                Bar(y, bar_height, _x(shown) - LABEL_WIDTH, colours[index], "", value, text, faint=score is None)
            )
            y += bar_height + 1
        y += gap
    legend = [(colours[i], _short(label, 28)) for i, label in enumerate(offers)]
    return Chart("Scores per criterion", y + 24, bars, groups, legend)
