# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""make demo: the README's example playbook, three ways, against a local WorkSpaces sandbox.

Starts the sandbox, seeds a directory with a handful of WorkSpaces, then runs
examples/retire_workspaces.yml with the real ansible-playbook: in check mode, for real, and again.
After each run it reads the sandbox (not the playbook's own claims) to show what actually changed.
"""

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from sandbox import Sandbox  # noqa: E402  pylint: disable=wrong-import-position

PLAYBOOK = REPO_ROOT / "examples" / "retire_workspaces.yml"
LEAVERS = ["alice", "bob", "carol"]
STAYERS = ["dave", "erin"]


def run_playbook(sandbox, workspace_ids, *extra_cli):
    env = sandbox.ansible_env(AWS_ACCESS_KEY_ID="AKIADEMOEXAMPLE", AWS_SECRET_ACCESS_KEY="demo-secret-key")
    extra_vars = {"workspace_ids": workspace_ids, "aws_region": sandbox.region, "workspaces_endpoint_url": sandbox.endpoint_url}
    command = ["ansible-playbook", "-i", "localhost,", str(PLAYBOOK), "-e", json.dumps(extra_vars), *extra_cli]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    print("\n".join("    " + line for line in completed.stdout.strip().splitlines()))
    if completed.returncode != 0:
        print(completed.stderr)
        raise SystemExit(f"demo: ansible-playbook {' '.join(extra_cli)} failed with exit code {completed.returncode}")
    recap = completed.stdout.strip().splitlines()[-1]
    return recap.split("changed=")[1].split()[0] != "0"


def states(sandbox, users_by_id):
    return ", ".join(f"{users_by_id[i]}={sandbox.state_of(i) or 'gone'}" for i in users_by_id)


def main():
    # Long enough that the third run still sees them TERMINATING, as it would on AWS minutes later.
    with Sandbox(terminating_seconds=60.0, terminated_seconds=5.0) as sandbox:
        directory_id = sandbox.seed_directory()
        workspace_ids = sandbox.seed_workspaces(directory_id, LEAVERS + STAYERS)
        users_by_id = dict(zip(workspace_ids, LEAVERS + STAYERS))
        leaver_ids = workspace_ids[: len(LEAVERS)]
        print(f"Sandbox at {sandbox.endpoint_url}: directory {directory_id}, WorkSpaces {states(sandbox, users_by_id)}")
        print(f"Retiring the WorkSpaces of {', '.join(LEAVERS)}: {', '.join(leaver_ids)}\n")

        summary = []
        for title, extra_cli in (
            ("1. check mode (--check --diff)", ("--check", "--diff")),
            ("2. real run", ()),
            ("3. run again", ()),
        ):
            print(title)
            sandbox.reset_calls()
            changed = run_playbook(sandbox, leaver_ids, *extra_cli)
            terminate_calls = len(sandbox.calls("TerminateWorkspaces"))
            summary.append((title, changed, terminate_calls, states(sandbox, users_by_id)))
            print()

        print("Summary (read back from the sandbox after each run)")
        for title, changed, terminate_calls, after in summary:
            print(f"  {title:<32} changed={str(changed):<5} TerminateWorkspaces calls={terminate_calls}  after: {after}")

        # Check mode predicts "changed" but calls nothing; the real run terminates; the rerun has nothing to do.
        if [(changed, calls) for _title, changed, calls, _after in summary] != [(True, 0), (True, 1), (False, 0)]:
            raise SystemExit("demo: the three runs did not behave as expected (see the summary above)")
    print("\nSandbox stopped.")


if __name__ == "__main__":
    main()
