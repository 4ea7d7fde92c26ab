"""How each provider's error codes become retry or failed (the pipeline retries only the former)."""
import pytest
from kefulib.masking import mask_phone
from notifications.channels import aliyun_sms, smtp, tencent_sms, wechat
from notifications.channels.privacy import mask_address, scrub


@pytest.mark.parametrize("code", ["isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "Throttling", "isp.SYSTEM_ERROR",
                                  "ServiceUnavailable"])
def test_aliyun_throttling_and_system_errors_are_retried(code):
    assert aliyun_sms.status_for_code(code) == "retry"


@pytest.mark.parametrize("code", ["isv.MOBILE_NUMBER_ILLEGAL", "isv.SMS_TEMPLATE_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL",
                                  "isv.AMOUNT_NOT_ENOUGH", "InvalidAccessKeyId.NotFound", "SignatureDoesNotMatch",
                                  "isv.TEMPLATE_MISSING_PARAMETERS", "SomethingNew"])
def test_aliyun_bad_numbers_templates_credentials_and_balance_fail(code):
    assert aliyun_sms.status_for_code(code) == "failed"


@pytest.mark.parametrize("code", ["LimitExceeded.PhoneNumberDailyLimit", "LimitExceeded.PhoneNumberThirtySecondLimit",
                                  "RequestLimitExceeded", "InternalError.Timeout"])
def test_tencent_limits_and_internal_errors_are_retried(code):
    assert tencent_sms.status_for_code(code) == "retry"


@pytest.mark.parametrize("code", ["InvalidParameterValue.IncorrectPhoneNumber", "FailedOperation.TemplateIncorrectOrUnapproved",
                                  "FailedOperation.SignatureIncorrectOrUnapproved", "AuthFailure.SignatureFailure",
                                  "AuthFailure.SecretIdNotFound", "FailedOperation.InsufficientBalanceInSmsPackage",
                                  "UnauthorizedOperation.SmsSdkAppIdVerifyFail"])
def test_tencent_bad_numbers_templates_credentials_and_balance_fail(code):
    assert tencent_sms.status_for_code(code) == "failed"


@pytest.mark.parametrize(("errcode", "status"), [(45009, "retry"), (45047, "retry"), (-1, "retry"), (42001, "retry"),
                                                 (43004, "failed"), (40003, "failed"), (40037, "failed"),
                                                 (47003, "failed"), (40125, "failed")])
def test_wechat_limits_are_retried_and_unsubscribed_users_or_bad_templates_fail(errcode, status):
    assert wechat.status_for_errcode(errcode) == status


@pytest.mark.parametrize(("reply", "status"), [(550, "failed"), (553, "failed"), (535, "failed"), (451, "retry"),
                                               (421, "retry")])
def test_smtp_5xx_is_permanent_and_4xx_transient(reply, status):
    assert smtp.status_for_reply(reply) == status


def test_a_phone_in_a_detail_is_masked():
    assert mask_phone("+8613812345678") == "138****5678"
    assert mask_phone("+6591234567") == "659***4567"
    assert scrub("number +8613812345678 refused") == "number 138****5678 refused"
    assert mask_address("email", "zhang.san@example.com") == "z***@example.com"
