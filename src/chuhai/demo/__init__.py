"""Deterministic demo data: `chuhai.demo.generator.generate(scale, seed)`; planted facts in PLANTED.md."""
