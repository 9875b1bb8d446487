# POC Tracker: `make run` serves the app, `make test` runs every test.
SHELL := /bin/bash
.PHONY: run prod test bootstrap services lint i18n

bootstrap:
	@bash scripts/bootstrap.sh

run: bootstrap
	@bash scripts/run.sh

prod: bootstrap
	@bash scripts/prod.sh $(ARGS)

test: bootstrap
	@bash scripts/test.sh $(ARGS)

services:
	@bash scripts/services.sh

lint: bootstrap
	@source scripts/env.sh && ruff check . && ruff format --check .

i18n: bootstrap
	@source scripts/env.sh && python -m poc_tracker.i18n_extract
