"""Packaged data files read by billing.domain (catalogue seed, sample repair price list)."""
