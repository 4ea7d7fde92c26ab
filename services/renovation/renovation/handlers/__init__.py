"""Renovation's use cases: the handlers the thin views and the consumers call."""
