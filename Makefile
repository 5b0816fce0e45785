# Every target sets itself up first (scripts/bootstrap.sh is quick once .venv/ exists).
SHELL := /bin/bash
VENV_BIN := $(CURDIR)/.venv/bin
export PATH := $(VENV_BIN):$(PATH)
# The folder that holds ansible_collections/euc/aws (-> this repo) and ansible_collections/amazon.
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.build
export ANSIBLE_NOCOLOR := 1
# ansible-test must be told which Python to test with: the one bootstrap.sh built .venv/ on.
VENV_PYTHON_VERSION = $$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')

.PHONY: help setup test sanity units function-size e2e lint docs changelog importer docs-site docs-site-check test-matrix bench demo \
	sandbox clean

help:
	@echo "make demo    - start a local WorkSpaces sandbox and run the example playbook (check, real, again)"
	@echo "make test    - everything: ansible-test sanity, unit tests, function sizes, sandbox + end-to-end tests, ansible-lint, release checks"
	@echo "make sandbox - run the local WorkSpaces sandbox in the foreground"
	@echo "parts of make test: make sanity | make units | make function-size | make e2e | make lint | make docs"
	@echo "                    make changelog | make importer (galaxy-importer on the built tarball) | make docs-site-check"
	@echo "make function-size - no function in plugins/ longer than 60 lines or nested more than 3 deep"
	@echo "make docs-site - the HTML documentation, in .build/docs-site/build/html/"
	@echo "make test-matrix - unit tests and the matrix-marked end-to-end tests under ansible-core 2.17 to 2.20"
	@echo "make bench   - API-call and time benchmark against a per-ID baseline (writes bench/results/)"

setup:
	@bash scripts/bootstrap.sh

test: sanity units function-size e2e lint docs changelog importer docs-site-check
	@echo "make test: all checks passed"

sanity: setup
	cd "$$(bash scripts/collection-copy.sh $(CURDIR)/.build/ansible-test)" && \
		ansible-test sanity --python "$(VENV_PYTHON_VERSION)" --venv --color no

units: setup
	python -m pytest tests/unit

# tests/unit/test_function_size.py runs it too (with make units); on its own it names just the offenders.
function-size: setup
	python scripts/check-function-size.py plugins

# pytest-xdist workers (-n): each starts its own sandbox on a free port (tests/e2e/conftest.py); --dist loadfile keeps a
# test file on one worker, so that its module-scoped fixtures (a built tarball, a sandbox) are made once.
# scripts/test-matrix.sh runs its legs the same way. E2E_WORKERS=0 runs them in this one process.
E2E_WORKERS ?= auto
e2e: setup
	python -m pytest -n $(E2E_WORKERS) --dist loadfile tests/sandbox tests/e2e

lint: setup
	ansible-lint

docs: setup
	bash scripts/docs-lint.sh

changelog: setup
	antsibull-changelog lint

importer: setup
	bash scripts/galaxy-gate.sh

docs-site: setup
	bash scripts/docs-site.sh

docs-site-check: docs-site
	bash scripts/install-chromium.sh
	python -m pytest tests/docs_site

test-matrix:
	bash scripts/test-matrix.sh

bench: setup
	python bench/bench.py

demo: setup
	python scripts/demo.py

sandbox: setup
	PYTHONPATH=tests python -m sandbox serve --port 4566 --seed-users alice,bob,carol

clean:
	rm -rf .build .venv .venv-matrix .venv-release tests/output
