# Thi Đua — `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench install migrate demo clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/thidua migrate --noinput

demo: migrate
	$(BIN)/thidua demo --if-empty

run: demo
	DEBUG=1 $(BIN)/thidua runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest -q

# Figures for issues 2–4: pages on 100k people and 1M awards, the 100k-row awards import,
# and the eligibility sweep. Each bench caches its generated database under var/.
bench: install
	$(BIN)/python -m thidua.bench
	$(BIN)/python -m thidua.imports.bench_awards
	$(BIN)/python -m thidua.eligibility.bench
	$(BIN)/python -m thidua.lib.excel.bench_limits

clean:
	rm -rf $(VENV) var
