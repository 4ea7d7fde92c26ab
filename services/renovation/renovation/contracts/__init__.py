"""JSON Schemas of the events renovation publishes (see docs/events.md)."""
