# Reintegra: `make demo` to try it, `make test` to check it. Both need only Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck check serve messages clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("Reintegra needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	REINTEGRA_DEMO=1 $(BIN)/python manage.py migrate --noinput -v0
	REINTEGRA_DEMO=1 $(BIN)/python manage.py demo_load
	@echo "Reintegra demo on http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	REINTEGRA_DEMO=1 DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy reintegra config

check: lint typecheck test

messages: $(STAMP)
	REINTEGRA_DEMO=1 $(BIN)/python manage.py compile_translations

clean:
	rm -rf $(VENV) var artifacts .pytest_cache .mypy_cache .ruff_cache
