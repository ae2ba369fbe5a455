"""Demand feedback (需求反馈) and statistics analytics.

`engine/` is the analytics as pure computation, written once with Ibis (cube, markets, elasticity, slow
movers, unmet demand, price bands, the batch report and its input checks, the backends, FX, the feedback
report's figures). Around it: `service` (the platform's order history as the engine's cube, cached, and
the feedback reports), `views` and `api` (the pages and JSON), `charts` and `pdf` (the report's charts
and PDF, in the reader's language), `cli` (the batch contract `chuhai insight report`, on the engine
alone). How each signal is decided: SIGNALS.md.
"""
