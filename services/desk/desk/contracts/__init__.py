"""JSON Schemas of the events desk publishes (see docs/events.md)."""
