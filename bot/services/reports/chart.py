"""The chart of the status report: reviews by stage, stacked, one bar per cluster.

Made with matplotlib's object API on the Agg canvas (no pyplot, no display, no global state),
so it renders the same on a server, in a job and from the command line. Readable in print:
each stage has a distinct grey-safe colour *and* a hatch, the counts are written in the
segments tall enough to hold them and the totals on top of the bars (the CSV has every count),
and the caption states the date and that the figures are aggregates.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.domain.status_report import BUCKETS, Bucket, StatusReport
from bot.i18n import Language
from bot.services.reports import _wording as w

WIDTH_IN, HEIGHT_IN, DPI = 10.0, 6.0, 120  # 1200 × 720 pixels
SIZE_PX = (int(WIDTH_IN * DPI), int(HEIGHT_IN * DPI))

# Colour-blind-safe (Okabe–Ito) with hatches, so the stages stay apart in black and white.
_STYLE: dict[Bucket, tuple[str, str]] = {
    Bucket.NOT_STARTED: ("#ffffff", "//"),
    Bucket.OPENED: ("#e69f00", ""),
    Bucket.QUESTIONNAIRE_SUBMITTED: ("#56b4e9", ".."),
    Bucket.WRITTEN_FEEDBACK_SENT: ("#009e73", "\\\\"),
    Bucket.DIALOGUE: ("#f0e442", "xx"),
    Bucket.OBSERVATIONS_AGREED: ("#0072b2", "--"),
    Bucket.SUMMARY_AGREED: ("#d55e00", "++"),
    Bucket.CLOSED: ("#555555", ""),
}


def build_figure(report: StatusReport) -> Figure:
    """The chart as a matplotlib figure (its text can be read back from it)."""
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.07, 0.22, 0.66, 0.68))
    clusters = [c for c, _ in report.by_cluster]
    positions = list(range(len(clusters)))
    bottoms = [0] * len(clusters)
    tallest = max([t.total for _, t in report.by_cluster] + [1])
    for bucket in BUCKETS:
        counts = [t.of(bucket) for _, t in report.by_cluster]
        colour, hatch = _STYLE[bucket]
        bars = axes.bar(positions, counts, 0.6, bottom=bottoms, color=colour, hatch=hatch,
                        edgecolor="black", linewidth=0.8, label=str(w.BUCKET_NAMES[bucket]))
        # a count is written in its segment when the segment is tall enough to hold it
        labels = [str(n) if n and n >= tallest * 0.05 else "" for n in counts]
        axes.bar_label(bars, labels=labels, label_type="center", fontsize=10,
                       bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                             "edgecolor": "none", "alpha": 0.85})
        bottoms = [b + n for b, n in zip(bottoms, counts, strict=True)]
    for x, total in zip(positions, bottoms, strict=True):
        axes.annotate(str(total), (x, total), xytext=(0, 4), textcoords="offset points",
                      ha="center", va="bottom", fontsize=11, fontweight="bold")
    axes.set_xticks(positions, [w.cluster_axis(c) + "\n" + textwrap.fill(c.title, 22)
                                for c in clusters], fontsize=9)
    axes.set_ylabel(str(w.CHART_Y), fontsize=11)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max([*bottoms, 1]) * 1.15)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(str(w.CHART_TITLE), fontsize=14, loc="left")
    if report.overall.total == 0:
        axes.text(0.5, 0.5, str(w.CHART_EMPTY), transform=axes.transAxes, ha="center", fontsize=12)
    handles, names = axes.get_legend_handles_labels()
    figure.legend(handles[::-1], names[::-1], loc="center left", bbox_to_anchor=(0.75, 0.56),
                  fontsize=10, frameon=False)
    caption = w.say(w.CHART_CAPTION, Language.EN, day=w.day(report.as_of))
    figure.text(0.07, 0.03, textwrap.fill(caption, 110),
                fontsize=10, style="italic")
    return figure


def render_png(report: StatusReport) -> bytes:
    figure = build_figure(report)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def figure_texts(figure: Figure) -> list[str]:
    """Every piece of text drawn in the figure: titles, ticks, legend, labels, caption."""
    from matplotlib.text import Text

    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]
