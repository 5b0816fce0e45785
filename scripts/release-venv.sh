#!/usr/bin/env bash
# Prepares .venv-release/, the toolchain of the release checks (requirements-release.txt), and prints its bin
# directory. It runs on the Python bootstrap.sh chose for .venv/ (run that first), and is rebuilt only when
# requirements-release.txt, requirements-dev.txt (its constraints) or that Python change.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dev_python="$repo_root/.venv/bin/python"
venv="$repo_root/.venv-release"
stamp="$venv/.requirements.sha256"
wanted_hash=$(cat "$repo_root/requirements-release.txt" "$repo_root/requirements-dev.txt" \
    <("$dev_python" -c 'import sys; print(sys.version)') | sha256sum | cut -d' ' -f1)

if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(cat "$stamp")" != "$wanted_hash" ]]; then
    echo "release-venv: installing requirements-release.txt into $venv" >&2
    rm -rf "$venv"
    # venv builds on the interpreter behind .venv/, not on .venv/ itself.
    "$dev_python" -m venv "$venv"
    constraints=$(mktemp)
    trap 'rm -f "$constraints"' EXIT
    # pip refuses extras in constraints (moto[server]); the versions are all it needs.
    sed -E 's/\[[^]]*\]//' "$repo_root/requirements-dev.txt" > "$constraints"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        -r "$repo_root/requirements-release.txt" -c "$constraints" \
        >&2 2> >(grep -v "^WARNING: Location 'file:" >&2)
    echo "$wanted_hash" > "$stamp"
fi
echo "$venv/bin"
