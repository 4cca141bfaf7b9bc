# Dirigent: `make demo` runs the dashboard on the demo company, `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
KEY_FILE := .dirigent/pseudonym.key
DEMO_EXPORTS := data/demo_exports
DEMO_ARGS ?=
SCALE ?= 5000
MONTHS ?= 24
RUNS ?= 3
export DIRIGENT_PSEUDONYM_KEY_FILE ?= $(abspath $(KEY_FILE))
# The demo LMS is a local stand-in for a Moodle site; its token never leaves this machine.
export DIRIGENT_DEMO_MOODLE_TOKEN ?= demo-moodle-token
DEMO_MOODLE_PORT := 8765

# The demo company's quarterly targets; a real installation keeps its own targets.toml in the project root.
DEMO_TARGETS := $(abspath data/demo/targets.toml)

.PHONY: demo demo-sync test bench screenshots clean-demo help

help:
	@echo "make demo   install, generate the demo company, sync it, serve the dashboard on http://localhost:8501"
	@echo "make test   run the whole test suite"
	@echo "make bench [SCALE=N]  measure generation, sync, metrics and pages (and DuckDB on the same data)"
	@echo "make screenshots  refresh docs/screenshots/ from the synced demo (after make demo)"

demo: demo-sync
	DIRIGENT_TARGETS_FILE=$${DIRIGENT_TARGETS_FILE:-$(DEMO_TARGETS)} $(VENV)/bin/streamlit run dashboard/app.py

# Sync every demo source; the demo Moodle answers on 127.0.0.1:$(DEMO_MOODLE_PORT) while it runs.
demo-sync: $(INSTALLED) $(KEY_FILE) $(DEMO_EXPORTS)/.generated
	@$(PY) -m data.demo.moodle_server --dir $(DEMO_EXPORTS)/moodle --port $(DEMO_MOODLE_PORT) & \
	server=$$!; trap "kill $$server 2>/dev/null" EXIT; \
	$(PY) -c "import socket, time; next((0 for _ in range(100) if socket.socket().connect_ex(('127.0.0.1', $(DEMO_MOODLE_PORT))) == 0 or time.sleep(0.1)), 1)"; \
	$(PY) -m connectors sync --config data/demo/sources.toml && $(PY) -m data mark-demo

test: $(INSTALLED)
	$(PY) -m pytest

# make bench [SCALE=employees] [MONTHS=m] [RUNS=r]: prints a table, writes bench/results/latest.json (docs/performance.md)
bench: $(INSTALLED) $(KEY_FILE)
	DIRIGENT_BENCH_EMPLOYEES=$(SCALE) DIRIGENT_BENCH_MONTHS=$(MONTHS) DIRIGENT_BENCH_RUNS=$(RUNS) $(PY) -m bench

screenshots: demo-sync
	DIRIGENT_TARGETS_FILE=$${DIRIGENT_TARGETS_FILE:-$(DEMO_TARGETS)} $(PY) -m tests.screenshots

$(INSTALLED): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# A local key, outside git, so the demo's pseudonyms are stable across runs.
$(KEY_FILE):
	mkdir -p $(dir $@)
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@

# Regenerated when the generator changes, so an old export never meets newer connectors.
$(DEMO_EXPORTS)/.generated: $(wildcard data/demo/*.py) | $(INSTALLED)
	$(PY) -m data.demo --out $(DEMO_EXPORTS) $(DEMO_ARGS)
	touch $@

clean-demo:
	rm -rf $(DEMO_EXPORTS) data/dirigent.db data/dirigent.db-*
