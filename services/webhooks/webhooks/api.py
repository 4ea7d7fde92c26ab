"""webhooks' REST endpoints: thin views."""
from flask import current_app
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import PageQuery, page_of, tenant_collection

from . import handlers
from .config import WebhooksConfig
from .schemas import (
    DeliveryOut,
    DeliveryPage,
    DeliveryQuery,
    SubscriptionCreatedOut,
    SubscriptionIn,
    SubscriptionOut,
    SubscriptionPage,
)
from .store import DELIVERIES, SUBSCRIPTIONS

blp = Blueprint("webhooks", __name__, description="Outbound webhooks: subscriptions, deliveries and replay.")
SCOPE = ["webhooks:manage"]
CONFIG_EXTENSION = "webhooks.config"


def config() -> WebhooksConfig:
    """The service's settings, made once by create_app (never read from the environment per request)."""
    return current_app.extensions[CONFIG_EXTENSION]


@blp.route("/subscriptions", methods=["POST"])
@require(scopes=SCOPE)
@idempotent(withhold=("secret",))  # the signing secret is shown once and never stored with the replay
@blp.arguments(SubscriptionIn)
@blp.response(201, SubscriptionCreatedOut)
def create_subscription(body):
    return handlers.create_subscription(tenant_collection(SUBSCRIPTIONS), current_principal(), body, config())


@blp.route("/subscriptions", methods=["GET"])
@require(scopes=SCOPE)
@blp.arguments(PageQuery, location="query")
@blp.response(200, SubscriptionPage)
def list_subscriptions(query):
    subscriptions = tenant_collection(SUBSCRIPTIONS)
    return page_of(lambda: subscriptions.find({}).sort("created_at", -1), subscriptions.count_documents({}),
                   query["page"], query["page_size"], dump=lambda s: s)


@blp.route("/subscriptions/<subscription_id>", methods=["GET"])
@require(scopes=SCOPE)
@blp.response(200, SubscriptionOut)
def get_subscription(subscription_id):
    return handlers.get_subscription(tenant_collection(SUBSCRIPTIONS), subscription_id)


@blp.route("/subscriptions/<subscription_id>", methods=["DELETE"])
@require(scopes=SCOPE)
@blp.response(204)
def delete_subscription(subscription_id):
    handlers.deactivate_subscription(tenant_collection(SUBSCRIPTIONS), subscription_id)


@blp.route("/deliveries", methods=["GET"])
@require(scopes=SCOPE)
@blp.arguments(DeliveryQuery, location="query")
@blp.response(200, DeliveryPage)
def list_deliveries(query):
    deliveries = tenant_collection(DELIVERIES)
    filter_ = {key: query[key] for key in ("subscription_id", "status") if key in query}
    return page_of(lambda: deliveries.find(filter_).sort("created_at", -1), deliveries.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda d: d)


@blp.route("/deliveries/<delivery_id>", methods=["GET"])
@require(scopes=SCOPE)
@blp.response(200, DeliveryOut)
def get_delivery(delivery_id):
    return handlers.get_delivery(tenant_collection(DELIVERIES), delivery_id)


@blp.route("/deliveries/<delivery_id>/replay", methods=["POST"])
@require(scopes=SCOPE)
@blp.response(202, DeliveryOut)
def replay_delivery(delivery_id):
    return handlers.replay_delivery(tenant_collection(DELIVERIES), delivery_id)
