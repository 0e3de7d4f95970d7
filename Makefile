# Networking-outcomes toolkit: `make help` lists the targets.
# Two commands are all a newcomer needs: `make test` and `make dashboard`.

.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DATA   ?= data/demo
PORT   ?= 8501
# apt needs root; use sudo where we are not root and sudo exists
SUDO   := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo)

.PHONY: help setup system-deps test test-fast dashboard demo-data benchmarks benchmarks-large fuzz-long simulation clean

help: ## List the targets with what they do
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-17s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@echo ">> creating $(VENV) and installing the toolkit with every extra (dashboard, report, test)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	@# uv is much faster than pip; --compile-bytecode because PYTHONDONTWRITEBYTECODE may be set
	$(BIN)/uv pip install --python $(BIN)/python --compile-bytecode -e ".[dashboard,report,test]" \
	  || $(BIN)/python -m pip install --quiet -e ".[dashboard,report,test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@# the editable toolkit is not in site-packages, so uv does not compile it; where PYTHONDONTWRITEBYTECODE
	@# is set every command would compile it afresh (0.1-0.2 s); stale files are simply recompiled in memory
	$(BIN)/python -m compileall -q toolkit >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the package (idempotent)

system-deps: ## Install Chromium (browser tests, static charts) and poppler (PDF checks) from Debian
	@if command -v chromium >/dev/null && command -v pdftotext >/dev/null && fc-list 2>/dev/null | grep -qi dejavu; then \
	  echo ">> chromium, poppler and fonts already installed"; \
	else \
	  echo ">> installing chromium, poppler-utils and fonts (apt)"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends chromium poppler-utils fonts-dejavu-core fontconfig; \
	fi

test: setup system-deps ## Set everything up and run the whole test suite
	$(BIN)/python -m pytest -n 2 --dist loadfile -q -p no:cacheprovider

test-fast: setup ## Run the tests that need no browser
	$(BIN)/python -m pytest -n 2 --dist loadfile -q -m "not browser and not slow"

dashboard: setup ## Set everything up and open the dashboard on the demo data (DATA=folder PORT=8501)
	$(BIN)/netout dashboard $(DATA) --port $(PORT)

demo-data: setup ## Regenerate the committed demo event folder in data/demo
	rm -rf data/demo && $(BIN)/netout demo data/demo

benchmarks: setup system-deps ## Run the speed benchmarks summarised in the README (several minutes)
	$(BIN)/python benchmarks/bench_demo.py --part cli
	$(BIN)/python benchmarks/bench_loading.py
	$(BIN)/python benchmarks/bench_outcomes.py --sizes 10k,100k --repeat 3
	$(BIN)/python benchmarks/bench_compare.py --no-econml
	$(BIN)/python benchmarks/bench_importers.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_dashboard.py

benchmarks-large: setup ## netout outcomes on 1M attendee rows, and with 50M contact rows (30-60 minutes on 2 cores, 8 GB)
	$(BIN)/python benchmarks/bench_outcomes.py --sizes 1m,1m50m

fuzz-long: setup ## 10,000 fuzzing examples over every reader (long; run on demand)
	$(BIN)/python benchmarks/fuzz_long.py

simulation: setup ## Simulation study: coverage, bias, chance calibration, promised power (about 30 minutes)
	$(BIN)/python benchmarks/simulation_study.py --worlds 100 --calibration-worlds 600 --seed 2026

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .hypothesis test-output
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
