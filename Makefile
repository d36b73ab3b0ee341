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

bench: install
	$(BIN)/python -m thidua.bench

clean:
	rm -rf $(VENV) var
