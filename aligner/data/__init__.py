"""Packaged data files for checks: exception lists, redundant-hedge patterns, scraping chrome strings."""
