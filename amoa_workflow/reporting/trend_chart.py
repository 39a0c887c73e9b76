"""The trend across releases as the shapes of a small inline SVG chart (no JavaScript, no image).

One stacked bar per release (passed over failed over skipped scenarios) and a line for the pass
rate; the template only draws what this computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from amoa_workflow.domain.release_diff import TrendPoint

WIDTH, HEIGHT, MARGIN = 600, 180, 24


@dataclass(frozen=True)
class Bar:
    release: str
    x: float
    width: float
    segments: tuple[tuple[str, float, float, int], ...]  # (status, y, height, count)
    rate: float
    rate_y: float


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    line: str  # polyline points of the pass rate

    @property
    def baseline(self) -> float:
        return HEIGHT - MARGIN


def chart(points: Sequence[TrendPoint]) -> TrendChart | None:
    if not points:
        return None
    plot_height = HEIGHT - 2 * MARGIN
    tallest = max(p.passed + p.failed + p.other for p in points) or 1
    slot = (WIDTH - 2 * MARGIN) / len(points)
    bars = []
    for index, point in enumerate(points):
        x = MARGIN + index * slot + slot * 0.2
        y = float(HEIGHT - MARGIN)
        segments = []
        for status, count in (("passed", point.passed), ("failed", point.failed), ("skipped", point.other)):
            height = plot_height * count / tallest
            y -= height
            segments.append((status, round(y, 1), round(height, 1), count))
        rate_y = HEIGHT - MARGIN - plot_height * point.pass_rate / 100
        bars.append(
            Bar(point.release, round(x, 1), round(slot * 0.6, 1), tuple(segments), point.pass_rate, rate_y)
        )
    line = " ".join(f"{b.x + b.width / 2:.1f},{b.rate_y:.1f}" for b in bars)
    return TrendChart(WIDTH, HEIGHT, tuple(bars), line)
