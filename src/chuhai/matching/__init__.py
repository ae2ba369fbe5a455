"""Precise supply–demand matching (精准匹配): demands ↔ products, in the engine and in the platform.

`engine/` is the pure computation (plain data in, plain data out; see its docstring). The platform
around it: `models` (stored short lists and their `MatchStatus`), `repository` (queries, platform
records → engine records), `index_store` (this process's indexes, kept current after commits),
`service` (short lists, decisions, opportunities, unmet demand, notifications), `reasons` (reason
codes → text in the reader's language, from the Babel catalogs), `views`, `api`, `cli`.

Matching a posted demand is called explicitly by `chuhai.demand.flows`; catalog changes reach the
index through `chuhai.catalog.flows`.
"""
