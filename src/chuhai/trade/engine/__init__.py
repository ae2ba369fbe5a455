"""Pure computation for trade: the landed cost of a quotation at the buyer's door (`landed_cost`, on the
planner's engine and reference data), Incoterm rules (`incoterms`), the price for a quantity
(`pricing`), response rates (`response`), contact details in message text (`contacts`) and what an
uploaded file really is (`files`). Plain data in, plain data out; no database, web, settings or i18n."""
