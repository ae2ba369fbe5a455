"""Demand feedback (需求反馈) and statistics analytics, written once with Ibis.

Modules: `cube` (sales cube and monthly measures), `markets` (totals, growth, rising/declining),
`elasticity` (price sensitivity), `slow_movers`, `unmet_demand`, `price_bands`, `report` (the batch
report), `backends` (DuckDB, PostgreSQL, Spark), `fx` (dated exchange rates), `batch_input`
(validated CSV/JSONL input), `cli`. How each signal is decided: SIGNALS.md.
"""
