# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A directory's whole configuration as code (workspaces_directory, workspaces_directory_info) through the real
ansible-playbook and ansible, against the sandbox."""

import time

import pytest

from e2e_support import REPO_ROOT
from e2e_support import play
from e2e_support import playbook_text

DIRECTORY_PLAYBOOK = playbook_text(
    play(
        "The directory",
        """
        - name: Directory
          euc.aws.workspaces_directory:
            directory_id: "{{ directory_id }}"
            self_service_permissions:
              restart_workspace: ENABLED
              rebuild_workspace: DISABLED
            workspace_access_properties:
              device_type_web: "{{ web | default('DENY') }}"
              device_type_linux: ALLOW
            client_properties:
              reconnect_enabled: DISABLED
            ip_group_ids: "{{ ip_group_ids }}"
            tags:
              team: euc
            wait_timeout: 60
        """,
    )
)


def changing_calls(ws):
    return [call["operation"] for call in ws.calls() if not call["operation"].startswith("Describe")]


@pytest.fixture(name="estate")
def fixture_estate(ws):
    """An Active Directory directory not yet registered, and an IP group of the office's range."""
    ws.set_transition_seconds(registering=1, deregistering=1)
    directory_id = ws.seed_unregistered_directory()
    group_id = ws.client("workspaces").create_ip_group(GroupName="office", UserRules=[{"ipRule": "203.0.113.0/24"}])["GroupId"]
    ws.reset_calls()
    return directory_id, group_id


def run_directory(playbook, ws, estate, *cli, **extra):
    directory_id, group_id = estate
    variables = dict({"endpoint_url": ws.endpoint_url, "directory_id": directory_id, "ip_group_ids": [group_id]}, **extra)
    return playbook(DIRECTORY_PLAYBOOK, *cli, extra_vars=variables)


@pytest.mark.matrix
def test_registered_with_every_setting_then_ok_then_changed(ws, playbook, estate):
    directory_id, group_id = estate
    first = run_directory(playbook, ws, estate)
    assert first.returncode == 0, first.output
    task = first.task("Directory")
    assert task["changed"] is True and task["changes"]["state"] == {"before": "absent", "after": "present"}
    directory = task["directory"]
    assert directory["state"] == "REGISTERED" and directory["ip_group_ids"] == [group_id] and directory["tags"] == {"team": "euc"}
    assert directory["workspace_access_properties"]["device_type_web"] == "DENY"
    assert ws.directory_state_of(directory_id) == "REGISTERED"

    ws.reset_calls()
    again = run_directory(playbook, ws, estate)
    assert again.returncode == 0, again.output
    assert again.task("Directory")["changed"] is False and changing_calls(ws) == []

    changed = run_directory(playbook, ws, estate, web="ALLOW")
    assert changed.returncode == 0, changed.output
    changes = changed.task("Directory")["changes"]
    assert list(changes) == ["workspace_access_properties"]
    assert changes["workspace_access_properties"]["after"]["device_type_web"] == "ALLOW"
    assert changing_calls(ws) == ["ModifyWorkspaceAccessProperties"]


def test_check_mode_and_diff_change_nothing(ws, playbook, estate):
    directory_id, _group_id = estate
    check = run_directory(playbook, ws, estate, "--check", "--diff")
    assert check.returncode == 0, check.output
    assert check.task("Directory")["changed"] is True and "diff" in check.task("Directory")
    assert ws.directory_state_of(directory_id) is None and changing_calls(ws) == []


def test_the_open_access_guard_refuses_leaving_the_directory_with_no_group(ws, playbook, estate):
    run_directory(playbook, ws, estate)
    ws.reset_calls()
    for cli in ((), ("--check",)):
        refused = run_directory(playbook, ws, estate, *cli, ip_group_ids=[])
        assert refused.returncode != 0
        assert "allow_any_ip" in refused.task("Directory")["msg"]
    assert changing_calls(ws) == []


def test_absent_refused_while_workspaces_remain_then_deregistered(ws, adhoc, playbook, estate):
    directory_id, _group_id = estate
    run_directory(playbook, ws, estate)
    (alice,) = ws.seed_workspaces(directory_id, ["alice"])
    refused = adhoc(f"directory_id={directory_id} state=absent endpoint_url={ws.endpoint_url}", module="euc.aws.workspaces_directory")
    assert refused.returncode != 0 and alice in refused.result["msg"]
    ws.set_lifecycle(0.5, 0.5)
    ws.client("workspaces").terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    deadline = time.monotonic() + 30
    while ws.state_of(alice) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    gone = adhoc(f"directory_id={directory_id} state=absent wait_timeout=60 endpoint_url={ws.endpoint_url}", module="euc.aws.workspaces_directory")
    assert gone.returncode == 0 and gone.status == "CHANGED", gone.output
    assert ws.directory_state_of(directory_id) is None
    again = adhoc(f"directory_id={directory_id} state=absent endpoint_url={ws.endpoint_url}", module="euc.aws.workspaces_directory")
    assert again.returncode == 0 and again.status == "SUCCESS"


def test_bad_input_fails_before_any_call_and_aws_refusals_are_explained(ws, adhoc, estate):
    directory_id, _group_id = estate
    ws.reset_calls()
    bad = adhoc(f"directory_id=dir endpoint_url={ws.endpoint_url}", module="euc.aws.workspaces_directory")
    assert bad.returncode != 0 and "directory_id 'dir'" in bad.result["msg"] and ws.calls() == []
    ws.fail_requests({directory_id: "WorkspacesDefaultRoleNotFoundException"}, operation="RegisterWorkspaceDirectory", times=1)
    refused = adhoc(f"directory_id={directory_id} endpoint_url={ws.endpoint_url}", module="euc.aws.workspaces_directory")
    assert refused.returncode != 0 and "workspaces_DefaultRole" in refused.result["msg"]


def test_directory_info_returns_every_setting_and_tags(ws, adhoc, playbook, estate):
    directory_id, group_id = estate
    run_directory(playbook, ws, estate)
    info = adhoc({"directory_ids": [directory_id], "tags": True, "endpoint_url": ws.endpoint_url}, module="euc.aws.workspaces_directory_info")
    assert info.returncode == 0, info.output
    (directory,) = info.result["directories"]
    assert directory["ip_group_ids"] == [group_id] and directory["tags"] == {"team": "euc"}
    assert directory["self_service_permissions"]["restart_workspace"] == "ENABLED"
    assert directory["client_properties"]["reconnect_enabled"] == "DISABLED"


def test_the_estate_example_builds_the_whole_configuration_then_is_ok(ws, playbook):
    ws.set_transition_seconds(registering=1)
    directory_id = ws.seed_unregistered_directory()
    text = (REPO_ROOT / "examples" / "estate.yml").read_text()
    extra = {"workspaces_endpoint_url": ws.endpoint_url, "aws_region": ws.region, "directory_id": directory_id}
    first = playbook(text, extra_vars=extra)
    assert first.returncode == 0, first.output
    directory = first.task("The directory, its settings and its IP groups")["directory"]
    assert directory["state"] == "REGISTERED" and len(directory["ip_group_ids"]) == 1
    assert directory["tags"] == {"team": "euc", "cost-centre": "4711"}
    again = playbook(text, extra_vars=extra)
    assert again.returncode == 0, again.output
    assert again.stats["changed"] == 0
