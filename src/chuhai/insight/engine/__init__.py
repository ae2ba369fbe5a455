"""The insight engine: the analytics as pure computation, written once with Ibis (plain data in, plain
data out; no database session, web, settings or translations).

Modules: `cube` (sales cube and monthly measures), `markets` (totals, growth, rising/declining),
`elasticity` (price sensitivity), `slow_movers`, `unmet_demand`, `price_bands`, `report` (the batch
report), `backends` (where the expressions run: DuckDB, PostgreSQL, Spark), `fx` (dated exchange
rates), `batch_input` (validated CSV/JSONL input of the batch contract). How each signal is decided:
../SIGNALS.md. Signals carry codes and numbers; pages, PDFs and the CLI turn them into text.
"""
