"""Trade: from match to deal. Quotations answering demands (compared by landed cost at the buyer's door),
conversations per demand and enterprise, deals from sample to order, and the outcomes the programme
reports (talks, intentions, signed). See `service` for what pages, statistics and the demo call."""
