"""billing's use cases: load, apply the domain rule, save with the outgoing event in one commit."""
