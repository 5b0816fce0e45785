#!/usr/bin/env bash
# Prepares everything `make test` and `make demo` need on a machine that has only Python and pip:
#   .venv/                      pinned toolchain (rebuilt only when requirements-dev.txt changes), on the
#                               first of python3.11, python3.12, python3.13, python3 that runs one of the
#                               Pythons the pinned ansible-core supports on a controller, or on $PYTHON
#   .build/ansible_collections/ the layout ansible-test and Python imports require:
#                               euc/aws -> this repo, amazon -> amazon.aws shipped in the venv
#   ~/.ansible/test/cache/      an offline stand-in for ansible-test's pip bootstrap download
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$repo_root/.venv"
stamp="$venv/.requirements.sha256"
wanted_hash=$(sha256sum "$repo_root/requirements-dev.txt" | cut -d' ' -f1)
# The controller Pythons of ansible-core 2.19, the version requirements-dev.txt pins: update both together.
supported_versions=(3.11 3.12 3.13)

# Prints X.Y, or nothing when the interpreter does not run: a pyenv shim of a version that is installed
# but not selected exists on PATH and fails, so finding a command is not enough.
python_version_of() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2> /dev/null || true
}

is_supported() {
    local version
    for version in "${supported_versions[@]}"; do
        [[ "$1" == "$version" ]] && return 0
    done
    return 1
}

pick_python() {
    local candidate
    if [[ -n "${PYTHON:-}" ]]; then
        is_supported "$(python_version_of "$PYTHON")" && { echo "$PYTHON"; return; }
        echo "bootstrap: PYTHON=$PYTHON is not a runnable Python ${supported_versions[*]}" >&2
        return 1
    fi
    for candidate in "${supported_versions[@]/#/python}" python3; do
        is_supported "$(python_version_of "$candidate")" && { echo "$candidate"; return; }
    done
    echo "bootstrap: found no Python ${supported_versions[*]} (ansible-core's controller versions); set PYTHON=" >&2
    return 1
}

venv_version=$(python_version_of "$venv/bin/python")
if [[ -n "${PYTHON:-}" ]]; then
    python_bin=$(pick_python)
    wanted_version=$(python_version_of "$python_bin")
    if [[ -n "$venv_version" && "$venv_version" != "$wanted_version" ]]; then
        echo "bootstrap: $venv runs Python $venv_version, PYTHON=$PYTHON is $wanted_version: recreating it"
        venv_version=""
    fi
fi
if [[ -z "$venv_version" ]]; then
    python_bin=${python_bin:-$(pick_python)}
    # Also replaces a venv whose interpreter no longer runs (its base Python was removed or upgraded).
    rm -rf "$venv"
    "$python_bin" -m venv "$venv"
fi
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted_hash" ]]; then
    echo "bootstrap: installing requirements-dev.txt into $venv (Python $(python_version_of "$venv/bin/python"))"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$repo_root/requirements-dev.txt" \
        2> >(grep -v "^WARNING: Location 'file:" >&2)
    echo "$wanted_hash" > "$stamp"
fi

site_packages=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
collections_root="$repo_root/.build/ansible_collections"
mkdir -p "$collections_root/euc"
ln -sfn "$repo_root" "$collections_root/euc/aws"
ln -sfn "$site_packages/ansible_collections/amazon" "$collections_root/amazon"
# ansible.posix brings the json callback the end-to-end tests read playbook results with.
mkdir -p "$collections_root/ansible"
ln -sfn "$site_packages/ansible_collections/ansible/posix" "$collections_root/ansible/posix"

# ansible-test downloads get-pip from a host this network cannot reach; it accepts a cached script
# instead, so give it one that installs from a pip wheel fetched through the package index.
pip_version=$(sed -n "s/^ *pip='\([0-9.]*\)',\?$/\1/p" "$site_packages/ansible_test/_internal/python_requirements.py" | head -n 1)
[[ -n "$pip_version" ]] || { echo "bootstrap: cannot read the pip version ansible-test bootstraps" >&2; exit 1; }
cache_dir="$HOME/.ansible/test/cache"
bootstrap_script="$cache_dir/get_pip_${pip_version//./_}.py"
if ! compgen -G "$cache_dir/pip-${pip_version}-*.whl" > /dev/null; then
    mkdir -p "$cache_dir"
    "$venv/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
        -d "$cache_dir" "pip==$pip_version"
fi
cat > "$bootstrap_script" <<PY
# Written by euc.aws scripts/bootstrap.sh: installs pip from the local wheel instead of get-pip.py.
import glob
import os
import sys

wheel = glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pip-${pip_version}-*.whl"))[0]
sys.path.insert(0, wheel)
from pip._internal.cli.main import main  # noqa: E402

args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
sys.exit(main(["install", "--upgrade", "--force-reinstall", *args]))
PY
