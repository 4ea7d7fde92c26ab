"""The overlays rendered once per run, and this folder's support modules (pytest imports in importlib mode, so
they are loaded by path)."""
import importlib.util
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
K8S = HERE.parents[1] / "deploy" / "k8s"
OVERLAYS = ("development", "production")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"k8s_support_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


kustomize = _load("kustomize")
code_facts = _load("code_facts")
keda_schema = _load("keda_schema")


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[dict]]:
    return {overlay: kustomize.render(K8S / "overlays" / overlay) for overlay in OVERLAYS}
