"""The providers' published worked examples, reproduced by the adapters' signing code AND by the fakes'
own verifying code: both are pinned to the documented algorithm, not merely to each other."""
from notifications.channels import aliyun_sms, tencent_sms
from notifications.testing.fake_aliyun import expected_signature
from notifications.testing.fake_http import FakeRequest
from notifications.testing.fake_tencent import tc3_signature

# Alibaba Cloud, "V3版本请求体&签名机制", fixed-parameter example (RunInstances on ECS).
ALIYUN_QUERY = {"ImageId": "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", "RegionId": "cn-shanghai"}
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
ALIYUN_HEADERS = {"host": "ecs.cn-shanghai.aliyuncs.com", "x-acs-action": "RunInstances", "x-acs-version": "2014-05-26",
                  "x-acs-date": "2023-10-26T10:22:32Z", "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
                  "x-acs-content-sha256": EMPTY_SHA256}
ALIYUN_SIGNATURE = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
ALIYUN_SIGNED = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"

# Tencent Cloud, "签名方法 v3" example (DescribeInstances on CVM); the document's key is 32 asterisks.
TENCENT_PAYLOAD = b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
TENCENT_ID, TENCENT_KEY = "AKID" + "*" * 32, "*" * 32
TENCENT_SIGNATURE = "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"


def test_the_aliyun_adapter_reproduces_the_documented_v3_signature():
    header = aliyun_sms.authorization("YourAccessKeyId", "YourAccessKeySecret", "POST", ALIYUN_QUERY, ALIYUN_HEADERS, b"")
    assert header == (f"ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders={ALIYUN_SIGNED},"
                      f"Signature={ALIYUN_SIGNATURE}")


def test_the_fake_aliyun_verifies_the_documented_v3_signature():
    query = "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai"
    request = FakeRequest("POST", "/", query, dict(ALIYUN_HEADERS), b"")
    assert expected_signature("YourAccessKeySecret", request, ALIYUN_SIGNED.split(";")) == ALIYUN_SIGNATURE


def test_aliyun_percent_encoding_follows_rfc_3986_not_form_encoding():
    assert aliyun_sms.percent_encode("a b*c~d/e+f=中") == "a%20b%2Ac~d%2Fe%2Bf%3D%E4%B8%AD"


def test_the_tencent_adapter_reproduces_the_documented_tc3_signature():
    header = tencent_sms.authorization(TENCENT_ID, TENCENT_KEY, service="cvm", host="cvm.tencentcloudapi.com",
                                       action="DescribeInstances", payload=TENCENT_PAYLOAD, timestamp=1551113065)
    assert header == (f"TC3-HMAC-SHA256 Credential={TENCENT_ID}/2019-02-25/cvm/tc3_request, "
                      f"SignedHeaders=content-type;host;x-tc-action, Signature={TENCENT_SIGNATURE}")


def test_the_fake_tencent_verifies_the_documented_tc3_signature():
    headers = {"content-type": "application/json; charset=utf-8", "host": "cvm.tencentcloudapi.com",
               "x-tc-action": "DescribeInstances", "x-tc-timestamp": "1551113065"}
    request = FakeRequest("POST", "/", "", headers, TENCENT_PAYLOAD)
    signed = ["content-type", "host", "x-tc-action"]
    assert tc3_signature(TENCENT_KEY, request, "2019-02-25", "cvm", signed) == TENCENT_SIGNATURE


def test_the_tencent_credential_scope_takes_the_utc_date():
    # 2019-02-25 23:30 UTC is already 2019-02-26 in Beijing: the scope must still say the 25th.
    header = tencent_sms.authorization("id", "key", service="sms", host="h", action="SendSms", payload=b"{}",
                                       timestamp=1551137400)
    assert "/2019-02-25/sms/tc3_request" in header
