# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a patch window does to each WorkSpace, decided from its state and running mode."""

import botocore.session
import pytest

from ansible_collections.euc.aws.plugins.module_utils import patch_window
from ansible_collections.euc.aws.plugins.module_utils.patch_window import PlanError
from ansible_collections.euc.aws.plugins.module_utils.patch_window import plan_window
from ansible_collections.euc.aws.plugins.module_utils.patch_window import window_outcome

EAST = "us-east-1"
WEST = "eu-west-1"


def host(name, workspace_id, region=EAST):
    return {"host": name, "workspace_id": workspace_id, "region": region}


def workspace(workspace_id, state, running_mode="AUTO_STOP"):
    return {"workspace_id": workspace_id, "state": state, "workspace_properties": {"running_mode": running_mode}}


def hosts_of(entries):
    return [entry["host"] for entry in entries]


FLEET = [
    host("stopped-auto", "ws-00000001"),
    host("stopped-manual", "ws-00000002", WEST),
    host("available-always-on", "ws-00000003"),
    host("maintained-elsewhere", "ws-00000004"),
]
FOUND = {
    EAST: [
        workspace("ws-00000001", "STOPPED"),
        workspace("ws-00000003", "AVAILABLE", "ALWAYS_ON"),
        workspace("ws-00000004", "ADMIN_MAINTENANCE"),
    ],
    WEST: [workspace("ws-00000002", "STOPPED", "MANUAL")],
}


def test_stopped_auto_stop_and_manual_are_started_available_and_maintained_ones_are_ready():
    plan = plan_window(FLEET, FOUND)
    assert hosts_of(plan["to_start"]) == ["stopped-auto", "stopped-manual"]
    assert hosts_of(plan["to_maintain"]) == ["stopped-auto", "stopped-manual", "available-always-on"]
    assert hosts_of(plan["in_maintenance"]) == ["maintained-elsewhere"]
    assert hosts_of(plan["to_patch"]) == [entry["host"] for entry in FLEET]
    assert plan["skipped"] == [] and plan["left_out"] == []
    assert plan["regions"] == [WEST, EAST]
    assert plan["to_start"][1] == {
        "host": "stopped-manual",
        "workspace_id": "ws-00000002",
        "region": WEST,
        "state": "STOPPED",
        "running_mode": "MANUAL",
        "recorded": None,
    }


def test_in_check_mode_the_hosts_to_start_are_left_out_of_the_tasks_but_still_planned():
    plan = plan_window(FLEET, FOUND, check_mode=True)
    assert hosts_of(plan["to_start"]) == ["stopped-auto", "stopped-manual"]
    assert hosts_of(plan["to_patch"]) == ["available-always-on", "maintained-elsewhere"]
    assert hosts_of(plan["left_out"]) == ["stopped-auto", "stopped-manual"]
    assert "cannot run in check mode" in plan["left_out"][0]["reason"]


@pytest.mark.parametrize(
    "state, running_mode, reason",
    [
        (
            "STOPPED",
            "ALWAYS_ON",
            "STOPPED with running mode ALWAYS_ON: StartWorkspaces takes AUTO_STOP and MANUAL only",
        ),
        ("ERROR", "AUTO_STOP", "ERROR: needs attention before it can be patched"),
        ("SUSPENDED", "AUTO_STOP", "SUSPENDED: needs attention before it can be patched"),
        ("IMPAIRED", "AUTO_STOP", "IMPAIRED: needs attention before it can be patched"),
        ("UNHEALTHY", "AUTO_STOP", "UNHEALTHY: needs attention before it can be patched"),
        ("PENDING", "AUTO_STOP", "PENDING: busy, try again once it has settled"),
        ("STARTING", "AUTO_STOP", "STARTING: busy, try again once it has settled"),
        ("STOPPING", "MANUAL", "STOPPING: busy, try again once it has settled"),
        ("REBOOTING", "AUTO_STOP", "REBOOTING: busy, try again once it has settled"),
        ("REBUILDING", "AUTO_STOP", "REBUILDING: busy, try again once it has settled"),
        ("RESTORING", "AUTO_STOP", "RESTORING: busy, try again once it has settled"),
        ("UPDATING", "AUTO_STOP", "UPDATING: busy, try again once it has settled"),
        ("MAINTENANCE", "AUTO_STOP", "MAINTENANCE: busy, try again once it has settled"),
        ("TERMINATING", "AUTO_STOP", "TERMINATING: being terminated"),
    ],
)
def test_other_states_are_skipped_with_their_reason(state, running_mode, reason):
    plan = plan_window([host("odd", "ws-00000009")], {EAST: [workspace("ws-00000009", state, running_mode)]})
    assert plan["skipped"] == [
        {
            "host": "odd",
            "workspace_id": "ws-00000009",
            "region": EAST,
            "state": state,
            "running_mode": running_mode,
            "recorded": None,
            "reason": reason,
        }
    ]
    assert plan["to_start"] == plan["to_maintain"] == plan["to_patch"] == plan["in_maintenance"] == []


def test_a_workspace_not_found_in_its_region_is_skipped_even_when_another_region_has_its_id():
    plan = plan_window([host("ghost", "ws-00000001", WEST)], {EAST: [workspace("ws-00000001", "AVAILABLE")], WEST: []})
    assert plan["skipped"][0]["reason"] == "not found in eu-west-1"
    assert plan["to_patch"] == []


@pytest.mark.parametrize("missing", ["workspace_id", "region"])
def test_a_host_without_its_workspace_is_an_error(missing):
    stray = dict(host("stray", "ws-00000001"), **{missing: None})
    with pytest.raises(PlanError, match=f"host 'stray' has no {missing}"):
        plan_window([stray], FOUND)


def test_the_outcome_splits_patched_from_failed_and_appends_to_earlier_batches():
    plan = plan_window(FLEET, FOUND)
    earlier = {"patched": [{"host": "first-batch", "workspace_id": "ws-00000010"}]}
    outcome = window_outcome(
        plan,
        started=["ws-00000001", "ws-00000002"],
        maintained=["ws-00000001", "ws-00000002", "ws-00000003"],
        succeeded_hosts=["stopped-auto", "maintained-elsewhere"],
        stopped=["ws-00000001"],
        previous=earlier,
    )
    batch = outcome["batch"]
    assert hosts_of(batch["patched"]) == ["stopped-auto", "maintained-elsewhere"]
    assert hosts_of(batch["failed"]) == ["stopped-manual", "available-always-on"]
    assert hosts_of(batch["stopped_again"]) == ["stopped-auto"]
    assert hosts_of(outcome["result"]["patched"]) == ["first-batch", "stopped-auto", "maintained-elsewhere"]
    assert hosts_of(outcome["result"]["maintained"]) == ["stopped-auto", "stopped-manual", "available-always-on"]
    assert outcome["summary"][0] == "Started: stopped-auto (ws-00000001), stopped-manual (ws-00000002)"
    assert "Left in ADMIN_MAINTENANCE (found there): maintained-elsewhere (ws-00000004)" in outcome["summary"]
    assert [line for line in outcome["summary"] if line.startswith("Failed")] == [
        "Failed, put back all the same: stopped-manual (ws-00000002): tasks failed",
        "Failed, put back all the same: available-always-on (ws-00000003): tasks failed",
    ]


def test_the_check_mode_summary_says_what_would_have_been_done():
    plan = plan_window(FLEET, FOUND, check_mode=True)
    outcome = window_outcome(
        plan, ["ws-00000001"], ["ws-00000001"], ["available-always-on"], ["ws-00000001"], check_mode=True
    )
    assert outcome["summary"][:2] == [
        "Would have started: stopped-auto (ws-00000001)",
        "Would have put in ADMIN_MAINTENANCE: stopped-auto (ws-00000001)",
    ]
    assert "Would have stopped again: stopped-auto (ws-00000001)" in outcome["summary"]
    assert any(line.startswith("Tasks left out: stopped-manual (ws-00000002)") for line in outcome["summary"])
    assert hosts_of(outcome["batch"]["failed"]) == ["maintained-elsewhere"]


def test_an_id_acted_on_outside_the_plan_is_an_error():
    with pytest.raises(PlanError, match="not in the plan: ws-99999999"):
        window_outcome(plan_window(FLEET, FOUND), ["ws-99999999"], [], [], [])


def test_every_state_named_is_one_of_the_service_model_and_every_state_of_the_model_gets_a_decision():
    model_states = set(botocore.session.get_session().get_service_model("workspaces").shape_for("WorkspaceState").enum)
    named = patch_window.NEEDS_ATTENTION | patch_window.BUSY | patch_window.GOING
    named |= {patch_window.AVAILABLE, patch_window.STOPPED, patch_window.MAINTENANCE}
    assert named <= model_states
    for state in sorted(model_states):
        plan = plan_window([host("any", "ws-00000009")], {EAST: [workspace("ws-00000009", state)]})
        assert len(plan["to_patch"]) + len(plan["skipped"]) == 1, state


KEY = patch_window.DEFAULT_TAG_KEY


def tagged(workspace_id, state, recorded, running_mode="AUTO_STOP"):
    return dict(workspace(workspace_id, state, running_mode), tags={KEY: recorded, "team": "finance"})


def ids_of(entries):
    return [entry["workspace_id"] for entry in entries]


def test_a_window_records_the_state_it_found_on_every_workspace_it_will_change_and_nothing_else():
    plan = plan_window(FLEET, FOUND, tag_key=KEY)
    assert [(entry["workspace_id"], entry["recorded"]) for entry in plan["to_record"]] == [
        ("ws-00000001", "STOPPED"),
        ("ws-00000002", "STOPPED"),
        ("ws-00000003", "AVAILABLE"),
    ]
    assert plan["recovered"] == plan["to_put_back"] == plan["to_stop_again"] == []
    assert plan["to_untag"] == ["ws-00000001", "ws-00000002", "ws-00000003"]


def test_workspaces_a_cut_off_run_left_in_the_batch_are_patched_then_put_back_to_their_recorded_state():
    hosts = [host("was-stopped", "ws-00000011"), host("was-available", "ws-00000012"), host("started-only", "ws-00000013")]
    found = {
        EAST: [
            tagged("ws-00000011", "ADMIN_MAINTENANCE", "STOPPED"),
            tagged("ws-00000012", "ADMIN_MAINTENANCE", "AVAILABLE"),
            tagged("ws-00000013", "AVAILABLE", "STOPPED"),
        ]
    }
    plan = plan_window(hosts, found, tag_key=KEY)
    assert hosts_of(plan["recovered"]) == ["was-stopped", "was-available", "started-only"]
    assert hosts_of(plan["to_patch"]) == ["was-stopped", "was-available", "started-only"]
    assert hosts_of(plan["to_put_back"]) == ["was-stopped", "was-available"]
    assert hosts_of(plan["to_maintain"]) == ["started-only"]
    assert hosts_of(plan["to_stop_again"]) == ["was-stopped", "started-only"]
    assert plan["in_maintenance"] == [] and plan["to_record"] == [] and plan["to_start"] == []
    assert plan["to_untag"] == ["ws-00000011", "ws-00000012", "ws-00000013"]


def test_admin_maintenance_without_the_tag_or_with_a_foreign_value_is_someone_elses_and_stays():
    hosts = [host("untagged", "ws-00000021"), host("foreign", "ws-00000022")]
    found = {EAST: [workspace("ws-00000021", "ADMIN_MAINTENANCE"), tagged("ws-00000022", "ADMIN_MAINTENANCE", "yes")]}
    outside = {EAST: [workspace("ws-00000023", "ADMIN_MAINTENANCE"), tagged("ws-00000024", "ADMIN_MAINTENANCE", "x")]}
    plan = plan_window(hosts, found, tag_key=KEY, outside=outside)
    assert hosts_of(plan["in_maintenance"]) == ["untagged", "foreign"]
    assert plan["recovered"] == plan["to_put_back"] == plan["to_stop_again"] == plan["to_untag"] == []


def test_tagged_workspaces_outside_the_batches_are_put_back_directly_in_their_region():
    outside = {
        WEST: [tagged("ws-00000031", "ADMIN_MAINTENANCE", "STOPPED"), tagged("ws-00000032", "AVAILABLE", "STOPPED")],
        EAST: [tagged("ws-00000033", "ADMIN_MAINTENANCE", "AVAILABLE")],
    }
    plan = plan_window([host("plain", "ws-00000003")], FOUND, tag_key=KEY, outside=outside)
    # Region by region, sorted by name.
    assert ids_of(plan["recovered"]) == ["ws-00000031", "ws-00000033"]
    assert [entry["region"] for entry in plan["recovered"]] == [WEST, EAST]
    assert ids_of(plan["to_put_back"]) == ["ws-00000031", "ws-00000033"]
    assert ids_of(plan["to_stop_again"]) == ["ws-00000031"]
    assert plan["recovered"][0]["host"] is None and "ws-00000031" not in ids_of(plan["to_patch"])
    assert plan["regions"] == [WEST, EAST]


def test_without_a_tag_key_no_tag_counts_and_nothing_is_recorded_as_recovered():
    found = {EAST: [tagged("ws-00000011", "ADMIN_MAINTENANCE", "STOPPED")]}
    plan = plan_window([host("was-stopped", "ws-00000011")], found)
    assert hosts_of(plan["in_maintenance"]) == ["was-stopped"] and plan["recovered"] == []


def test_a_failed_host_is_unreachable_when_it_never_connected_or_never_came_back_otherwise_its_tasks_failed():
    plan = plan_window(FLEET, FOUND)
    outcome = window_outcome(
        plan,
        started=[],
        maintained=[],
        succeeded_hosts=["stopped-auto"],
        stopped=[],
        connected_hosts=["stopped-auto", "stopped-manual", "maintained-elsewhere"],
        finished_hosts=["stopped-auto", "stopped-manual", "available-always-on"],
    )
    assert [(entry["host"], entry["reason"]) for entry in outcome["batch"]["failed"]] == [
        ("stopped-manual", "tasks failed"),
        ("available-always-on", "unreachable"),
        ("maintained-elsewhere", "unreachable"),
    ]
    assert "Failed, put back all the same: available-always-on (ws-00000003): unreachable" in outcome["summary"]


def test_the_outcome_reports_the_recovered_and_stops_again_what_a_cut_off_run_started():
    hosts = [host("was-stopped", "ws-00000011")]
    found = {EAST: [tagged("ws-00000011", "ADMIN_MAINTENANCE", "STOPPED")]}
    outside = {WEST: [tagged("ws-00000031", "ADMIN_MAINTENANCE", "AVAILABLE")]}
    plan = plan_window(hosts, found, tag_key=KEY, outside=outside)
    outcome = window_outcome(
        plan, started=[], maintained=[], succeeded_hosts=["was-stopped"], stopped=["ws-00000011"], check_mode=True
    )
    assert ids_of(outcome["batch"]["recovered"]) == ["ws-00000011", "ws-00000031"]
    assert hosts_of(outcome["batch"]["stopped_again"]) == ["was-stopped"]
    assert "Would have recovered (left by a run that was cut off): was-stopped (ws-00000011), ws-00000031" in (
        outcome["summary"]
    )
