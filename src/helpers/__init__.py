"""Helpers for the compendium 'Europe and North Korea'.

``helpers.data`` loads and validates the datasets in ``data/``;
``helpers.style`` is the house style for figures;
``helpers.figures`` draws the book's figures (each takes and returns an Axes).
"""

from helpers.data import DataError, load, validate_all

__all__ = ["DataError", "load", "validate_all"]
