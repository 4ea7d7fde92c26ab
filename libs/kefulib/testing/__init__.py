"""Test support: real MongoDB (or SecantusDB) and RabbitMQ, per-test databases and queues, tokens."""
