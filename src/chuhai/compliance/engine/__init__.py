"""Pure computation of compliance: the requirement reference, the rules that make a requirement apply to a
product in a market, and the gap against the certifications a product holds."""
