"""deploy/k8s rendered (both overlays), validated offline against the Kubernetes API schemas and KEDA's, and checked
against the code: images and commands, ports, probe paths, environment variables, secrets and queue names.

Each check reads both sides, so a change to either that makes them disagree fails here (a consumer renamed in
services/*/consumers.py, a variable added to a config.py, a port changed in deploy/gunicorn.conf.py...).
"""
from __future__ import annotations

import importlib
import re
import runpy
import sys
from pathlib import Path

import kubernetes_validate
import pytest
from jsonschema import Draft202012Validator
from kefulib.config import Settings
from kefulib.testing.apps import SERVICES

kustomize = sys.modules["k8s_support_kustomize"]
code_facts = sys.modules["k8s_support_code_facts"]
keda_schema = sys.modules["k8s_support_keda_schema"]

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ("development", "production")
# The oldest Kubernetes the manifests are meant for (autoscaling/v2 and policy/v1 are GA since 1.23).
KUBERNETES_VERSION = "1.31.0"
KEDA_KINDS = set(keda_schema.SCHEMAS)
# What the root README's configuration table names, so the console counts as a process like the services.
PROCESS_ROOTS = {"console": {"kefulib", "console"}, **{s: {"kefulib", s} for s in SERVICES}}
IMAGES = {"kefu": ROOT / "deploy" / "Dockerfile", "kefu-console": ROOT / "deploy" / "Dockerfile.console"}
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
SECRETISH = re.compile(r"(KEY|SECRET|PASSWORD|TOKEN|_URL)$")
PUBLIC_URLS = {"JWKS_URL", "IDENTITY_URL", "TICKETING_URL", "VISITS_URL", "BILLING_URL", "DESK_URL", "RENOVATION_URL",
               "NOTIFICATIONS_URL", "CONSOLE_PUBLIC_URL", "NOTIFICATIONS_PUBLIC_URL"}  # addresses, not credentials


def of_kind(objects, kind):
    return [o for o in objects if o["kind"] == kind]


def named(objects, kind, name):
    found = kustomize.find(objects, kind, name)
    assert found is not None, f"no {kind} {name}"
    return found


def deployments(objects):
    return of_kind(objects, "Deployment")


def container(deployment):
    (only,) = deployment["spec"]["template"]["spec"]["containers"]
    return only


def process_of(deployment) -> tuple[str, str, str]:
    """(service, kind, entry module): `ticketing.app` for gunicorn's `ticketing.app:create_app()`, else the -m module."""
    command = container(deployment)["command"]
    if command[0] == "gunicorn":
        target = command[-1]
        module = target.split(":", 1)[0]
        return module.split(".")[0], "web", module
    assert command[:2] == ["python", "-m"], command
    return command[2].split(".")[0], "worker", command[2]


def environment(objects, deployment) -> dict[str, dict]:
    """Each variable the container gets -> where from: {"value": ...}, {"secret": (name, key)} or {"configMap": name}."""
    out: dict[str, dict] = {}
    spec = container(deployment)
    for source in spec.get("envFrom", []):
        if "configMapRef" in source:
            config = named(objects, "ConfigMap", source["configMapRef"]["name"])
            out.update({k: {"value": v, "configMap": config["metadata"]["name"]} for k, v in config["data"].items()})
    for var in spec.get("env", []):
        if "value" in var:
            out[var["name"]] = {"value": var["value"]}
        else:
            ref = var["valueFrom"]["secretKeyRef"]
            out[var["name"]] = {"secret": (ref["name"], ref["key"])}
    return out


# ---- rendering and schemas --------------------------------------------------------------------------------------

@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_object_once_and_no_secret_in_any_manifest(rendered, overlay):
    objects = rendered[overlay]
    keys = [(o["kind"], o["metadata"]["name"]) for o in objects]
    assert len(keys) == len(set(keys))
    assert not of_kind(objects, "Secret"), "secrets are the operator's (kubectl create secret), never a manifest"
    for config in of_kind(objects, "ConfigMap"):
        leaked = [k for k in config["data"] if SECRETISH.search(k) and k not in PUBLIC_URLS]
        assert not leaked, f"ConfigMap {config['metadata']['name']} holds {leaked}: a Secret's job"
    for deployment in deployments(objects):
        for var in container(deployment).get("env", []):
            assert not ("value" in var and SECRETISH.search(var["name"]) and var["name"] not in PUBLIC_URLS), var


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_matches_the_kubernetes_api_schema(rendered, overlay):
    checked = 0
    for obj in rendered[overlay]:
        if obj["kind"] in KEDA_KINDS:
            continue
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)  # strict: unknown fields are errors
        checked += 1
    assert checked > 40


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_keda_objects_match_their_schema_and_point_at_what_exists(rendered, overlay):
    objects = rendered[overlay]
    for obj in [o for o in objects if o["kind"] in KEDA_KINDS]:
        errors = sorted(Draft202012Validator(keda_schema.SCHEMAS[obj["kind"]]).iter_errors(obj), key=str)
        assert not errors, f"{obj['kind']} {obj['metadata']['name']}: {errors[0].message} at {list(errors[0].path)}"
    for scaled in of_kind(objects, "ScaledObject"):
        spec = scaled["spec"]
        assert spec["minReplicaCount"] >= 1, "the worker also relays the outbox and runs jobs: never scale it to zero"
        assert spec["maxReplicaCount"] >= spec["minReplicaCount"]
        named(objects, "Deployment", spec["scaleTargetRef"]["name"])
        for trigger in spec["triggers"]:
            named(objects, "TriggerAuthentication", trigger["authenticationRef"]["name"])
    for auth in of_kind(objects, "TriggerAuthentication"):
        for ref in auth["spec"]["secretTargetRef"]:
            assert ref["key"] == "AMQP_URL", "KEDA reads the queues with the platform's own AMQP URL"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_web_deployment_has_a_service_autoscaler_and_disruption_budget(rendered, overlay):
    objects = rendered[overlay]
    webs = [d for d in deployments(objects) if process_of(d)[1] == "web"]
    assert {process_of(d)[0] for d in webs} == {*SERVICES, "console"}
    for deployment in deployments(objects):
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
        budgets = [p for p in of_kind(objects, "PodDisruptionBudget")
                   if p["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()]
        assert len(budgets) == 1, deployment["metadata"]["name"]
    scaled = {o["spec"]["scaleTargetRef"]["name"] for o in objects if o["kind"] in ("HorizontalPodAutoscaler", "ScaledObject")}
    for deployment in deployments(objects):
        # an autoscaled Deployment with `replicas` would be reset to it by every apply
        assert ("replicas" in deployment["spec"]) != (deployment["metadata"]["name"] in scaled), deployment["metadata"]["name"]
    for web in webs:
        name = web["metadata"]["name"]
        service = named(objects, "Service", name)
        assert service["spec"]["selector"].items() <= web["spec"]["template"]["metadata"]["labels"].items()
        hpa = named(objects, "HorizontalPodAutoscaler", name)
        assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        assert container(web)["resources"]["requests"]["cpu"], "an HPA on CPU needs a CPU request"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pods_run_as_the_images_non_root_user_with_a_read_only_root(rendered, overlay):
    dockerfile = IMAGES["kefu"].read_text()
    uid = int(re.search(r"--uid (\d+)", dockerfile).group(1))
    assert re.search(r"--uid (\d+)", IMAGES["kefu-console"].read_text()).group(1) == str(uid)
    for deployment in deployments(rendered[overlay]):
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == uid
        assert pod["automountServiceAccountToken"] is False
        security = container(deployment)["securityContext"]
        assert security["readOnlyRootFilesystem"] is True and security["allowPrivilegeEscalation"] is False
        assert security["capabilities"]["drop"] == ["ALL"]
        mounts = {m["mountPath"] for m in container(deployment)["volumeMounts"]}
        assert "/tmp" in mounts, "gunicorn's heartbeat files and tempfile need a writable /tmp"
        resources = container(deployment)["resources"]
        assert mebibytes(resources["requests"]["memory"]) <= mebibytes(resources["limits"]["memory"])


def mebibytes(quantity: str) -> int:
    match = re.fullmatch(r"(\d+)(Mi|Gi)", quantity)
    assert match, f"memory as Mi or Gi, not {quantity}"
    return int(match.group(1)) * (1024 if match.group(2) == "Gi" else 1)


# ---- against the code -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("overlay", OVERLAYS)
def test_images_and_commands_are_what_the_images_hold(rendered, overlay):
    for deployment in deployments(rendered[overlay]):
        spec = container(deployment)
        service, kind, module = process_of(deployment)
        name = kustomize.image_name(spec["image"]).rsplit("/", 1)[-1]
        dockerfile = IMAGES[name].read_text()
        installed = "./console" if service == "console" else f"./services/{service}"
        assert installed in dockerfile, f"{IMAGES[name].name} does not install {service}"
        entry = importlib.import_module(module)
        if kind == "web":
            assert spec["command"][-1] == f"{module}:create_app()" and callable(entry.create_app)
            config_path = spec["command"][spec["command"].index("-c") + 1]
            assert f"deploy/gunicorn.conf.py {config_path}" in dockerfile, f"{name} has no {config_path}"
        else:
            assert callable(entry.main), f"python -m {module} runs main()"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_ports_are_gunicorns_and_the_probes_and_services_use_them(rendered, overlay, monkeypatch):
    objects = rendered[overlay]
    for web in [d for d in deployments(objects) if process_of(d)[1] == "web"]:
        spec = container(web)
        with monkeypatch.context() as env:
            for name, source in environment(objects, web).items():
                if "value" in source:
                    env.setenv(name, source["value"])
            bind = runpy.run_path(str(GUNICORN_CONFIG))["bind"]
        port = int(bind.rsplit(":", 1)[1])
        (declared,) = spec["ports"]
        assert declared["containerPort"] == port, f"{web['metadata']['name']}: gunicorn binds {bind}"
        for probe in ("readinessProbe", "livenessProbe"):
            assert spec[probe]["httpGet"]["port"] in (declared["name"], port)
        (service_port,) = named(objects, "Service", web["metadata"]["name"])["spec"]["ports"]
        assert service_port["targetPort"] in (declared["name"], port)


def test_probe_paths_answer_on_the_real_apps(rendered, build_app, settings_for):
    """Every web Deployment's probe paths are routes of its app, answering 200 on a real database and broker."""
    from console.app import create_app as console_app
    from console.config import ConsoleSettings

    for web in [d for d in deployments(rendered["production"]) if process_of(d)[1] == "web"]:
        service = process_of(web)[0]
        if service == "console":
            base = settings_for("console")
            app = console_app(ConsoleSettings(
                public_url="https://kefu.example.com", identity_url="http://identity", service_urls={},
                client_id="console", client_secret="console-secret", mongo_url=base.mongo_url, mongo_db=base.mongo_db,
                amqp_url=base.amqp_url, event_exchange=base.event_exchange), listen=False)
        else:
            app = build_app(service)
        client = app.test_client()
        for probe in ("readinessProbe", "livenessProbe"):
            path = container(web)[probe]["httpGet"]["path"]
            response = client.get(path)
            assert response.status_code == 200, f"{service} {path}: {response.status_code} {response.get_data(True)}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_variable_set_is_read_by_that_process(rendered, overlay):
    objects = rendered[overlay]
    gunicorn = code_facts.file_reads(GUNICORN_CONFIG)
    for deployment in deployments(objects):
        service, kind, module = process_of(deployment)
        reads = code_facts.environment_reads(module, PROCESS_ROOTS[service])
        unread = [name for name in environment(objects, deployment)
                  if not reads.reads(name) and not (kind == "web" and gunicorn.reads(name))]
        assert not unread, f"{deployment['metadata']['name']} sets {unread}, which its code never reads"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_secret_the_code_requires_comes_from_a_secret(rendered, overlay):
    objects = rendered[overlay]
    for deployment in deployments(objects):
        service, _, module = process_of(deployment)
        env = environment(objects, deployment)
        required = code_facts.environment_reads(module, PROCESS_ROOTS[service]).required
        missing = sorted(name for name in required if "secret" not in env.get(name, {}))
        assert not missing, f"{deployment['metadata']['name']} needs {missing} from a Secret"
        for name in ("MONGO_URL", "AMQP_URL"):  # they carry the passwords
            assert env[name] == {"secret": ("kefu-connections", name)}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_process_uses_one_event_exchange(rendered, overlay):
    objects = rendered[overlay]
    exchanges = {environment(objects, d).get("EVENT_EXCHANGE", {}).get("value") for d in deployments(objects)}
    assert len(exchanges) == 1 and None not in exchanges, exchanges


def test_kefu_env_is_development_only_in_the_development_overlay(rendered):
    assert named(rendered["development"], "ConfigMap", "kefu-common")["data"]["KEFU_ENV"] == "development"
    for deployment in deployments(rendered["production"]):
        assert "KEFU_ENV" not in environment(rendered["production"], deployment), "production: unset, so secrets are required"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_keda_scales_each_worker_on_exactly_the_queues_it_consumes(rendered, overlay, monkeypatch):
    monkeypatch.setenv("KEFU_ENV", "development")  # building notifications' consumers reads its survey key
    objects = rendered[overlay]
    for worker in [d for d in deployments(objects) if process_of(d)[1] == "worker"]:
        service = process_of(worker)[0]
        exchange = environment(objects, worker)["EVENT_EXCHANGE"]["value"]
        has_consumers = importlib.util.find_spec(f"{service}.consumers") is not None
        queues = code_facts.consumer_queues(service, exchange) if has_consumers else set()
        scaled = kustomize.find(objects, "ScaledObject", worker["metadata"]["name"])
        declared = {t["metadata"]["queueName"] for t in scaled["spec"]["triggers"]} if scaled else set()
        assert declared == queues, f"{worker['metadata']['name']}: KEDA watches {sorted(declared)}, it consumes {sorted(queues)}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_ingress_routes_the_gateways_prefixes_to_existing_services(rendered, overlay):
    objects = rendered[overlay]
    nginx = (ROOT / "deploy" / "gateway" / "nginx.conf").read_text()
    gateway = set(re.findall(r"location ~ \^/\((\w+)\)", nginx))
    services = named(objects, "Ingress", "kefu-services")
    paths = [p for rule in services["spec"]["rules"] for p in rule["http"]["paths"]]
    routed = {p["path"].split("(", 1)[0].strip("/"): p["backend"]["service"]["name"] for p in paths}
    assert set(routed) == gateway and all(prefix == backend for prefix, backend in routed.items())
    assert services["metadata"]["annotations"]["nginx.ingress.kubernetes.io/rewrite-target"] == "/$2"
    console = named(objects, "Ingress", "kefu-console")
    (root,) = [p for rule in console["spec"]["rules"] for p in rule["http"]["paths"]]
    assert (root["path"], root["backend"]["service"]["name"]) == ("/", "console")
    for path in [*paths, root]:
        service = named(objects, "Service", path["backend"]["service"]["name"])
        assert path["backend"]["service"]["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_deny_by_default_and_expose_only_through_the_gateway(rendered, overlay):
    objects = rendered[overlay]
    policies = of_kind(objects, "NetworkPolicy")
    deny = named(objects, "NetworkPolicy", "default-deny")
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    for policy in policies:
        for rule in policy["spec"].get("ingress", []):
            assert rule.get("from"), f"{policy['metadata']['name']}: an ingress rule without `from` admits anyone"
            for peer in rule["from"]:
                assert "ipBlock" not in peer, "only pods (the gateway, our callers) may come in"
    scrape = named(objects, "NetworkPolicy", "kefu-metrics-scrape")
    assert [peer["podSelector"]["matchLabels"] for rule in scrape["spec"]["ingress"] for peer in rule["from"]] == [
        {"app.kubernetes.io/name": "prometheus"}]
    assert {p["port"] for rule in scrape["spec"]["ingress"] for p in rule["ports"]} == {8000, Settings.metrics_port}
    for worker in [d for d in deployments(objects) if process_of(d)[1] == "worker"]:
        labels = worker["spec"]["template"]["metadata"]["labels"]
        admitted = [p for p in policies if "Ingress" in p["spec"]["policyTypes"] and p["spec"].get("ingress")
                    and p["spec"]["podSelector"].get("matchLabels", {}).items() <= labels.items()
                    and p is not scrape]
        assert not admitted, f"nothing but Prometheus calls {worker['metadata']['name']}"
        annotations = worker["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/port"] == str(Settings.metrics_port)
        assert {p["containerPort"] for p in container(worker).get("ports", [])} == {Settings.metrics_port}


def test_production_images_are_pinned_by_digest_and_development_by_tag(rendered):
    for deployment in deployments(rendered["production"]):
        assert re.fullmatch(r".+@sha256:[0-9a-f]{64}", container(deployment)["image"])
    for deployment in deployments(rendered["development"]):
        assert re.fullmatch(r"kefu(-console)?:dev", container(deployment)["image"])
