# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The retirement role as AWX runs it on an execution node: ansible-runner's streaming mode, three processes in a
pipe (transmit on the controller | worker on the node | process back on the controller), read the way AWX reads a
job: the events, rc and status that process writes under artifacts/<ident>/."""

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from e2e_support import VENV_BIN
from e2e_support import play
from e2e_support import playbook_text
from sandbox.server import COLLECTIONS_ROOT

PLAYBOOK = playbook_text(
    play(
        "Offboard",
        aws={"region": "{{ aws_region }}", "endpoint_url": "{{ endpoint_url }}"},
        roles=[{"role": "euc.aws.workspaces_terminate"}],
    )
)

# What AWX's "Amazon Web Services" credential type injects into the job's environment.
AWX_CREDENTIAL_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIAAWXSTREAMED01",
    "AWS_SECRET_ACCESS_KEY": "awx-streamed-secret-never-on-disk",
    "AWS_SESSION_TOKEN": "awx-streamed-session-token-never-on-disk",
}
SECRETS = [AWX_CREDENTIAL_ENV["AWS_SECRET_ACCESS_KEY"], AWX_CREDENTIAL_ENV["AWS_SESSION_TOKEN"]]

# `ansible-runner transmit` cannot carry the job's environment: the CLI has no option for it, so it could only go in
# env/envvars inside the private data dir, which transmit zips into the stream and the worker unpacks onto its disk.
# So the controller side is what AWX itself runs (awx/main/tasks/receptor.py), ansible_runner's Python interface, in a
# process of its own: the job's kwargs, read here from stdin, go out as the first line of the stream, envvars included.
TRANSMIT = "import json, sys, ansible_runner; ansible_runner.run(streamer='transmit', _output=sys.stdout.buffer, **json.load(sys.stdin))"

JOB_TIMEOUT_SECONDS = 300
TERMINATE_TASK = "Terminate the WorkSpaces"


def without_aws_or_ansible_settings(environ):
    return {key: value for key, value in environ.items() if not key.startswith(("AWS_", "ANSIBLE_", "BOTO"))}


def files_holding(root, secrets):
    holding = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            with open(path, "rb") as handle:
                content = handle.read()
            if any(secret.encode() in content for secret in secrets):
                holding.append(os.path.relpath(path, root))
    return holding


class StreamedJob:
    """A finished job as AWX sees it: what `ansible-runner process` wrote from the worker's stream."""

    def __init__(self, artifacts, output, worker_root, sent_dir):
        self.output = output
        self.rc = int((artifacts / "rc").read_text())
        self.status = (artifacts / "status").read_text()
        paths = sorted((artifacts / "job_events").glob("*.json"), key=lambda path: int(path.name.split("-", 1)[0]))
        self.events = [json.loads(path.read_text()) for path in paths]
        self.worker_files_with_secret = files_holding(worker_root, SECRETS)
        self.sent_files_with_secret = files_holding(sent_dir, SECRETS)

    def task_events(self, event_name, task_name):
        return [event for event in self.events if event["event"] == event_name and event["event_data"].get("task") == task_name]

    def result_of(self, task_name):
        (ok,) = self.task_events("runner_on_ok", task_name)
        assert ok["event_data"]["role"] == "workspaces_terminate"
        return ok["event_data"]["res"]

    @property
    def stats(self):
        (stats,) = [event for event in self.events if event["event"] == "playbook_on_stats"]
        return stats["event_data"]


def lay_out_job(private_data_dir, extravars, check):
    """The private data dir AWX's RunJob writes: survey answers and extra vars in env/extravars, the Check job type's
    --check in env/cmdline, runner settings in env/settings; none of these files holds a secret."""
    (private_data_dir / "project").mkdir(parents=True)
    (private_data_dir / "project" / "retire.yml").write_text(PLAYBOOK)
    (private_data_dir / "inventory").mkdir()
    (private_data_dir / "inventory" / "hosts").write_text(
        f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n"
    )
    (private_data_dir / "env").mkdir()
    (private_data_dir / "env" / "extravars").write_text(yaml.safe_dump(extravars))
    if check:
        (private_data_dir / "env" / "cmdline").write_text("--check")
    (private_data_dir / "env" / "settings").write_text(
        json.dumps({"job_timeout": JOB_TIMEOUT_SECONDS, "suppress_ansible_output": True, "suppress_output_file": True})
    )


def stream_job(job_kwargs, worker_dir, received_dir, controller_env, worker_env):
    """transmit | worker | process, three processes joined by pipes as receptor joins them; returns their output."""
    runner = str(VENV_BIN / "ansible-runner")
    with tempfile.TemporaryFile() as transmit_err, tempfile.TemporaryFile() as worker_err, tempfile.TemporaryFile() as process_err:
        transmit = subprocess.Popen(
            [sys.executable, "-c", TRANSMIT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=transmit_err, env=controller_env
        )
        # --delete, as AWX passes it to execution nodes: the worker writes the job's whole environment into
        # artifacts/<ident>/command (ansible-runner always does), and only deleting its private data dir when it
        # ends keeps that file from staying behind on the node.
        worker = subprocess.Popen(
            [runner, "worker", "--private-data-dir", str(worker_dir), "--delete"],
            stdin=transmit.stdout, stdout=subprocess.PIPE, stderr=worker_err, env=worker_env, cwd=worker_env["HOME"],
        )
        process = subprocess.Popen(
            [runner, "process", str(received_dir), "--ident", job_kwargs["ident"]],
            stdin=worker.stdout, stdout=subprocess.PIPE, stderr=process_err, env=controller_env,
        )
        pipe = (transmit, worker, process)
        try:
            # Only the next process in the pipe may hold each read end, or no one sees the end of the stream.
            transmit.stdout.close()
            worker.stdout.close()
            transmit.stdin.write(json.dumps(job_kwargs).encode())
            transmit.stdin.close()
            stdout = process.communicate(timeout=JOB_TIMEOUT_SECONDS)[0]
            codes = [member.wait(timeout=30) for member in pipe]
        finally:
            for member in pipe:
                if member.poll() is None:
                    member.kill()
                    member.wait()
        errors = []
        for handle in (transmit_err, worker_err, process_err):
            handle.seek(0)
            errors.append(handle.read().decode(errors="replace"))
    return f"{stdout.decode(errors='replace')}\nexit codes {codes}\n" + "\n".join(errors)


@pytest.fixture(name="awx_job")
def fixture_awx_job(ws, tmp_path):
    """Runs the role as an AWX job on an execution node; ``check`` for the Check job type, role variables as extra vars."""
    idents = itertools.count(1)
    controller_env = dict(without_aws_or_ansible_settings(os.environ), PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    # The execution node: its own home and temp dir, under one root that is searched for the secret afterwards, and
    # no AWS or Ansible settings of its own, so that a job that reaches AWS got its credentials from the stream. The root
    # is short, in the system's temp dir, not under tmp_path: ansible-playbook's RPC socket goes in TMPDIR/pymp-*/, and a
    # deep tmp_path (a pytest-xdist worker's adds popen-gwN/) makes its path longer than a Unix socket's 107 bytes.
    worker_root = Path(tempfile.mkdtemp(prefix="awx-node-"))
    worker_env = dict(controller_env, HOME=str(worker_root / "home"), TMPDIR=str(worker_root / "tmp"))
    for folder in (worker_root / "home", worker_root / "tmp"):
        folder.mkdir(parents=True)

    def run(check=False, **role_vars):
        ident = str(next(idents))
        # AWX gives transmit and process the same directory; two here, so that what was sent can be searched on its
        # own after the run (process adds the artifacts streamed back).
        sent = tmp_path / f"awx_{ident}_sent"
        received = tmp_path / f"awx_{ident}_received"
        lay_out_job(sent, {"endpoint_url": ws.endpoint_url, "aws_region": ws.region, **role_vars}, check)
        job_kwargs = {
            "ident": ident,
            "private_data_dir": str(sent),
            "playbook": "retire.yml",
            "inventory": str(sent / "inventory" / "hosts"),
            # The log is the end-to-end tests' own (conftest.py reads its deprecation warnings); it holds no secret.
            "envvars": dict(
                AWX_CREDENTIAL_ENV, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_ROOT), ANSIBLE_LOG_PATH=os.environ["EUC_AWS_ANSIBLE_LOG_PATH"]
            ),
            # As AWX sets it (AWX_RUNNER_OMIT_ENV_FILES, default true). Without it transmit writes envvars to
            # env/envvars before zipping the directory, so the credentials would be unpacked onto the worker's disk;
            # it also rides in the kwargs to the worker, whose own run would otherwise write env/envvars there.
            "suppress_env_files": True,
        }
        output = stream_job(job_kwargs, worker_root / f"awx_{ident}", received, controller_env, worker_env)
        # The controller's copy, artifacts/<ident>/command streamed back from the worker, holds the credentials too:
        # AWX deletes a job's private data dir on the controller when the job ends.
        return StreamedJob(received / "artifacts" / ident, output, worker_root, sent)

    yield run
    shutil.rmtree(worker_root, ignore_errors=True)


@pytest.mark.matrix
def test_streamed_job_terminates_and_reports_the_ids_in_its_events(ws, awx_job):
    alice, bob, carol = ws.seed_workspaces(ws.seed_directory(), ["alice", "bob", "carol"])
    job = awx_job(workspaces_terminate_ids=[alice, bob])
    assert (job.rc, job.status) == (0, "successful"), job.output
    result = job.result_of(TERMINATE_TASK)
    assert result["changed"] is True
    assert result["terminated"] == [alice, bob]
    assert [ws.state_of(alice), ws.state_of(bob), ws.state_of(carol)] == ["TERMINATING", "TERMINATING", "AVAILABLE"]
    assert not any(secret in json.dumps(job.events) for secret in SECRETS)


def test_streamed_job_run_again_is_ok_and_terminates_nothing(ws, awx_job):
    alice, bob = ws.seed_workspaces(ws.seed_directory(), ["alice", "bob"])
    first = awx_job(workspaces_terminate_ids=[alice])
    assert (first.rc, first.status) == (0, "successful"), first.output
    ws.reset_calls()
    again = awx_job(workspaces_terminate_ids=[alice])
    assert (again.rc, again.status) == (0, "successful"), again.output
    result = again.result_of(TERMINATE_TASK)
    assert result["changed"] is False
    assert result["terminated"] == []
    assert result["already_terminating"] == [alice]
    assert again.stats["changed"] == {}
    assert ws.calls("TerminateWorkspaces") == []
    assert ws.state_of(bob) == "AVAILABLE"


@pytest.mark.matrix
def test_streamed_check_job_changes_nothing(ws, awx_job):
    directory_id = ws.seed_directory()
    alice, bob = ws.seed_workspaces(directory_id, ["alice", "bob"])
    job = awx_job(check=True, workspaces_terminate_directory_id=directory_id, workspaces_terminate_users="alice")
    assert (job.rc, job.status) == (0, "successful"), job.output
    # The summary says "check mode" only if the --check of env/cmdline reached ansible-playbook on the worker.
    (summary,) = job.task_events("runner_on_ok", "Summary")
    assert summary["event_data"]["res"]["msg"][0] == f"Would terminate (check mode) 1 WorkSpace(s): alice {alice}"
    assert ws.calls("TerminateWorkspaces") == []
    assert [ws.state_of(alice), ws.state_of(bob)] == ["AVAILABLE", "AVAILABLE"]


def test_streamed_job_leaves_no_credential_in_any_file_on_the_worker(ws, awx_job):
    (alice,) = ws.seed_workspaces(ws.seed_directory(), ["alice"])
    job = awx_job(workspaces_terminate_ids=[alice])
    # The credentials reached AWS (the worker has none of its own) ...
    assert (job.rc, job.status) == (0, "successful"), job.output
    assert job.result_of(TERMINATE_TASK)["terminated"] == [alice]
    # ... through the job's environment only: no file the worker unpacked held them, and none is left on it.
    assert job.sent_files_with_secret == []
    assert job.worker_files_with_secret == []
