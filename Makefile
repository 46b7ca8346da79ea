# Two commands: `make run` serves the app on a demo database, `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CUSTOMERS ?= 5000
TEST_WORKERS ?= 2  # pytest-xdist workers; each test file runs whole on one worker (module fixtures stay shared)

.PHONY: run test lint bench system demo check clean worker

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

# System packages the tests need: PostgreSQL server, Chromium, a CJK font (Debian).
system:
	bash scripts/install-system.sh

run: $(VENV)/.installed
	$(PY) -m data ensure-demo --customers $(CUSTOMERS)
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# Alerts and digests: evaluate and deliver every NOTIFY_INTERVAL_MINUTES (README "Alerts and digests").
worker: $(VENV)/.installed
	$(PY) -m notify worker

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

test: $(VENV)/.installed system lint
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile

bench: $(VENV)/.installed
	$(PY) scripts/bench.py

demo: $(VENV)/.installed
	$(PY) -m data demo --customers $(CUSTOMERS)

check: $(VENV)/.installed
	$(PY) -m data check

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
