# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The collection as users get it: built, installed from the tarball, documented, in an execution environment."""

import os
import shutil
import subprocess
import tarfile

import pytest

from e2e_support import REPO_ROOT
from e2e_support import VENV_BIN
from e2e_support import ansible_env


def run(command, cwd=None, env=None):
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


@pytest.fixture(name="tarball", scope="module")
def fixture_tarball(tmp_path_factory):
    output = tmp_path_factory.mktemp("build")
    run([str(VENV_BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(output), str(REPO_ROOT)])
    (built,) = output.glob("euc-aws-*.tar.gz")
    return built


@pytest.fixture(name="installed", scope="module")
def fixture_installed(tarball, tmp_path_factory):
    """The tarball installed into an empty collections path."""
    path = tmp_path_factory.mktemp("installed")
    # Only the empty path may be searched: a euc.aws found elsewhere (make exports .build) counts as installed.
    env = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_")}
    env["ANSIBLE_COLLECTIONS_PATH"] = str(path)
    run([str(VENV_BIN / "ansible-galaxy"), "collection", "install", str(tarball), "-p", str(path), "--no-deps"], env=env)
    assert (path / "ansible_collections" / "euc" / "aws" / "MANIFEST.json").exists()
    return path


def test_tarball_holds_the_collection_and_no_local_state(tarball):
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    for needed in ("MANIFEST.json", "plugins/modules/workspaces_terminate.py", "plugins/modules/workspaces_info.py",
                   "plugins/module_utils/workspaces.py", "meta/runtime.yml", "meta/execution-environment.yml",
                   "requirements.txt", "bindep.txt", "roles/workspaces_terminate/meta/argument_specs.yml",
                   "roles/workspaces_patch_window/meta/argument_specs.yml", "plugins/module_utils/patch_window.py",
                   "plugins/modules/workspaces_usage.py", "plugins/module_utils/usage.py",
                   "roles/workspaces_running_mode/meta/argument_specs.yml", "plugins/module_utils/running_mode.py"):
        assert needed in names
    leaked = [name for name in names if name.split("/")[0] in (".venv", ".venv-matrix", ".venv-release", ".build", ".hypothesis", ".pytest_cache", ".ci")
              or name.startswith(("tests/output", "bench/results")) or "__pycache__" in name]
    assert leaked == []


@pytest.mark.matrix
def test_ansible_starts_without_a_warning(ws):
    """A newcomer's first command prints its answer and nothing else: no library's warning (cryptography 51 made every
    ansible command of ansible-core 2.19 and later warn that DSA is deprecated; requirements-dev.txt pins it)."""
    completed = subprocess.run(
        [str(VENV_BIN / "ansible"), "--version"], env=ansible_env(ws), capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""


def test_installed_copy_terminates_through_ansible(ws, installed, adhoc):
    (alice,) = ws.seed_workspaces(ws.seed_directory(), ["alice"])
    result = adhoc({"workspace_ids": [alice], "endpoint_url": ws.endpoint_url}, env={"ANSIBLE_COLLECTIONS_PATH": str(installed)})
    assert result.returncode == 0, result.output
    assert result.result["terminated"] == [alice]


@pytest.mark.parametrize("doc_args, expected", [
    (["euc.aws.workspaces_terminate"], "euc.aws.workspaces_terminate"),
    (["euc.aws.workspaces_info"], "euc.aws.workspaces_info"),
    (["euc.aws.workspaces_start"], "already_started"),
    (["euc.aws.workspaces_stop"], "already_stopped"),
    (["euc.aws.workspaces_reboot"], "already_rebooting"),
    (["euc.aws.workspaces_rebuild"], "already_rebuilding"),
    (["euc.aws.workspaces_create"], "already_present"),
    (["-t", "inventory", "euc.aws.workspaces"], "include_filters"),
    (["-t", "filter", "euc.aws.unused_workspaces"], "include_never_connected"),
    (["-t", "role", "euc.aws.workspaces_terminate"], "workspaces_terminate_unused_days"),
    (["-t", "role", "euc.aws.workspaces_patch_window"], "workspaces_patch_window_fail_on_skipped"),
    (["-t", "filter", "euc.aws.patch_window_plan"], "in_maintenance"),
    (["-t", "filter", "euc.aws.patch_window_outcome"], "succeeded_hosts"),
    (["euc.aws.workspaces_usage"], "billable_hours"),
    (["-t", "role", "euc.aws.workspaces_running_mode"], "workspaces_running_mode_downgrade"),
    (["-t", "filter", "euc.aws.running_mode_settings"], "auto_stop_timeout_minutes"),
    (["-t", "filter", "euc.aws.running_mode_plan"], "tags_needed"),
    (["-t", "filter", "euc.aws.running_mode_report"], "summary"),
])
def test_ansible_doc_renders_from_the_installed_copy(ws, installed, doc_args, expected):
    env = ansible_env(ws, ANSIBLE_COLLECTIONS_PATH=str(installed))
    shown = run([str(VENV_BIN / "ansible-doc"), *doc_args], env=env)
    assert expected in shown
    if "-t" not in doc_args:
        assert str(installed) in shown  # documented from the installed copy, not the work tree
        assert "EXAMPLES" in shown and "RETURN VALUES" in shown


def test_ansible_builder_create_and_introspection(tarball, installed, tmp_path):
    shutil.copy(REPO_ROOT / "execution-environment.yml", tmp_path)
    shutil.copy(tarball, tmp_path)
    run([str(VENV_BIN / "ansible-builder"), "create", "-f", "execution-environment.yml", "-c", "context"], cwd=tmp_path)
    containerfile = next(p for p in (tmp_path / "context").iterdir() if p.name in ("Containerfile", "Dockerfile")).read_text()
    assert tarball.name in containerfile  # the execution environment installs the version galaxy.yml builds
    assert (tmp_path / "context" / "_build" / tarball.name).exists()
    # What the build would find in our collection's meta/execution-environment.yml:
    dependencies = run([str(VENV_BIN / "ansible-builder"), "introspect", str(installed)])
    assert "boto3>=1.34.0  # from collection euc.aws" in dependencies
    assert "botocore>=1.34.0  # from collection euc.aws" in dependencies
