"""Pure rules of outbound webhooks: signatures, retry schedule, which URLs may be called."""
from .retries import MAX_ATTEMPTS, next_attempt_delay
from .signing import SIGNATURE_HEADER, sign, verify_signature
from .targets import url_problem

__all__ = ["MAX_ATTEMPTS", "next_attempt_delay", "SIGNATURE_HEADER", "sign", "verify_signature", "url_problem"]
