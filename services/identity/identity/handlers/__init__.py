"""identity's use cases, one module per resource, paired with the view modules (api*.py): load, apply the domain's
rule, save (with the outgoing events in one transaction). The views only load the request, call one of these and
dump the answer; domain errors become problems in create_service_app (common.DOMAIN_PROBLEMS).

The CLI's bootstrap and the tests make projects and clients through the names re-exported here."""
from .tenants import create_client, create_tenant, get_tenant, rotate_client_secret

__all__ = ["create_client", "create_tenant", "get_tenant", "rotate_client_secret"]
