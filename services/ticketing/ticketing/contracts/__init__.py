"""JSON Schemas (draft 2020-12) of the events ticketing publishes, one file per event type (docs/events.md)."""
