"""Errors the domain raises, so the REST layer can map them once (X-4: name the field)."""


class DomainError(Exception):
    """Base of every rule violation raised by the identity domain."""


class InvalidInput(DomainError, ValueError):
    """A value breaks a rule; `field` names the offending input for a 400 answer."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotPermitted(DomainError, PermissionError):
    """The actor's role may not take this step (e.g. filing without being the manager)."""


class InvalidTransition(DomainError):
    """A state machine was asked for a step its current state does not allow."""
