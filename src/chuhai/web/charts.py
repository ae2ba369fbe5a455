"""ECharts option builders: plain dicts the template puts in a data attribute."""

from __future__ import annotations


def line_chart(x: list[str], series: dict[str, list[float]], area: bool = True) -> dict:
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 16, "right": 20, "top": 36, "bottom": 24, "containLabel": True},
        "xAxis": {"type": "category", "data": x, "boundaryGap": False},
        "yAxis": {"type": "value"},
        "series": [
            {"name": name, "type": "line", "smooth": True, "showSymbol": False, "data": values,
             **({"areaStyle": {"opacity": 0.12}} if area else {})}
            for name, values in series.items()
        ],
    }


def bar_chart(x: list[str], series: dict[str, list[float]], horizontal: bool = False) -> dict:
    category_axis = {"type": "category", "data": x, "axisLabel": {"interval": 0, "rotate": 0 if horizontal else 30}}
    value_axis = {"type": "value"}
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 16, "right": 20, "top": 36, "bottom": 16, "containLabel": True},
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": category_axis if horizontal else value_axis,
        "series": [{"name": name, "type": "bar", "data": values, "barMaxWidth": 28} for name, values in series.items()],
    }


def pie_chart(items: list[tuple[str, float]]) -> dict:
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"type": "scroll", "orient": "vertical", "right": 0, "top": "middle"},
        "series": [{"type": "pie", "radius": ["40%", "70%"], "center": ["38%", "50%"],
                    "data": [{"name": name, "value": value} for name, value in items],
                    "label": {"show": False}}],
    }
