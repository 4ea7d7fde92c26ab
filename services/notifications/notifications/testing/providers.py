"""Fake delivery providers for tests: each a real server on 127.0.0.1 and a free port, started and
stopped as a context manager, that checks every request as the provider documents it and answers like
the provider. ``.received`` holds the accepted messages; ``throttle_next(n)`` and ``fail_next(n, code)``
make the next requests fail. Used by the notifications tests and the platform's end-to-end tests."""
from .fake_aliyun import AliyunSmsReceived, FakeAliyunSms
from .fake_http import FakeRequest, Fault
from .fake_smtp import FakeSmtp, SmtpReceived
from .fake_tencent import FakeTencentSms, TencentSmsReceived
from .fake_wechat import FakeWeChat, WeChatReceived

__all__ = ["AliyunSmsReceived", "FakeAliyunSms", "FakeRequest", "FakeSmtp", "FakeTencentSms", "FakeWeChat", "Fault",
           "SmtpReceived", "TencentSmsReceived", "WeChatReceived"]
