#!/usr/bin/env bash
# Prepares everything `make test` and `make demo` need on a machine that has only Python and pip:
#   .venv/                      pinned toolchain (requirements-dev.txt) on the newest Python that the pinned
#                               ansible-core supports on a controller and this machine has (scripts/find-python.sh
#                               looks on PATH and in pyenv), or on $PYTHON; .venv/.toolchain records both, and a
#                               change of either rebuilds what changed
#   .build/ansible_collections/ the layout ansible-test and Python imports require:
#                               euc/aws -> this repo, amazon -> amazon.aws shipped in the venv
#   ~/.ansible/test/cache/      an offline stand-in for ansible-test's pip bootstrap download
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/find-python.sh
source "$repo_root/scripts/find-python.sh"
venv="$repo_root/.venv"
record="$venv/.toolchain"
requirements_hash=$(sha256sum "$repo_root/requirements-dev.txt" | cut -d' ' -f1)
# The controller Pythons of ansible-core 2.21, the version requirements-dev.txt pins, newest first: update both
# together. On a machine with neither, bootstrap stops rather than test an older toolchain than users get.
supported_versions=(3.13 3.12)

is_supported() {
    local version
    for version in "${supported_versions[@]}"; do
        [[ "$1" == "$version" ]] && return 0
    done
    return 1
}

if [[ -n "${PYTHON:-}" ]]; then
    python_bin=$PYTHON
    is_supported "$(python_version_of "$python_bin")" || {
        echo "bootstrap: PYTHON=$PYTHON is not a runnable Python ${supported_versions[*]} (ansible-core 2.21's controller versions)" >&2
        exit 1
    }
else
    python_bin=$(find_first_python "${supported_versions[@]}")
    [[ -n "$python_bin" ]] || {
        echo "bootstrap: ansible-core 2.21 needs Python 3.12 or 3.13 on the controller, and none is on PATH or in pyenv: install python3.13 (apt, dnf, brew or 'pyenv install 3.13') or set PYTHON=/path/to/python3.13" >&2
        exit 1
    }
fi
# The interpreter itself, so that a venv on another build of the same X.Y (a pyenv upgrade) is rebuilt too.
wanted_python=$("$python_bin" -c 'import os, sys; print(sys.version.split()[0], os.path.realpath(sys.executable))')
recorded_python=$(sed -n 's/^python //p' "$record" 2> /dev/null || true)
if [[ "$recorded_python" != "$wanted_python" || -z "$(python_version_of "$venv/bin/python")" ]]; then
    [[ -d "$venv" ]] && echo "bootstrap: $venv holds ${recorded_python:-an unknown toolchain}, wanted Python $wanted_python: recreating it"
    rm -rf "$venv"
    "$python_bin" -m venv "$venv"
    echo "python $wanted_python" > "$record"
fi
if [[ "$(sed -n 's/^requirements-dev.txt //p' "$record")" != "$requirements_hash" ]]; then
    echo "bootstrap: installing requirements-dev.txt into $venv (Python ${wanted_python%% *})"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$repo_root/requirements-dev.txt" \
        2> >(grep -v "^WARNING: Location 'file:" >&2)
    printf 'python %s\nrequirements-dev.txt %s\n' "$wanted_python" "$requirements_hash" > "$record"
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
