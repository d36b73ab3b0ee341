# Thi Đua — `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench load install constraints migrate demo clean

# Every installed version, pip's own included, comes from constraints.txt (make constraints).
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test,prod]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/thidua migrate --noinput

demo: migrate
	$(BIN)/thidua demo --if-empty

# The dev server and, beside it, the worker of background imports (big Excel files,
# docs/operations.md "Tiến trình nền"); Ctrl+C stops both.
run: demo
	$(BIN)/thidua db_worker --no-reload --no-startup-delay --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/thidua runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Figures for issues 2–4: pages on 100k people and 1M awards, the 100k-row awards import,
# and the eligibility sweep. The benches live in bench/ (not installed), run from the checkout;
# each caches its generated database under var/.
bench: install
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.awards_import
	$(BIN)/python -m bench.eligibility
	$(BIN)/python -m bench.suggestions_page
	$(BIN)/python -m bench.report_summary
	$(BIN)/python -m bench.certificates
	$(BIN)/python -m bench.excel_limits

# Issue 14: 50 signed-in users for 60 s against gunicorn + PostgreSQL on 127.0.0.1 (bench/load.py;
# DATABASE_URL, default postgres://postgres@127.0.0.1:5432/thidua_load, THIDUA_LOAD_PEOPLE for a
# smaller province); the figures go into docs/benchmarks.md.
LOAD_STAMP := $(VENV)/.installed-load
$(LOAD_STAMP): $(STAMP)
	$(BIN)/pip install -q -c constraints.txt -e '.[load]'
	touch $(LOAD_STAMP)

load: $(LOAD_STAMP)
	$(BIN)/python -m bench.load $(ARGS)

# Re-resolve the pins after a change of dependency in pyproject.toml: a fresh venv, the newest
# pip and whatever pyproject.toml allows, frozen below constraints.txt's header comment.
CONSTRAINTS_VENV := var/constraints-venv
constraints:
	rm -rf $(CONSTRAINTS_VENV)
	$(PYTHON) -m venv $(CONSTRAINTS_VENV)
	$(CONSTRAINTS_VENV)/bin/pip install -q --upgrade pip
	$(CONSTRAINTS_VENV)/bin/pip install -q -e '.[test,prod,load]'
	{ sed -n '/^#/p' constraints.txt; \
	  $(CONSTRAINTS_VENV)/bin/pip freeze --all --exclude-editable | grep -v '^setuptools=='; \
	} > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(CONSTRAINTS_VENV)

clean:
	rm -rf $(VENV) var
