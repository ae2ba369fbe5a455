"""Compliance: what each market requires of a product (certifications, markings, registrations, tests, labels)."""
