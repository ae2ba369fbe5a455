"""Chuhai (出海): cross-border e-commerce + industrial belt platform."""
__version__ = "0.1.0"
