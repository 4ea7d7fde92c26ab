"""Delivery channels (渠道) of the notifications service: SMS (Aliyun or Tencent), WeChat official-account
template messages and e-mail, each behind the one ``Channel`` interface of ``base.py``."""
from .base import Channel, Outcome, Outgoing
from .config import build_channels
from .receipts import Receipt, parse_receipts

__all__ = ["Channel", "Outcome", "Outgoing", "Receipt", "build_channels", "parse_receipts"]
