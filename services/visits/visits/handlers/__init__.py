"""visits' use cases: load, apply the domain rule, save (with any outgoing event in the same commit)."""
