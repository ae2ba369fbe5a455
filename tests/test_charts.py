"""Static charts use matplotlib's object-oriented API only: PDFs are built from a thread pool, so no chart may
depend on pyplot's global figure list or leave figures behind in it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from matplotlib import pyplot

from chuhai import charts


def _chart(values: tuple[int, ...]) -> bytes:
    figure, axes = charts.new_figure(4, 2)
    axes.bar(range(len(values)), values, color=charts.PALETTE[0])
    charts.thousands(axes.yaxis)
    return charts.png_bytes(figure)


def test_charts_leave_no_figure_in_pyplot_and_draw_the_same_from_many_threads():
    before = set(pyplot.get_fignums())
    figure, _axes = charts.new_figure()
    assert set(pyplot.get_fignums()) == before, "the figure went through pyplot's global registry"
    del figure
    alone = _chart((1200, 3400, 560))
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(_chart, [(1200, 3400, 560)] * 8))
    assert alone.startswith(b"\x89PNG")
    assert set(together) == {alone}
    assert set(pyplot.get_fignums()) == before
