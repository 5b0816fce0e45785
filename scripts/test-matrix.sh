#!/usr/bin/env bash
# Runs the unit tests and the end-to-end tests marked `matrix` (a real scenario for every module, role, plugin and
# ansible-runner) under each older ansible-core the collection claims in meta/runtime.yml; make test runs everything
# on the newest (requirements-dev.txt). One cached venv per leg in .venv-matrix/, with its own
# ansible_collections/ (euc/aws -> this repo, amazon and ansible.posix from that leg's `ansible` package), so that
# every leg imports and runs the amazon.aws it names, not the one of .venv/.
#
# ANSIBLE_CORE_VERSIONS="2.17 2.20" runs only those legs. Each leg's tests run on pytest-xdist workers as make e2e's do
# (E2E_WORKERS, default auto: one per core; 0 runs them in one process).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
# shellcheck source=scripts/find-python.sh
source "$repo_root/scripts/find-python.sh"
bash scripts/bootstrap.sh

# ansible-core | its controller Pythons to try, preferred first | the `ansible` package whose amazon.aws it runs with |
# boto3 and botocore ("pinned": requirements-dev.txt's). The Pythons differ between legs so that every controller
# Python the README claims runs somewhere. The 2.17 leg is the floor of every claim: amazon.aws 9.0.0 (ansible
# 11.0.0), the oldest galaxy.yml admits, and boto3/botocore 1.34.0, requirements.txt's floor; ansible 11 itself
# asks for ansible-core 2.18, so that leg takes only its collections (--no-deps), as a 2.17 user who installs
# amazon.aws 9.0.0 has them. amazon.aws 11.4.0 (ansible 14.5.0), the newest, runs under 2.20 as under 2.21.
legs=(
    "2.17 3.12,3.11,3.10 11.0.0 1.34.0"
    "2.18 3.13,3.12,3.11 11.13.0 pinned"
    "2.19 3.11,3.12,3.13 12.3.0 pinned"
    "2.20 3.12,3.13 14.5.0 pinned"
)
wanted=" ${ANSIBLE_CORE_VERSIONS:-2.17 2.18 2.19 2.20} "
# The test tools at the versions make test pins, and cryptography at the pin that keeps ansible's commands free of its
# DSA deprecation warning.
mapfile -t test_requirements < <(grep -E '^(boto3|botocore|moto|pytest|pytest-xdist|hypothesis|ansible-runner|cryptography)[=[]' requirements-dev.txt)

for leg in "${legs[@]}"; do
    read -r core pythons ansible_package boto <<< "$leg"
    [[ "$wanted" == *" $core "* ]] || continue
    IFS=, read -r -a candidates <<< "$pythons"
    python_bin=$(find_first_python "${candidates[@]}")
    if [[ -z "$python_bin" ]]; then
        echo "test-matrix: ansible-core $core needs one of Python ${pythons//,/, } on the controller; none is on PATH or in pyenv" >&2
        exit 1
    fi
    python_version=$(python_version_of "$python_bin")
    venv="$repo_root/.venv-matrix/core-$core-py$python_version-ansible-$ansible_package-boto-$boto"
    record="$venv/.toolchain"
    wanted_record="$(sha256sum requirements-dev.txt | cut -d' ' -f1) $("$python_bin" -c 'import os, sys; print(sys.version.split()[0], os.path.realpath(sys.executable))')"
    if [[ "$(cat "$record" 2> /dev/null)" != "$wanted_record" ]]; then
        echo "test-matrix: creating $venv"
        rm -rf "$venv"
        "$python_bin" -m venv "$venv"
        requirements=("${test_requirements[@]}")
        [[ "$boto" == pinned ]] || requirements=("${requirements[@]/#boto3==*/boto3==$boto}")
        [[ "$boto" == pinned ]] || requirements=("${requirements[@]/#botocore==*/botocore==$boto}")
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "ansible-core==$core.*" "${requirements[@]}" \
            2> >(grep -v "^WARNING: Location 'file:" >&2)
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps "ansible==$ansible_package" \
            2> >(grep -v "^WARNING: Location 'file:" >&2)
        echo "$wanted_record" > "$record"
    fi
    site_packages=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    collections_root="$venv/collections"
    mkdir -p "$collections_root/ansible_collections/euc" "$collections_root/ansible_collections/ansible"
    ln -sfn "$repo_root" "$collections_root/ansible_collections/euc/aws"
    ln -sfn "$site_packages/ansible_collections/amazon" "$collections_root/ansible_collections/amazon"
    ln -sfn "$site_packages/ansible_collections/ansible/posix" "$collections_root/ansible_collections/ansible/posix"
    amazon_aws=$("$venv/bin/python" -c "import json; print(json.load(open('$site_packages/ansible_collections/amazon/aws/MANIFEST.json'))['collection_info']['version'])")
    # Not `ansible --version | head`: ansible-core 2.17 fails with a traceback when the pipe closes early.
    core_version=$("$venv/bin/ansible" --version)
    echo "test-matrix: ${core_version%%$'\n'*}, amazon.aws $amazon_aws, Python $("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])'), boto3 $("$venv/bin/python" -c 'import boto3; print(boto3.__version__)')"
    # pytest.ini's pythonpath names .build (the newest toolchain's collections): this leg's must come instead.
    PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$collections_root" EUC_AWS_COLLECTIONS_ROOT="$collections_root" \
        "$venv/bin/python" -m pytest -o pythonpath="$collections_root tests" tests/unit tests/e2e -m "not e2e or matrix" -q \
        -n "${E2E_WORKERS:-auto}" --dist loadfile
done
