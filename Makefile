# Dirigent: `make demo` runs the dashboard on the demo company, `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
KEY_FILE := .dirigent/pseudonym.key
DEMO_EXPORTS := data/demo_exports
DEMO_ARGS ?=
export DIRIGENT_PSEUDONYM_KEY_FILE ?= $(abspath $(KEY_FILE))

.PHONY: demo test sync bench clean-demo help

help:
	@echo "make demo   install, generate the demo company, sync it, serve the dashboard on http://localhost:8501"
	@echo "make test   run the whole test suite"
	@echo "make bench  measure generation, sync and metric times"

demo: $(INSTALLED) $(KEY_FILE) $(DEMO_EXPORTS)/.generated
	$(PY) -m connectors sync --config data/demo/sources.toml
	$(VENV)/bin/streamlit run dashboard/app.py

test: $(INSTALLED)
	$(PY) -m pytest

bench: $(INSTALLED) $(KEY_FILE)
	$(PY) -m tests.bench

$(INSTALLED): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# A local key, outside git, so the demo's pseudonyms are stable across runs.
$(KEY_FILE):
	mkdir -p $(dir $@)
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@

$(DEMO_EXPORTS)/.generated: | $(INSTALLED)
	$(PY) -m data.demo --out $(DEMO_EXPORTS) $(DEMO_ARGS)
	touch $@

clean-demo:
	rm -rf $(DEMO_EXPORTS) data/dirigent.db data/dirigent.db-*
