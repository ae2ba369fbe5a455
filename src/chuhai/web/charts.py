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


WORLD_MAP = "world"  # /static/vendor/world.json, regions named by ISO 3166-1 alpha-2 code


def world_map(values: dict[str, float], names: dict[str, str], series_name: str,
              scale_labels: tuple[str, str] = ("High", "Low")) -> dict:
    """A choropleth of `values` by ISO alpha-2 code; `names` gives each code's label in the reader's
    language (ECharts' nameMap), so the tooltip says "美国" or "United States", not "US". The colour
    scale is labelled with `scale_labels` (high, low) rather than raw numbers."""
    top = max(values.values(), default=0) or 1
    return {
        "tooltip": {"trigger": "item"},
        "visualMap": {"min": 0, "max": top, "left": 8, "bottom": 8, "calculable": False, "itemHeight": 90,
                      "text": list(scale_labels),
                      "inRange": {"color": ["#fde7d9", "#f59e0b", "#c2410c", "#7c2d12"]}},
        "series": [{
            "name": series_name, "type": "map", "map": WORLD_MAP, "roam": False, "zoom": 1.15,
            "nameMap": names,
            "itemStyle": {"areaColor": "#eef0f3", "borderColor": "#c7ccd4", "borderWidth": 0.5},
            "emphasis": {"label": {"show": False}, "itemStyle": {"areaColor": "#1d4ed8"}},
            "data": [{"name": names.get(code, code), "value": value} for code, value in values.items()],
        }],
    }
