# Every target sets itself up first (scripts/bootstrap.sh is quick once .venv/ exists).
SHELL := /bin/bash
VENV_BIN := $(CURDIR)/.venv/bin
export PATH := $(VENV_BIN):$(PATH)
# The folder that holds ansible_collections/euc/aws (-> this repo) and ansible_collections/amazon.
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.build
export ANSIBLE_NOCOLOR := 1

.PHONY: help setup test sanity units e2e lint docs changelog test-matrix bench demo sandbox clean

help:
	@echo "make demo    - start a local WorkSpaces sandbox and run the example playbook (check, real, again)"
	@echo "make test    - everything: ansible-test sanity, unit tests, sandbox + end-to-end tests, ansible-lint"
	@echo "make sandbox - run the local WorkSpaces sandbox in the foreground"
	@echo "parts of make test: make sanity | make units | make e2e | make lint | make docs | make changelog"
	@echo "make test-matrix - unit and end-to-end tests under the older ansible-core versions claimed"
	@echo "make bench   - API-call and time benchmark against a per-ID baseline (writes bench/results/)"

setup:
	@bash scripts/bootstrap.sh

test: sanity units e2e lint docs changelog
	@echo "make test: all checks passed"

sanity: setup
	cd "$$(bash scripts/collection-copy.sh $(CURDIR)/.build/ansible-test)" && \
		ansible-test sanity --python 3.11 --venv --color no

units: setup
	python -m pytest tests/unit

e2e: setup
	python -m pytest tests/sandbox tests/e2e

lint: setup
	ansible-lint

docs: setup
	bash scripts/docs-lint.sh

changelog: setup
	antsibull-changelog lint

test-matrix:
	bash scripts/test-matrix.sh

bench: setup
	python bench/bench.py

demo: setup
	python scripts/demo.py

sandbox: setup
	PYTHONPATH=tests python -m sandbox serve --port 4566 --seed-users alice,bob,carol

clean:
	rm -rf .build .venv .venv-matrix tests/output
