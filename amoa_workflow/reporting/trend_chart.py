"""The trend across releases as the shapes of a small inline SVG chart (no JavaScript, no image).

One stacked bar per release (passed over failed over skipped scenarios) and a line for the pass
rate; a left axis counts scenarios, a right axis gives the pass rate in percent, the releases
are named under their bars, and a legend names the colours. The template only draws what this
computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from amoa_workflow.domain.release_diff import TrendPoint

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 48, 16, 64  # room for the axes' labels, the releases and the legend


@dataclass(frozen=True)
class Bar:
    release: str
    x: float
    width: float
    segments: tuple[tuple[str, float, float, int], ...]  # (status, y, height, count)
    rate: float
    rate_y: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    line: str  # polyline points of the pass rate
    counts: tuple[Tick, ...]  # the left axis: scenarios
    rates: tuple[Tick, ...]  # the right axis: pass rate, percent
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    baseline: int = HEIGHT - BOTTOM
    legend_y: int = HEIGHT - 14


def chart(points: Sequence[TrendPoint]) -> TrendChart | None:
    if not points:
        return None
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM
    tallest = _round_up(max(p.passed + p.failed + p.other for p in points) or 1)
    slot = (WIDTH - LEFT - RIGHT) / len(points)
    bars = []
    for index, point in enumerate(points):
        x = LEFT + index * slot + slot * 0.2
        y = float(baseline)
        segments = []
        for status, count in (("passed", point.passed), ("failed", point.failed), ("skipped", point.other)):
            height = plot_height * count / tallest
            y -= height
            segments.append((status, round(y, 1), round(height, 1), count))
        rate_y = round(baseline - plot_height * point.pass_rate / 100, 1)
        bars.append(
            Bar(point.release, round(x, 1), round(slot * 0.6, 1), tuple(segments), point.pass_rate, rate_y)
        )
    line = " ".join(f"{b.x + b.width / 2:.1f},{b.rate_y:.1f}" for b in bars)
    counts = tuple(Tick(round(baseline - plot_height * n / 4, 1), f"{tallest * n // 4}") for n in range(5))
    rates = tuple(Tick(round(baseline - plot_height * n / 4, 1), f"{25 * n} %") for n in range(5))
    return TrendChart(WIDTH, HEIGHT, tuple(bars), line, counts, rates)


def _round_up(count: int) -> int:
    """A round top for the count axis, in 4 even steps of 1, 2, 2.5 or 5 × 10ⁿ: 7 → 8, 37 → 40."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale // 2, 5 * scale):
            if step * 4 >= count:
                return step * 4
        scale *= 10
