"""Plumbing shared by the kefu services. No domain words live here."""
