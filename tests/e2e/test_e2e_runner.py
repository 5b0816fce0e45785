# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The collection run by ansible-runner, the engine AWX uses, with credentials injected the way AWX injects them."""

import json
import os
import sys

import ansible_runner
import pytest
import yaml

from e2e_support import VENV_BIN
from e2e_support import play
from e2e_support import playbook_text
from sandbox.server import COLLECTIONS_ROOT

PLAYBOOK = playbook_text(
    play(
        "Retire WorkSpaces",
        [{"name": "Terminate", "euc.aws.workspaces_terminate": {"workspace_ids": "{{ workspace_ids }}"}}],
        aws={"endpoint_url": "{{ endpoint_url }}"},
    )
)

# What AWX's "Amazon Web Services" credential type injects into the job's environment.
AWX_CREDENTIAL_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIAAWXINJECTED01",
    "AWS_SECRET_ACCESS_KEY": "awx-injected-secret-never-printed",
    "AWS_SESSION_TOKEN": "awx-injected-session-token",
}


@pytest.fixture(name="job")
def fixture_job(ws, tmp_path, monkeypatch):
    """Lays out an AWX-style private data dir and runs the playbook in it with ansible-runner."""
    private = tmp_path / "private"
    (private / "project").mkdir(parents=True)
    (private / "project" / "retire.yml").write_text(PLAYBOOK)
    (private / "inventory").mkdir()
    (private / "inventory" / "hosts").write_text(f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
    (private / "env").mkdir()
    envvars = dict(
        AWX_CREDENTIAL_ENV,
        AWS_REGION=ws.region,
        ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_ROOT),
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    (private / "env" / "envvars").write_text(yaml.safe_dump(envvars))
    monkeypatch.setenv("PATH", f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)

    def run(workspace_ids):
        return ansible_runner.run(
            private_data_dir=str(private),
            playbook="retire.yml",
            extravars={"endpoint_url": ws.endpoint_url, "workspace_ids": workspace_ids},
            quiet=True,
        )

    return run


def task_events(runner, event_name):
    return [event for event in runner.events if event["event"] == event_name and event["event_data"].get("task") == "Terminate"]


@pytest.mark.matrix
def test_runner_job_reports_terminated_in_runner_on_ok(ws, job):
    alice, bob = ws.seed_workspaces(ws.seed_directory(), ["alice", "bob"])
    runner = job([alice])
    assert runner.status == "successful", runner.stdout.read()
    (ok,) = task_events(runner, "runner_on_ok")
    assert ok["event_data"]["res"]["changed"] is True
    assert ok["event_data"]["res"]["terminated"] == [alice]
    assert runner.stats["changed"] == {"localhost": 1}
    assert ws.state_of(bob) == "AVAILABLE"
    assert AWX_CREDENTIAL_ENV["AWS_SECRET_ACCESS_KEY"] not in json.dumps(list(runner.events))


def test_runner_job_reports_failed_requests_in_runner_on_failed(ws, job):
    alice, bob = ws.seed_workspaces(ws.seed_directory(), ["alice", "bob"])
    ws.fail_requests({bob: ("InvalidResourceStateException", "The WorkSpace is being restored.")})
    runner = job([alice, bob])
    assert runner.status == "failed"
    (failed,) = task_events(runner, "runner_on_failed")
    result = failed["event_data"]["res"]
    assert result["terminated"] == [alice]
    assert result["failed_requests"] == [
        {"workspace_id": bob, "error_code": "InvalidResourceStateException", "error_message": "The WorkSpace is being restored."}
    ]
    assert f"{bob} (InvalidResourceStateException" in result["msg"]
