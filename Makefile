# Two commands: `make run` (local demo on SQLite) and `make test` (the whole suite on
# PostgreSQL and Redis). Both create .venv and install the project first.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The local demo: SQLite, a Celery worker on the file-system broker, email to the console.
RUN_ENV := DEBUG=true
# Tests run as production does (DEBUG off) against the real PostgreSQL and Redis.
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/safeguard
REDIS_URL ?= redis://127.0.0.1:6379/15
TEST_ENV := DEBUG=false SECRET_KEY=test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	SECURE_SSL_REDIRECT=false SECURE_COOKIES=false STATIC_MANIFEST=false \
	CELERY_TASK_ALWAYS_EAGER=true SAFEGUARD_VAR_DIR=$(CURDIR)/var/test \
	DJANGO_ALLOW_ASYNC_UNSAFE=true DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL)

.PHONY: run test lint bench totp clean

# National scale on PostgreSQL (database safeguard_bench): builds the data set once, then
# measures the pages. Figures go to docs/benchmarks.md.
BENCH_ENV := DEBUG=false SECRET_KEY=bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	SECURE_SSL_REDIRECT=false SECURE_COOKIES=false STATIC_MANIFEST=false \
	CELERY_TASK_ALWAYS_EAGER=true SAFEGUARD_VAR_DIR=$(CURDIR)/var/bench \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench REDIS_URL=$(REDIS_URL) \
	MFA_REQUIRED_FOR_OFFICE_HOLDERS=false

bench: $(STAMP)
	bin/ensure-services
	psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='safeguard_bench'" | grep -q 1 || \
		psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE safeguard_bench"
	$(BENCH_ENV) $(PY) manage.py migrate --noinput
	$(BENCH_ENV) $(PY) manage.py seed_scale
	$(BENCH_ENV) $(PY) manage.py seed_scale_challenges
	$(BENCH_ENV) $(PY) manage.py seed_scale_indicators
	$(BENCH_ENV) $(PY) manage.py run_bench

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo
	@# The sign-ins are said again once the server and the worker have started, so they are the
	@# last thing on the console; after that, a line for each email (kept whole in var/mail/).
	@$(RUN_ENV) bash -c 'trap "kill 0" EXIT; \
		$(VENV)/bin/celery -A safeguard --quiet worker --beat --pool=solo --loglevel=warning & \
		$(PY) manage.py runserver 127.0.0.1:8000 & \
		sleep 5; $(PY) manage.py load_demo; \
		echo; echo "Serving http://127.0.0.1:8000 with a Celery worker beside it (Ctrl-C stops both)."; \
		echo "Emails are kept in var/mail/; each is one line here."; \
		wait'

test: $(STAMP)
	bin/ensure-services
	bin/ensure-chromium
	$(TEST_ENV) $(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(TEST_ENV) DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

totp: $(STAMP)
	$(RUN_ENV) $(PY) manage.py demo_totp

clean:
	rm -rf $(VENV) var staticfiles *.egg-info
