# Satchel task runner. Two commands matter: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DATA ?= data
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install python node pwa chromium postgresql deploy-tools run test bench lint clean

install: python node pwa

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || ($(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV))

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

python: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund
	touch $@

node: node_modules/.installed

pwa: node
	npm run build --silent

# Headless Chromium for the end-to-end tests, and CJK fonts so Chinese screens render.
chromium:
	@(command -v chromium >/dev/null 2>&1 && dpkg -s fonts-noto-cjk >/dev/null 2>&1) || \
	  ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium fonts-noto-cjk)

# The tests' throwaway PostgreSQL cluster (tests/pg.py) needs initdb and pg_ctl.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql)

# Debian's docker-compose (validates deploy/compose.yaml without a daemon), Caddy
# (validates deploy/Caddyfile and runs it in front of a test server) and PostgreSQL (a
# point-in-time recovery drill in throwaway clusters): tests/deploy. No Docker daemon.
deploy-tools:
	@(command -v docker-compose >/dev/null 2>&1 && command -v caddy >/dev/null 2>&1 && \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1) || \
	  ($(SUDO) apt-get update && \
	   $(SUDO) apt-get install -y --no-install-recommends docker-compose caddy postgresql)

run: install
	$(VENV)/bin/satchel serve --host $(HOST) --port $(PORT) --data-dir $(DATA)

test: install chromium postgresql deploy-tools
	$(PY) -m pytest -q

bench: install chromium postgresql
	@command -v wrk >/dev/null 2>&1 || ($(SUDO) apt-get update && $(SUDO) apt-get install -y wrk)
	$(PY) -m tests.bench.run

lint: python
	$(VENV)/bin/ruff check server wallet_core tests

clean:
	rm -rf $(VENV) node_modules pwa/dist test-artifacts
