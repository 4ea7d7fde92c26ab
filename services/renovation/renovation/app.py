"""renovation's application factory (gunicorn: `renovation.app:create_app()`)."""
from kefulib.config import Settings
from kefulib.web import create_service_app

from . import api_applications, api_completion, api_passes, api_patrols, api_works
from .config import settings_from_env
from .store import INDEXES


def create_app(settings: Settings | None = None, *, jwks_fetcher=None):
    return create_service_app(
        settings=settings or settings_from_env(), title="kefu renovation", version="0.1.0",
        description="Renovation 装修 (issue 16): the application with the owner's (or agent's) papers, the contractor, "
                    "the scope, planned dates and working hours; the review by CS (completeness), engineering "
                    "(drawings, flags kept for the patrols) and the manager, each refusal with its reason and "
                    "resubmission; the deposit 装修押金, management fee and pass fees charged in billing by event and "
                    "paid at its cashier; the permit 装修许可证 issued on their payment with a gap-free number per "
                    "project; worker passes 装修出入证 per worker (the ID number masked) within the permit, handed back "
                    "and counted, checked at the gate (valid, expired, outside hours, returned, revoked) and every check logged; "
                    "patrols 巡查 with findings and photos, violations with a numbered rectification notice 整改通知书 "
                    "and deadline, followed up until rectified or escalated, illegal building recorded for the "
                    "authorities; flagged units due for patrol more often; hot work 动火 "
                    "within the permit with a fire-watch person, and extensions 延期 moving the permit's end; completion 竣工 "
                    "accepted with every pass back and the deposit refunded through billing minus deductions.",
        blueprints=[*api_applications.BLUEPRINTS, *api_passes.BLUEPRINTS, *api_patrols.BLUEPRINTS,
                    *api_works.BLUEPRINTS, *api_completion.BLUEPRINTS], indexes=INDEXES,
        jwks_fetcher=jwks_fetcher,
    )
