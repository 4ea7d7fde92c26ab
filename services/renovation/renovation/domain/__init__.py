"""Renovation's rules: pure functions over plain values (no database, web framework, broker or clock; every time is
passed in)."""
