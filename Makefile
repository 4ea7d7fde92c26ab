# kefu: multi-tenant customer-service platform for property management.
# `make run` starts everything locally; `make test` installs and runs every test.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
PACKAGES := -e libs[testing] -e services/identity -e services/ticketing -e services/visits -e services/billing -e services/webhooks -e services/notifications -e services/desk -e services/renovation -e console
WEB    := console/web

.PHONY: install run test test-unit test-integration test-e2e lint bench up down deadletters rabbitmq-definitions clean

$(VENV)/.installed: libs/pyproject.toml services/*/pyproject.toml console/pyproject.toml requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt $(PACKAGES)
	touch $@

# The staff console's web app: installed from its lockfile and built into console/web/dist (served by the BFF).
$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund
	touch $@

$(WEB)/dist/index.html: $(WEB)/node_modules/.installed $(WEB)/index.html $(WEB)/vite.config.js $(shell find $(WEB)/src -type f 2>/dev/null)
	cd $(WEB) && npm run build

install: $(VENV)/.installed $(WEB)/dist/index.html

run: install
	$(PY) deploy/local/run.py

test: install
	$(PY) -m pytest

test-unit: install
	$(PY) -m pytest -m unit

test-integration: install
	$(PY) -m pytest -m integration

test-e2e: install
	$(PY) -m pytest -m e2e

lint: install
	$(VENV)/bin/ruff check libs services console tests deploy

bench: install
	$(PY) bench/run.py

up:
	docker compose up --build -d

down:
	docker compose down

rabbitmq-definitions: install  ## definitions JSON for a three-node cluster from the code's topology (OUT=file)
	$(PY) -m deploy.rabbitmq_definitions $(if $(OUT),--out $(OUT))

deadletters: install
	$(VENV)/bin/kefu-deadletters list $(QUEUE)

clean:
	rm -rf $(VENV) .run $(WEB)/node_modules $(WEB)/dist
