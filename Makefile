# ML Interview Lab. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
PORT   ?= 8888
WORK   ?= my-work
# Jupyter refuses to run as root unless told (containers and CI run as root).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# nbgrader shells out to alembic and Jupyter finds kernels on PATH: every target uses the venv's bin/.
export PATH := $(BIN):$(PATH)

.DEFAULT_GOAL := help
.PHONY: help lab release demo-grade test test-quick lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "ML Interview Lab needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@ $(VENV)/.runtime

lab: $(VENV)/.runtime ## Start JupyterLab at the start page, in your own copy my-work/ (PORT=8888), ~1 min the first time
	@$(BIN)/python -m course.workspace release $(WORK)
	@token=$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(24))'); \
	echo; echo "  Open http://127.0.0.1:$(PORT)/lab/tree/00_start_here/00_start_here.ipynb?token=$$token"; \
	echo "  (Ctrl+C twice stops the server; your work is saved in $(WORK)/)"; echo; \
	cd $(WORK) && exec $(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --ServerApp.port_retries=0 \
		--IdentityProvider.token=$$token $(ALLOW_ROOT) \
		--ServerApp.default_url=/lab/tree/00_start_here/00_start_here.ipynb

release: $(VENV)/.runtime ## Regenerate release/ and solutions/ from source/, ~1 min
	$(BIN)/python -m course.release

demo-grade: $(VENV)/.dev ## Grade a demo cohort of 29 (correct, buggy, tampered, malformed, ...) in demo/, ~2 min
	$(BIN)/python -m course demo --folder demo
	@echo "Open demo/reports/02_coding/cohort.png, demo/reports/02_coding/students.csv and demo/feedback/."

lint: $(VENV)/.dev ## ruff over the package, the tests, the benchmarks and the source notebooks, ~2 s
	$(BIN)/ruff check course tests benchmarks source

test-quick: lint ## The fast tests only (no notebook execution, no nbgrader runs), ~30 s
	$(BIN)/python -m pytest -n auto -m "not slow"

test: lint ## Everything: install, lint, the whole suite in parallel, ~5 min from nothing
	$(BIN)/python -m pytest -n auto

clean: ## Remove the virtualenv, caches and nbgrader state (keeps my-work/)
	rm -rf $(VENV) .pytest_cache .ruff_cache gradebook.db .nbgrader.log test-artifacts demo
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
