"""desk's application factory (gunicorn: `desk.app:create_app()`)."""
from kefulib.config import Settings
from kefulib.web import create_service_app

from . import api_answers, api_keys, api_messages, api_move_ins, api_notices, api_parcels, api_surveys, segmenter
from .config import settings_from_env, with_pickup_code_key
from .store import INDEXES


def create_app(settings: Settings | None = None, *, jwks_fetcher=None):
    segmenter.warm_up()  # jieba's dictionary once per process, before the first search rather than in it
    return create_service_app(
        settings=with_pickup_code_key(settings) if settings else settings_from_env(), title="kefu desk", version="0.1.0",
        description="The front desk's registers 总服务台 (DK-2..DK-4): keys signed out only to the people an owner "
                    "authorised, counted at every hand-over; parcels, mail and newspapers picked up by code or "
                    "signature; phone messages; items held for owners; move-in 入伙 in one guided flow "
                    "against the 30-minute target (DK-1); standard answers 回复口径 searched in Chinese (DK-5); "
                    "customer notices approved, published, printed and archived; satisfaction survey campaigns; "
                    "daily and weekly desk reports.",
        blueprints=[*api_keys.BLUEPRINTS, *api_parcels.BLUEPRINTS, *api_messages.BLUEPRINTS,
                    *api_move_ins.BLUEPRINTS, *api_answers.BLUEPRINTS, *api_surveys.BLUEPRINTS,
                    *api_notices.BLUEPRINTS], indexes=INDEXES,
        jwks_fetcher=jwks_fetcher,
    )
