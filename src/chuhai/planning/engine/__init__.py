"""The planning engines: plain data in, plain data out (no database, web, settings or translations).

`cost` (landed cost per option) and `advice` (rules over the results) under `landed_cost` (the
`chuhai plan landed-cost` contract); `stock` (replenishment) on `forecast`; `hs` (HS code suggestion)
on `nomenclature`; `reference` (the shipped reference data) and `overrides` under them all. Their words
are codes with parameters (`messages.Msg`); `chuhai.planning.texts` renders them from the catalogs.
"""
