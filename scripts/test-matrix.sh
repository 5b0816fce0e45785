#!/usr/bin/env bash
# Runs the unit and end-to-end tests under each older ansible-core the collection claims in meta/runtime.yml
# (make test covers the newest, pinned in requirements-dev.txt). One cached venv per version, in .venv-matrix/.
# amazon.aws and ansible.posix come from .build/ansible_collections, as in make test.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
bash scripts/bootstrap.sh

for core in ${ANSIBLE_CORE_VERSIONS:-2.17 2.18}; do
    venv="$repo_root/.venv-matrix/core-$core"
    if [[ ! -x "$venv/bin/ansible" ]]; then
        echo "test-matrix: creating $venv"
        python3.11 -m venv "$venv"
        mapfile -t test_requirements < <(grep -E '^(boto3|botocore|moto|pytest|hypothesis|ansible-runner)' requirements-dev.txt)
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "ansible-core==$core.*" "${test_requirements[@]}" \
            2> >(grep -v "^WARNING: Location 'file:" >&2)
    fi
    echo "test-matrix: $("$venv/bin/ansible" --version | head -n 1)"
    PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$repo_root/.build" \
        "$venv/bin/python" -m pytest tests/unit tests/e2e --ignore tests/e2e/test_e2e_packaging.py
done
