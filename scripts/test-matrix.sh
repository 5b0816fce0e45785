#!/usr/bin/env bash
# Runs the unit and end-to-end tests under each older ansible-core the collection claims in meta/runtime.yml
# (make test covers the newest, pinned in requirements-dev.txt). One cached venv per version, in .venv-matrix/.
# amazon.aws and ansible.posix come from .build/ansible_collections, as in make test.
# Every venv runs the Python bootstrap.sh chose for .venv/.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
bash scripts/bootstrap.sh
dev_python="$repo_root/.venv/bin/python"
python_version=$("$dev_python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
# The newest controller Python of each ansible-core version (its support matrix).
declare -A newest_controller_python=([2.17]=3.12 [2.18]=3.13)

for core in ${ANSIBLE_CORE_VERSIONS:-2.17 2.18}; do
    newest=${newest_controller_python[$core]:-$python_version}
    if [[ "$(printf '%s\n' "$python_version" "$newest" | sort -V | tail -n 1)" != "$newest" ]]; then
        echo "test-matrix: skipping ansible-core $core: it does not run a controller on Python $python_version"
        continue
    fi
    venv="$repo_root/.venv-matrix/core-$core-py$python_version"
    if [[ ! -x "$venv/bin/ansible" ]]; then
        echo "test-matrix: creating $venv"
        # venv builds on the interpreter behind .venv/, not on .venv/ itself.
        "$dev_python" -m venv "$venv"
        mapfile -t test_requirements < <(grep -E '^(boto3|botocore|moto|pytest|hypothesis|ansible-runner)' requirements-dev.txt)
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "ansible-core==$core.*" "${test_requirements[@]}" \
            2> >(grep -v "^WARNING: Location 'file:" >&2)
    fi
    echo "test-matrix: $("$venv/bin/ansible" --version | head -n 1)"
    PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$repo_root/.build" \
        "$venv/bin/python" -m pytest tests/unit tests/e2e --ignore tests/e2e/test_e2e_packaging.py
done
