# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""make demo: the example playbooks of examples/, joiners then leavers, against a local WorkSpaces sandbox.

Starts the sandbox with an empty directory, runs examples/onboard_workspaces.yml with the real ansible-playbook
(create for five joiners and wait until AVAILABLE, then again: nothing to do), then examples/retire_workspaces.yml
for three leavers: in check mode, for real, and again. After each run it reads the sandbox (not the playbook's own
claims) to show what actually changed.
"""

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from sandbox import BUNDLE_ID  # noqa: E402  pylint: disable=wrong-import-position
from sandbox import Sandbox  # noqa: E402  pylint: disable=wrong-import-position

ONBOARD = REPO_ROOT / "examples" / "onboard_workspaces.yml"
RETIRE = REPO_ROOT / "examples" / "retire_workspaces.yml"
LEAVERS = ["alice", "bob", "carol"]
STAYERS = ["dave", "erin"]


def run_playbook(sandbox, playbook, extra_vars, *extra_cli):
    """Runs the playbook; returns whether it reported a change."""
    env = sandbox.ansible_env(AWS_ACCESS_KEY_ID="AKIADEMOEXAMPLE", AWS_SECRET_ACCESS_KEY="demo-secret-key")
    extra_vars = dict(extra_vars, aws_region=sandbox.region, workspaces_endpoint_url=sandbox.endpoint_url)
    command = ["ansible-playbook", "-i", "localhost,", str(playbook), "-e", json.dumps(extra_vars), *extra_cli]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    print("\n".join("    " + line for line in completed.stdout.strip().splitlines()))
    # Warnings and errors, which ansible-playbook writes to stderr: shown, not hidden (a clean run writes none).
    if completed.stderr.strip():
        print("\n".join("    " + line for line in completed.stderr.strip().splitlines()))
    if completed.returncode != 0:
        raise SystemExit(f"demo: ansible-playbook {playbook.name} {' '.join(extra_cli)} failed with exit code {completed.returncode}")
    recap = completed.stdout.strip().splitlines()[-1]
    return recap.split("changed=")[1].split()[0] != "0"


def workspaces_by_user(sandbox, directory_id):
    listed = sandbox.client("workspaces").get_paginator("describe_workspaces").paginate(DirectoryId=directory_id).build_full_result()
    return {ws["UserName"]: ws["WorkspaceId"] for ws in listed["Workspaces"]}


def states(sandbox, users_by_id):
    return ", ".join(f"{users_by_id[i]}={sandbox.state_of(i) or 'gone'}" for i in users_by_id)


def main():
    # Long enough that the third retirement run still sees them TERMINATING, as it would on AWS minutes later.
    with Sandbox(terminating_seconds=60.0, terminated_seconds=5.0) as sandbox:
        sandbox.set_transition_seconds(pending=2)
        directory_id = sandbox.seed_directory()
        joiners = LEAVERS + STAYERS
        print(f"Sandbox at {sandbox.endpoint_url}: directory {directory_id}, no WorkSpaces yet")
        summary = []
        onboarding = {"directory_id": directory_id, "bundle_id": BUNDLE_ID, "user_names": joiners, "wait_until_available": True}
        for title in ("1. onboard joiners (create, wait until AVAILABLE)", "2. onboard again"):
            print(title)
            sandbox.reset_calls()
            changed = run_playbook(sandbox, ONBOARD, onboarding)
            ids = workspaces_by_user(sandbox, directory_id)
            summary.append((title, changed, "CreateWorkspaces", len(sandbox.calls("CreateWorkspaces")),
                            states(sandbox, {ids[user]: user for user in joiners if user in ids})))
            print()

        users_by_id = {workspace_id: user for user, workspace_id in workspaces_by_user(sandbox, directory_id).items()}
        leaver_ids = [workspace_id for workspace_id, user in users_by_id.items() if user in LEAVERS]
        print(f"Retiring the WorkSpaces of {', '.join(LEAVERS)}: {', '.join(leaver_ids)}\n")
        for title, extra_cli in (
            ("3. retire: check mode (--check --diff)", ("--check", "--diff")),
            ("4. retire: real run", ()),
            ("5. retire: run again", ()),
        ):
            print(title)
            sandbox.reset_calls()
            changed = run_playbook(sandbox, RETIRE, {"workspace_ids": leaver_ids}, *extra_cli)
            summary.append((title, changed, "TerminateWorkspaces", len(sandbox.calls("TerminateWorkspaces")), states(sandbox, users_by_id)))
            print()

        print("Summary (read back from the sandbox after each run)")
        for title, changed, operation, calls, after in summary:
            print(f"  {title:<52} changed={str(changed):<5} {operation} calls={calls}  after: {after}")

        # Onboarding creates once and then has nothing to do; check mode predicts "changed" but calls nothing; the
        # real run terminates; the rerun has nothing to do.
        if [(changed, calls) for _title, changed, _operation, calls, _after in summary] != [
            (True, 1), (False, 0), (True, 0), (True, 1), (False, 0)
        ]:
            raise SystemExit("demo: the runs did not behave as expected (see the summary above)")
    print("\nSandbox stopped.")


if __name__ == "__main__":
    main()
