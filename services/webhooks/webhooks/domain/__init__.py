"""Pure rules of outbound webhooks: signatures, retry schedule, which URLs and addresses may be called."""
from .retries import MAX_ATTEMPTS, next_attempt_delay
from .signing import SIGNATURE_HEADER, sign, verify_signature
from .targets import (
    NOT_PUBLIC,
    PinnedTarget,
    ResolutionFailed,
    Resolver,
    Target,
    TargetRefused,
    is_public_address,
    parse_target,
    pin_target,
    url_problem,
)

__all__ = ["MAX_ATTEMPTS", "next_attempt_delay", "SIGNATURE_HEADER", "sign", "verify_signature", "NOT_PUBLIC",
           "PinnedTarget", "ResolutionFailed", "Resolver", "Target", "TargetRefused", "is_public_address",
           "parse_target", "pin_target", "url_problem"]
