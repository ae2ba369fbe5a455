"""What every static chart of the platform shares (the PNGs in the PDFs, drawn with matplotlib): the CJK
font, the figure's look, thousands on an axis, PNG bytes; and labels that fall back to English when no
CJK font can draw them, so that nothing renders as empty boxes. ECharts options for the pages are
`chuhai.web.charts`; the PDFs' own look is `chuhai.pdf_style`.

Chinese labels need a CJK font: Debian's fonts-noto-cjk when installed.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from chuhai import i18n
from chuhai.i18n import gettext as _
from chuhai.markets.reference import CHANNELS
from chuhai.markets.service import country_name

CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
)
PALETTE = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#9ca3af"]


@lru_cache
def cjk_font_name() -> str | None:
    """Registers the first CJK font found with matplotlib and returns its family name."""
    from matplotlib import font_manager  # deferred: matplotlib takes 0.3 s to import; only PDFs draw charts

    for path in CJK_FONTS:
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
            return font_manager.FontProperties(fname=str(path)).get_name()
    return None


@lru_cache
def _configure_matplotlib() -> None:
    """Once per process: the fonts every chart uses. The same values every time, so threads drawing
    charts at once never see a half-changed setting; figures themselves never touch pyplot's registry."""
    import matplotlib  # deferred: matplotlib takes 0.3 s to import; only PDFs draw charts

    family = cjk_font_name()
    matplotlib.rcParams["font.family"] = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False


def new_figure(width: float = 7.0, height: float = 3.0):
    """A figure and its axes in the platform's look (CJK font when installed, no top and right spines).

    The object-oriented API only (a `Figure` with its own Agg canvas): no pyplot state shared between the
    threads that build PDFs, nothing to close, nothing left behind in a global figure list."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # deferred: matplotlib, see _configure
    from matplotlib.figure import Figure  # deferred: matplotlib, see _configure_matplotlib

    _configure_matplotlib()
    figure = Figure(figsize=(width, height), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="both", alpha=0.25)
    return figure, axes


def thousands(axis) -> None:
    """Tick labels with thousands separators (12,000)."""
    from matplotlib.ticker import FuncFormatter  # deferred: matplotlib, see new_figure

    axis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:,.0f}"))


def png_bytes(figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def readable() -> bool:
    """Whether translated labels can be drawn: English, or Chinese with a CJK font installed."""
    return bool(cjk_font_name()) or not i18n.is_zh()


def market_label(code: str) -> str:
    """A market's name in the reader's language."""
    return country_name(code, i18n.get_locale())


def channel_name(code: str | None) -> str:
    """A sales channel's name in the reader's language (the channels' bilingual reference rows)."""
    for channel, en, zh, _kind in CHANNELS:
        if channel == code:
            return i18n.pick(zh, en)
    return code or "—"


def country_tick(code: str) -> str:
    """A market on a chart axis: its name when the font can draw it, else its code."""
    return market_label(code) if readable() else code


def channel_tick(code: str) -> str:
    """A channel on a chart axis: its name when the font can draw it, else its code."""
    return channel_name(code) if readable() else code


def caption(message: str) -> str:
    """A chart caption: translated when the font can draw it, English otherwise."""
    return _(message) if readable() else message
