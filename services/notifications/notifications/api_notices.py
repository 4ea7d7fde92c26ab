"""REST for messages (NT-1..NT-3): settings, templates with a preview, the delivery log, opt-outs, customers'
channel bindings, staff members' own contact details, and the providers' receipt callbacks. Thin views."""
from flask import request
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.problems import NotFound
from kefulib.web import context

from .config import NotificationsConfig
from .handlers import deliveries, notice_settings, recipients
from .schemas_notices import (
    BindingIn,
    BindingOut,
    DeliveryOut,
    DeliveryPage,
    DeliveryQuery,
    LanguageQuery,
    NoticeSettings,
    OptOutIn,
    OptOutOut,
    OptOutPage,
    OptOutQuery,
    PreviewIn,
    PreviewOut,
    ReceiptsOut,
    StaffContactIn,
    StaffContactOut,
    TemplateIn,
    TemplateList,
    TemplateOut,
    TemplateQuery,
)

READ, WRITE = ["notifications:read"], ["notifications:write"]
RECEIPT_PROVIDERS = ("aliyun", "tencent")
# The providers' documented receipt fields (Aliyun SmsReport; Tencent's status callback), for the document.
_TEXT = {"type": "string"}
RECEIPTS_BODY = {"type": "array", "items": {"type": "object", "properties": {
    "biz_id": _TEXT, "out_id": _TEXT, "phone_number": _TEXT, "success": {"type": "boolean"}, "err_code": _TEXT,
    "err_msg": _TEXT, "report_time": _TEXT, "send_time": _TEXT, "sms_size": _TEXT,
    "sid": _TEXT, "mobile": _TEXT, "nationcode": _TEXT, "report_status": _TEXT, "errmsg": _TEXT,
    "description": _TEXT, "user_receive_time": _TEXT}}}
# Who decides what customers are told and in which words: the people who run the project's service desk.
SETTINGS_ROLES = ["project_manager", "cs_supervisor", "cs_administrator"]

settings_blp = Blueprint("message settings", __name__, url_prefix="/settings",
                         description="What customers are told, when, on which channel; the words of each message.")
log_blp = Blueprint("delivery log", __name__, description="Every message and what became of it (NT-3).")
people_blp = Blueprint("recipients", __name__, description="Customers' opt-outs and channels; staff contacts.")
receipts_blp = Blueprint("receipts", __name__, description="Delivery receipts posted by the SMS providers.")
BLUEPRINTS = [settings_blp, log_blp, people_blp, receipts_blp]


def _db():
    return context().db


def _config() -> NotificationsConfig:
    return NotificationsConfig.of(context().settings)


def _me():
    return current_principal()


@settings_blp.route("/messages", methods=["GET"])
@require(scopes=READ)
@settings_blp.response(200, NoticeSettings)
def get_message_settings():
    return notice_settings.get_settings(_db(), _me().tenant_id)


@settings_blp.route("/messages", methods=["PUT"])
@require(scopes=WRITE, roles=SETTINGS_ROLES)
@settings_blp.arguments(NoticeSettings)
@settings_blp.response(200, NoticeSettings)
@settings_blp.doc(description="Replace the project's message settings; a field left out takes its default.")
def put_message_settings(body):
    return notice_settings.put_settings(_db(), _me().tenant_id, _me().actor, body)


@settings_blp.route("/templates", methods=["GET"])
@require(scopes=READ)
@settings_blp.arguments(TemplateQuery, location="query")
@settings_blp.response(200, TemplateList)
@settings_blp.doc(description="Every topic × channel × language: the project's own wording or the default.")
def list_templates(query):
    return notice_settings.list_templates(_db(), _me().tenant_id, query)


@settings_blp.route("/templates/<topic>/<channel>", methods=["PUT"])
@require(scopes=WRITE, roles=SETTINGS_ROLES)
@settings_blp.arguments(TemplateIn)
@settings_blp.response(200, TemplateOut)
@settings_blp.doc(description="The project's own wording; only the topic's placeholders are allowed (422 names "
                              "an unknown one).")
def put_template(body, topic, channel):
    return notice_settings.put_template(_db(), _me().tenant_id, _me().actor, *notice_settings.template_key(topic, channel),
                                        body)


@settings_blp.route("/templates/<topic>/<channel>", methods=["DELETE"])
@require(scopes=WRITE, roles=SETTINGS_ROLES)
@settings_blp.arguments(LanguageQuery, location="query")
@settings_blp.response(200, TemplateOut)
@settings_blp.doc(description="Back to the default wording (404 when the project has none of its own).")
def reset_template(query, topic, channel):
    return notice_settings.reset_template(_db(), _me().tenant_id, *notice_settings.template_key(topic, channel),
                                          query["language"])


@settings_blp.route("/templates/preview", methods=["POST"])
@require(scopes=READ)
@settings_blp.arguments(PreviewIn)
@settings_blp.response(200, PreviewOut)
@settings_blp.doc(description="A template filled with sample values: the saved wording, or `text`/`subject` given "
                              "here to try before saving.")
def preview_template(body):
    return notice_settings.preview(_db(), _me().tenant_id, body)


@log_blp.route("/deliveries", methods=["GET"])
@require(scopes=READ)
@log_blp.arguments(DeliveryQuery, location="query")
@log_blp.response(200, DeliveryPage)
@log_blp.doc(description="The project's messages, newest first: queued (with `held_for` quiet hours), sent, "
                         "delivered, failed (`dead_letter` when retried to the limit) or suppressed (`reason`).")
def list_deliveries(query):
    return deliveries.list_deliveries(_db(), _me().tenant_id, query)


@log_blp.route("/deliveries/<delivery_id>", methods=["GET"])
@require(scopes=READ)
@log_blp.response(200, DeliveryOut)
def get_delivery(delivery_id):
    return deliveries.get_delivery(_db(), _me().tenant_id, delivery_id)


@people_blp.route("/opt-outs", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@people_blp.arguments(OptOutIn)
@people_blp.response(201, OptOutOut)
@people_blp.doc(description="The customer wants no more messages on this channel (kept as a keyed hash of the "
                            "number). Saying it twice changes nothing.")
def add_opt_out(body):
    return recipients.add_opt_out(_db(), _me().tenant_id, _me().actor, _config().contact_key, body)


@people_blp.route("/opt-outs", methods=["GET"])
@require(scopes=READ)
@people_blp.arguments(OptOutQuery, location="query")
@people_blp.response(200, OptOutPage)
def list_opt_outs(query):
    return recipients.list_opt_outs(_db(), _me().tenant_id, query, _config().contact_key)


@people_blp.route("/opt-outs/<opt_out_id>", methods=["DELETE"])
@require(scopes=WRITE)
@people_blp.response(204)
@people_blp.doc(description="The customer wants messages on this channel again.")
def remove_opt_out(opt_out_id):
    recipients.remove_opt_out(_db(), _me().tenant_id, opt_out_id)


@people_blp.route("/customer-bindings", methods=["PUT"])
@require(scopes=WRITE)
@people_blp.arguments(BindingIn)
@people_blp.response(200, BindingOut)
@people_blp.doc(description="Where else a customer (by phone number) is reached: the official account's openid, "
                            "from the WeChat integration when the owner binds their number, and an e-mail address. "
                            "A field sent as null removes it; the answer is masked.")
def put_binding(body):
    return recipients.put_binding(_db(), _me().tenant_id, _me().actor, _config().contact_key, body)


@people_blp.route("/staff-contacts/me", methods=["GET"])
@require(scopes=READ)
@people_blp.response(200, StaffContactOut)
def get_my_contact():
    return recipients.get_staff_contact(_db(), _me().subject)


@people_blp.route("/staff-contacts/me", methods=["PUT"])
@require(scopes=WRITE)
@people_blp.arguments(StaffContactIn)
@people_blp.response(200, StaffContactOut)
@people_blp.doc(description="Your own work e-mail and phone, where escalations reach you beyond the inbox.")
def put_my_contact(body):
    return recipients.put_staff_contact(_db(), _me().subject, body)


@receipts_blp.route("/receipts/<provider>/<token>", methods=["POST"])
@receipts_blp.response(200, ReceiptsOut)
@receipts_blp.doc(security=[], description="The SMS provider's delivery receipts (Aliyun SmsReport, Tencent status "
                                           "callback). The URL's token is an HMAC given to the provider when the "
                                           "callback is set up; a wrong one answers 404.",
                  requestBody={"required": True, "content": {"application/json": {"schema": RECEIPTS_BODY}}})
def post_receipts(provider, token):
    if provider not in RECEIPT_PROVIDERS:
        raise NotFound("No such receipt endpoint.")
    deliveries.apply_receipts(_db(), _config(), provider, token, request.get_data())
    return {"code": 0, "msg": "成功"} if provider == "aliyun" else {"result": 0, "errmsg": "OK"}
