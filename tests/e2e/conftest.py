# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""End-to-end fixtures: the real ansible / ansible-playbook CLIs against the local WorkSpaces sandbox."""

import json
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from e2e_support import ACCESS_KEY
from e2e_support import SECRET_KEY
from e2e_support import ansible_env
from sandbox import Sandbox


E2E_DIR = Path(__file__).resolve().parent

# Deprecation warnings that ansible-core or amazon.aws print about their own code, not about this collection's: the
# contributor guide (docs/docsite/rst/guide_contributing.rst) names each with its source. Any other
# [DEPRECATION WARNING] in a run fails the test that made it.
FOREIGN_DEPRECATIONS = (
    # amazon.aws's AWSInventoryBase templates its options with disable_lookups, which ansible-core 2.19 deprecated.
    re.compile(r"Passing `disable_lookups` to `template` is deprecated"),
    # amazon.aws 9 deprecates two of its modules in its own action group, which group/euc.aws.aws extends: ansible-core
    # 2.17 and 2.18 say so whenever a play's module_defaults names the group (as they do for group/amazon.aws.aws).
    re.compile(r"amazon\.aws\.(ec2_vpc_peer|rds_param_group) has been deprecated"),
)


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def deprecations_not_foreign(log_text):
    return [
        line
        for line in log_text.splitlines()
        if "[DEPRECATION WARNING]" in line and not any(known.search(line) for known in FOREIGN_DEPRECATIONS)
    ]


@pytest.fixture(autouse=True)
def fixture_no_deprecation_warning_of_ours(tmp_path, monkeypatch):
    """Every ansible run of the test logs to one file (ansible_env and ansible-runner's inherited environment)."""
    log = tmp_path / "ansible-warnings.log"
    monkeypatch.setenv("EUC_AWS_ANSIBLE_LOG_PATH", str(log))
    monkeypatch.setenv("ANSIBLE_LOG_PATH", str(log))
    yield
    unexpected = deprecations_not_foreign(log.read_text()) if log.exists() else []
    assert not unexpected, "deprecation warnings not known to come from ansible-core or amazon.aws:\n" + "\n".join(unexpected)


@pytest.fixture(name="sandbox", scope="session")
def fixture_sandbox():
    with Sandbox() as running:
        yield running


# Long enough that a WorkSpace terminated by one ansible run is still TERMINATING for the next.
TERMINATING_SECONDS = 60.0
TERMINATED_SECONDS = 5.0


@pytest.fixture(name="credentials")
def fixture_credentials():
    return ACCESS_KEY, SECRET_KEY


@pytest.fixture(name="ws", autouse=True)
def fixture_ws(sandbox):
    """A clean sandbox for every test."""
    sandbox.reset()
    sandbox.set_lifecycle(TERMINATING_SECONDS, TERMINATED_SECONDS)
    yield sandbox
    sandbox.clear_faults()


class AdHocResult:
    def __init__(self, completed):
        self.returncode = completed.returncode
        self.output = completed.stdout + completed.stderr
        header, _separator, payload = completed.stdout.partition(" => ")
        self.status = header.split("|")[-1].strip()
        self.result = json.loads(payload) if payload else {}


@pytest.fixture(name="adhoc")
def fixture_adhoc(sandbox):
    """``ansible localhost -m MODULE -a ARGS``; ARGS a dict (sent as JSON) or a key=value string."""

    def run(args, *extra_cli, env=None, module="euc.aws.workspaces_terminate"):
        if isinstance(args, dict):
            args = json.dumps(args)
        completed = subprocess.run(
            ["ansible", "localhost", "-c", "local", "-m", module, "-a", args, *extra_cli],
            env=ansible_env(sandbox, **(env or {})),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return AdHocResult(completed)

    return run


class PlaybookRun:
    def __init__(self, completed):
        self.returncode = completed.returncode
        self.output = completed.stdout + completed.stderr
        self.report = json.loads(completed.stdout)

    def task(self, name):
        for play in self.report["plays"]:
            for task in play["tasks"]:
                # Role tasks are named "ROLE : name".
                if name in (task["task"]["name"], task["task"]["name"].split(" : ", 1)[-1]):
                    return task["hosts"]["localhost"]
        raise KeyError(name)

    @property
    def stats(self):
        return self.report["stats"]["localhost"]


@pytest.fixture(name="playbook")
def fixture_playbook(sandbox, tmp_path):
    """Writes a playbook and runs it with ansible-playbook, reporting through the JSON callback."""

    def run(text, *extra_cli, extra_vars=None, env=None):
        path = tmp_path / "playbook.yml"
        path.write_text(textwrap.dedent(text))
        cli = ["ansible-playbook", "-i", "localhost,", "-c", "local", str(path), *extra_cli]
        if extra_vars:
            cli += ["-e", json.dumps(extra_vars)]
        completed = subprocess.run(
            cli,
            env=ansible_env(sandbox, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", **(env or {})),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return PlaybookRun(completed)

    return run
