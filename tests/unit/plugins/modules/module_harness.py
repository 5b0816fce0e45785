# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Running a module's main() as Ansible would, and the AWS data the module tests feed it."""

import json

import pytest

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19
    import contextlib

    from ansible.module_utils import basic
    from ansible.module_utils.common.text.converters import to_bytes

    @contextlib.contextmanager
    def patch_module_args(args):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

SECRET_KEY = "unit-secret-key-never-printed"


def run_main(module, capsys, check_mode=False, diff=False, **params):
    """The JSON ``module.main()`` printed for ``params``; the credentials must never be in it."""
    args = dict(region="us-east-1", access_key="AKIAUNITTEST", secret_key=SECRET_KEY, **params)
    if "euc.aws.concurrency" in module.DOCUMENTATION:
        # The Stubber answers pinned calls first in, first out: exact calls are pinned in turn.
        args.setdefault("max_concurrency", 1)
    args.update(_ansible_check_mode=check_mode, _ansible_diff=diff)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    output = capsys.readouterr().out
    assert SECRET_KEY not in output
    return json.loads(output)


def workspace(workspace_id, state="AVAILABLE", user_name="alice", running_mode="AUTO_STOP"):
    return {
        "WorkspaceId": workspace_id,
        "State": state,
        "DirectoryId": "d-1234567890",
        "UserName": user_name,
        "BundleId": "wsb-123456789",
        "WorkspaceProperties": {"RunningMode": running_mode},
    }


def polls_within(seconds):
    """How many DescribeWorkspaces polls a wait makes in ``seconds``: 2 s apart, growing by 1.5 up to 15 s, the last
    sleep cut at the deadline."""
    polls, elapsed, interval = 0, 0.0, 2.0
    while elapsed < seconds:
        elapsed += min(interval, seconds - elapsed)
        interval = min(interval * 1.5, 15.0)
        polls += 1
    return polls


def ids(count):
    return [f"ws-{n:09d}" for n in range(count)]


def describe_params(workspace_ids):
    return {"WorkspaceIds": list(workspace_ids)}


def action_params(request_list, workspace_ids):
    return {request_list: [{"WorkspaceId": i} for i in workspace_ids]}


def looked_up(stubber, directory_id, users, workspaces, filter_ignores_case=True):
    """The shared lookup by user's calls: one DescribeWorkspaces by directory and user name per user (once each, in
    the spelling first given), then, when any user's call returned nothing, one listing of the directory.
    ``workspaces`` is the directory; ``filter_ignores_case`` says whether AWS's UserName filter does."""
    first = {}
    for name in users:
        first.setdefault(name.casefold(), name)
    missing = False
    for name in first.values():
        answer = [ws for ws in workspaces if (ws["UserName"].casefold() == name.casefold() if filter_ignores_case else ws["UserName"] == name)]
        stubber.add_response("describe_workspaces", {"Workspaces": answer}, {"DirectoryId": directory_id, "UserName": name})
        missing = missing or not answer
    if missing:
        stubber.add_response("describe_workspaces", {"Workspaces": workspaces}, {"DirectoryId": directory_id})
