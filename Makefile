# Two commands on a fresh machine: `make demo` and `make test`. Both build the virtualenv themselves.
PYTHON ?= $(firstword $(wildcard /root/.pyenv/versions/3.13*/bin/python) $(shell for p in python3.13 python3.12 python3; do $$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && command -v $$p && break; done))
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv demo test test-fast serve bench clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

venv: $(BIN)/.installed

## Run the app on http://$(HOST):$(PORT)/ with the demo archive loaded and a local demo admin account.
demo: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata demo
	$(BIN)/python manage.py demo_admin
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run every test (tagger, app, browser, reliability) on the configured database.
test: venv
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

## Production-style serving: gunicorn + whitenoise with DJANGO_DEBUG=0 (set DJANGO_SECRET_KEY).
serve: venv
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/gunicorn timeline.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .hypothesis
