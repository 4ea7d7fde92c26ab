"""ticketing's use cases: load, apply the domain rule, save with the outgoing events in one commit."""
from .tickets import act, create_ticket, get_ticket, history, perform, reclassify, ticket_filter

__all__ = ["act", "create_ticket", "get_ticket", "history", "perform", "reclassify", "ticket_filter"]
