# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ModifyWorkspaceProperties (moto has none): AWS's rules, and its changes through ModificationStates, over HTTP."""

import time

import pytest
from botocore.exceptions import ClientError

from sandbox import BUNDLE_ID
from sandbox import OTHER_BUNDLE_ID
from sandbox.testing import INVALID_STATE
from sandbox.testing import MODEL
from sandbox.testing import OTHER_REGION
from sandbox.testing import SLOW
from sandbox.testing import control
from sandbox.testing import raw_call
from sandbox.testing import refusal
from sandbox.testing import seeded

ALL_STATES = MODEL.shape_for("WorkspaceState").enum
GRAPHICS_TYPES = [name for name in MODEL.shape_for("Compute").enum if "GRAPHICS" in name]
IN_PROGRESS = (
    "OperationInProgressException",
    "The properties of this WorkSpace are currently under modification. Please try again in a moment.",
)


def described(client, workspace_id):
    (workspace,) = client.describe_workspaces(WorkspaceIds=[workspace_id])["Workspaces"]
    return workspace


def properties(client, workspace_id):
    return described(client, workspace_id)["WorkspaceProperties"]


def modification_states(client, workspace_id):
    return described(client, workspace_id)["ModificationStates"]


def modify(client, workspace_id, **changes):
    answer = client.modify_workspace_properties(WorkspaceId=workspace_id, WorkspaceProperties=changes)
    return {key: value for key, value in answer.items() if key != "ResponseMetadata"}


def refused(client, workspace_id, **changes):
    with pytest.raises(ClientError) as raised:
        modify(client, workspace_id, **changes)
    return refusal(raised)


def states_of(resources, state):
    return [{"Resource": resource, "State": state} for resource in resources]


def slow_modifications(sb):
    sb.set_transition_seconds(update_initiated=SLOW, update_in_progress=SLOW)


def finish_modifications(sb):
    sb.set_transition_seconds(update_initiated=0, update_in_progress=0)


# --- what DescribeWorkspaces shows ----------------------------------------------------------------


def test_settled_workspaces_show_their_bundles_properties_and_empty_modification_states(sb, client):
    directory_id = sb.seed_directory()
    (alice,) = sb.seed_workspaces(directory_id, ["alice"])
    (bob,) = sb.seed_workspaces(directory_id, ["bob"], bundle_id=OTHER_BUNDLE_ID, running_mode="ALWAYS_ON")
    (carol,) = sb.seed_fleet(directory_id, 1, user_prefix="carol")
    standard = {"RunningMode": "AUTO_STOP", "RunningModeAutoStopTimeoutInMinutes": 60, "ComputeTypeName": "STANDARD",
                "RootVolumeSizeGib": 80, "UserVolumeSizeGib": 50, "Protocols": ["PCOIP"]}
    assert described(client, alice)["WorkspaceProperties"] == described(client, carol)["WorkspaceProperties"] == standard
    assert described(client, alice)["ModificationStates"] == described(client, carol)["ModificationStates"] == []
    assert properties(client, bob) == {"RunningMode": "ALWAYS_ON", "ComputeTypeName": "PERFORMANCE", "RootVolumeSizeGib": 80,
                                       "UserVolumeSizeGib": 100, "Protocols": ["PCOIP"]}


def test_what_the_create_request_asks_for_wins_over_the_bundle(sb, client):
    directory_id = sb.seed_directory()
    client.create_workspaces(Workspaces=[{
        "DirectoryId": directory_id, "UserName": "alice", "BundleId": BUNDLE_ID,
        "WorkspaceProperties": {"RunningMode": "AUTO_STOP", "RunningModeAutoStopTimeoutInMinutes": 120,
                                "ComputeTypeName": "POWER", "RootVolumeSizeGib": 175, "UserVolumeSizeGib": 100},
    }])
    sb.set_transition_seconds(pending=0)
    (workspace,) = client.describe_workspaces(DirectoryId=directory_id)["Workspaces"]
    assert workspace["WorkspaceProperties"] == {"RunningMode": "AUTO_STOP", "RunningModeAutoStopTimeoutInMinutes": 120,
                                                "ComputeTypeName": "POWER", "RootVolumeSizeGib": 175,
                                                "UserVolumeSizeGib": 100, "Protocols": ["PCOIP"]}


def test_a_pending_workspace_shows_no_properties_and_no_modification_states(sb, client):
    sb.set_transition_seconds(pending=SLOW)
    directory_id = sb.seed_directory()
    client.create_workspaces(Workspaces=[{"DirectoryId": directory_id, "UserName": "alice", "BundleId": BUNDLE_ID}])
    (workspace,) = client.describe_workspaces(DirectoryId=directory_id)["Workspaces"]
    assert set(workspace) == {"WorkspaceId", "DirectoryId", "UserName", "State", "BundleId"}
    sb.set_transition_seconds(pending=0)
    assert described(client, workspace["WorkspaceId"])["ModificationStates"] == []


def test_the_auto_stop_timeout_shows_for_auto_stop_only(sb, client):
    (alice,) = seeded(sb, ["alice"])
    sb.set_running_mode(alice, "ALWAYS_ON")
    assert "RunningModeAutoStopTimeoutInMinutes" not in properties(client, alice)
    sb.set_running_mode(alice, "AUTO_STOP")
    assert properties(client, alice)["RunningModeAutoStopTimeoutInMinutes"] == 60


# --- changes through ModificationStates -----------------------------------------------------------


def test_a_compute_type_change_goes_initiated_then_in_progress_then_empty(sb, client):
    sb.set_transition_seconds(update_initiated=SLOW, update_in_progress=SLOW)
    (alice,) = seeded(sb, ["alice"])
    assert modify(client, alice, ComputeTypeName="POWER") == {}
    assert modification_states(client, alice) == states_of(["COMPUTE_TYPE"], "UPDATE_INITIATED")
    sb.set_transition_seconds(update_initiated=0)
    assert modification_states(client, alice) == states_of(["COMPUTE_TYPE"], "UPDATE_IN_PROGRESS")
    assert described(client, alice)["State"] == "AVAILABLE"  # AWS does not show UPDATING meanwhile
    sb.set_transition_seconds(update_in_progress=0)
    assert modification_states(client, alice) == []
    assert properties(client, alice)["ComputeTypeName"] == "POWER"


def test_the_phases_last_their_set_times(sb, client):
    sb.set_transition_seconds(update_initiated=0.3, update_in_progress=0.3)
    (alice,) = seeded(sb, ["alice"])
    modify(client, alice, UserVolumeSizeGib=100)
    assert modification_states(client, alice) == states_of(["USER_VOLUME"], "UPDATE_INITIATED")
    time.sleep(0.35)
    assert modification_states(client, alice) == states_of(["USER_VOLUME"], "UPDATE_IN_PROGRESS")
    time.sleep(0.3)
    assert modification_states(client, alice) == []


def test_the_default_phases_are_short(sb, client):
    (alice,) = seeded(sb, ["alice"])
    modify(client, alice, ComputeTypeName="VALUE")
    deadline = time.monotonic() + 5
    while modification_states(client, alice) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert modification_states(client, alice) == []


@pytest.mark.parametrize("changes, resources", [
    ({"RootVolumeSizeGib": 175}, ["ROOT_VOLUME"]),
    ({"UserVolumeSizeGib": 200}, ["USER_VOLUME"]),
    ({"Protocols": ["WSP"]}, ["PROTOCOL"]),
    ({"ComputeTypeName": "POWER", "Protocols": ["WSP"]}, ["COMPUTE_TYPE", "PROTOCOL"]),
])
def test_each_resource_shows_by_its_models_name(sb, client, changes, resources):
    slow_modifications(sb)
    (alice,) = seeded(sb, ["alice"])
    before = sb.set_properties(alice, {"RootVolumeSizeGib": 80, "UserVolumeSizeGib": 100})
    before = sb.set_properties(alice, {"RootVolumeSizeGib": 175}) if "UserVolumeSizeGib" in changes else before
    modify(client, alice, **changes)
    assert modification_states(client, alice) == states_of(resources, "UPDATE_INITIATED")
    assert set(resources) <= set(MODEL.shape_for("ModificationResourceEnum").enum)
    finish_modifications(sb)
    assert properties(client, alice) == dict(before, **changes)
    assert modification_states(client, alice) == []


def test_a_stopped_workspace_is_modified_and_stays_stopped(sb, client):
    slow_modifications(sb)
    (alice,) = seeded(sb, ["alice"], state="STOPPED")
    modify(client, alice, ComputeTypeName="PERFORMANCE")
    assert described(client, alice)["State"] == "STOPPED"
    finish_modifications(sb)
    assert (described(client, alice)["State"], properties(client, alice)["ComputeTypeName"]) == ("STOPPED", "PERFORMANCE")


def test_new_values_show_at_the_start_by_default(sb, client):
    slow_modifications(sb)
    (alice,) = seeded(sb, ["alice"])
    modify(client, alice, ComputeTypeName="POWER")
    assert properties(client, alice)["ComputeTypeName"] == "POWER"
    assert modification_states(client, alice) != []


def test_new_values_can_be_made_to_show_only_once_modification_states_is_empty(sb, client):
    slow_modifications(sb)
    (alice,) = seeded(sb, ["alice"])
    sb.show_new_values("when_done")
    modify(client, alice, ComputeTypeName="POWER")
    sb.set_transition_seconds(update_initiated=0)
    assert modification_states(client, alice) == states_of(["COMPUTE_TYPE"], "UPDATE_IN_PROGRESS")
    assert properties(client, alice)["ComputeTypeName"] == "STANDARD"
    finish_modifications(sb)
    assert properties(client, alice)["ComputeTypeName"] == "POWER"
    with pytest.raises(ValueError):
        sb.show_new_values("sometime")


def test_when_new_values_show_is_set_over_http_and_reset_restores_the_default(sb, client):
    slow_modifications(sb)
    assert control(sb, "show_new_values", {"when": "when_done"}) == {"when": "when_done"}
    (alice,) = seeded(sb, ["alice"])
    modify(client, alice, ComputeTypeName="POWER")
    assert properties(client, alice)["ComputeTypeName"] == "STANDARD"
    sb.reset()
    assert control(sb, "show_new_values") == {"when": "at_start"}
    (bob,) = seeded(sb, ["bob"])
    modify(client, bob, ComputeTypeName="POWER")
    assert properties(client, bob)["ComputeTypeName"] == "POWER"


def test_running_mode_and_timeout_apply_at_once_without_modification_states(sb, client):
    slow_modifications(sb)
    (alice,) = seeded(sb, ["alice"])
    modify(client, alice, RunningMode="ALWAYS_ON")
    assert modification_states(client, alice) == []
    assert properties(client, alice)["RunningMode"] == "ALWAYS_ON"
    assert "RunningModeAutoStopTimeoutInMinutes" not in properties(client, alice)
    modify(client, alice, RunningMode="AUTO_STOP")
    assert properties(client, alice)["RunningModeAutoStopTimeoutInMinutes"] == 60
    modify(client, alice, RunningModeAutoStopTimeoutInMinutes=180)
    assert properties(client, alice)["RunningModeAutoStopTimeoutInMinutes"] == 180
    modify(client, alice, ComputeTypeName="POWER", RunningMode="ALWAYS_ON")  # a running mode does not wait for the rest
    assert properties(client, alice)["RunningMode"] == "ALWAYS_ON"
    assert modification_states(client, alice) == states_of(["COMPUTE_TYPE"], "UPDATE_INITIATED")


def test_values_equal_to_the_current_ones_are_no_change(sb, client):
    slow_modifications(sb)
    (alice,) = seeded(sb, ["alice"])
    assert modify(client, alice, ComputeTypeName="STANDARD", RootVolumeSizeGib=80, Protocols=["PCOIP"]) == {}
    assert modification_states(client, alice) == []
    sb.set_properties(alice, {"Protocols": ["WSP", "PCOIP"]})
    modify(client, alice, Protocols=["PCOIP", "WSP"])  # the same protocols in another order
    assert modification_states(client, alice) == []
    # The compute type equal to the current one does not make a volume change two changes.
    modify(client, alice, ComputeTypeName="STANDARD", UserVolumeSizeGib=100)
    assert modification_states(client, alice) == states_of(["USER_VOLUME"], "UPDATE_INITIATED")


def test_a_request_without_properties_is_a_success_that_changes_nothing(sb):
    (alice,) = seeded(sb, ["alice"])
    before = sb.properties_of(alice)
    assert raw_call(sb, "ModifyWorkspaceProperties", {"WorkspaceId": alice}) == (200, {})
    assert sb.properties_of(alice) == before


# --- refusals ---------------------------------------------------------------------------------------


def test_a_second_change_while_one_is_in_progress_is_refused(sb, client):
    slow_modifications(sb)
    (alice,) = seeded(sb, ["alice"])
    modify(client, alice, ComputeTypeName="POWER")
    assert refused(client, alice, UserVolumeSizeGib=100) == IN_PROGRESS
    sb.set_transition_seconds(update_initiated=0)
    assert refused(client, alice, RunningMode="ALWAYS_ON") == IN_PROGRESS  # any change, during either phase
    assert properties(client, alice)["RunningMode"] == "AUTO_STOP"
    finish_modifications(sb)
    assert modify(client, alice, UserVolumeSizeGib=100) == {}


def test_states_other_than_available_and_stopped_are_refused(sb, client):
    others = [state for state in ALL_STATES if state not in ("AVAILABLE", "STOPPED")]
    directory_id = sb.seed_directory()
    for state, workspace_id in zip(others, sb.seed_workspaces(directory_id, count=len(others))):
        sb.set_state(workspace_id, state)
        assert refused(client, workspace_id, ComputeTypeName="POWER") == INVALID_STATE, state
        assert sb.properties_of(workspace_id)["ComputeTypeName"] == "STANDARD"


def test_an_unknown_or_leaving_workspace_is_refused(sb, client):
    (alice,) = seeded(sb, ["alice"])
    assert refused(client, "ws-000000000", ComputeTypeName="POWER") == (
        "ResourceNotFoundException", "The specified WorkSpace could not be found."
    )
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert refused(client, alice, ComputeTypeName="POWER") == INVALID_STATE


@pytest.mark.parametrize("changes, message", [
    ({"ComputeTypeName": "POWER", "UserVolumeSizeGib": 100},
     "The compute type and a volume size cannot be modified in the same request."),
    ({"ComputeTypeName": "POWER", "RootVolumeSizeGib": 175},
     "The compute type and a volume size cannot be modified in the same request."),
    ({"RootVolumeSizeGib": 175, "UserVolumeSizeGib": 100},
     "The root volume and the user volume size cannot be modified in the same request."),
])
def test_changes_aws_takes_only_in_separate_requests_are_refused(sb, client, changes, message):
    (alice,) = seeded(sb, ["alice"])
    before = sb.properties_of(alice)
    assert refused(client, alice, **changes) == ("InvalidParameterValuesException", message)
    assert sb.properties_of(alice) == before and modification_states(client, alice) == []


@pytest.mark.parametrize("root, user, change, message", [
    (80, 50, {"UserVolumeSizeGib": 10}, "The user volume can only grow: it is 50 GiB, not 10 GiB."),
    (200, 100, {"RootVolumeSizeGib": 175}, "The root volume can only grow: it is 200 GiB, not 175 GiB."),
])
def test_volumes_only_grow(sb, client, root, user, change, message):
    (alice,) = seeded(sb, ["alice"])
    sb.set_properties(alice, {"RootVolumeSizeGib": root, "UserVolumeSizeGib": user})
    assert refused(client, alice, **change) == ("InvalidParameterValuesException", message)


@pytest.mark.parametrize("root, user, change, accepted", [
    (80, 10, {"UserVolumeSizeGib": 50}, True),
    (80, 50, {"UserVolumeSizeGib": 100}, True),
    (80, 50, {"UserVolumeSizeGib": 70}, False),
    (80, 50, {"RootVolumeSizeGib": 175}, False),  # 175/50: the user volume must grow first
    (80, 100, {"RootVolumeSizeGib": 175}, True),
    (80, 100, {"RootVolumeSizeGib": 150}, False),
    (80, 100, {"UserVolumeSizeGib": 150}, False),
    (175, 100, {"UserVolumeSizeGib": 2000}, True),
    (175, 100, {"UserVolumeSizeGib": 2001}, False),
    (175, 100, {"RootVolumeSizeGib": 2000}, True),
    (175, 100, {"RootVolumeSizeGib": 2001}, False),
])
def test_only_awss_root_and_user_volume_pairs_are_accepted(sb, client, root, user, change, accepted):
    (alice,) = seeded(sb, ["alice"])
    sb.set_properties(alice, {"RootVolumeSizeGib": root, "UserVolumeSizeGib": user})
    if accepted:
        assert modify(client, alice, **change) == {}
    else:
        after = dict({"RootVolumeSizeGib": root, "UserVolumeSizeGib": user}, **change)
        assert refused(client, alice, **change) == (
            "InvalidParameterValuesException",
            f"A root volume of {after['RootVolumeSizeGib']} GiB with a user volume of {after['UserVolumeSizeGib']} GiB "
            "is not a supported combination.",
        )


@pytest.mark.parametrize("compute_type", GRAPHICS_TYPES)
def test_graphics_compute_types_need_100_by_100(sb, client, compute_type):
    (alice, bob) = seeded(sb, ["alice", "bob"])
    sb.set_properties(alice, {"RootVolumeSizeGib": 80, "UserVolumeSizeGib": 100})
    assert refused(client, alice, ComputeTypeName=compute_type) == (
        "InvalidParameterValuesException", "Graphics compute types need a root and a user volume of at least 100 GiB each."
    )
    sb.set_properties(bob, {"RootVolumeSizeGib": 175, "UserVolumeSizeGib": 100})
    assert modify(client, bob, ComputeTypeName=compute_type) == {}


@pytest.mark.parametrize("start_mode, changes, message", [
    ("AUTO_STOP", {"RunningModeAutoStopTimeoutInMinutes": 90},
     "RunningModeAutoStopTimeoutInMinutes must be a positive multiple of 60."),
    ("AUTO_STOP", {"RunningModeAutoStopTimeoutInMinutes": 0},
     "RunningModeAutoStopTimeoutInMinutes must be a positive multiple of 60."),
    ("ALWAYS_ON", {"RunningModeAutoStopTimeoutInMinutes": 60},
     "RunningModeAutoStopTimeoutInMinutes applies to WorkSpaces in the AUTO_STOP running mode only."),
    ("AUTO_STOP", {"RunningMode": "ALWAYS_ON", "RunningModeAutoStopTimeoutInMinutes": 60},
     "RunningModeAutoStopTimeoutInMinutes applies to WorkSpaces in the AUTO_STOP running mode only."),
])
def test_auto_stop_timeouts_aws_refuses(sb, client, start_mode, changes, message):
    (alice,) = seeded(sb, ["alice"], running_mode=start_mode)
    assert refused(client, alice, **changes) == ("InvalidParameterValuesException", message)
    assert properties(client, alice)["RunningMode"] == start_mode


def test_a_timeout_with_the_switch_to_auto_stop_is_accepted(sb, client):
    (alice,) = seeded(sb, ["alice"], running_mode="ALWAYS_ON")
    modify(client, alice, RunningMode="AUTO_STOP", RunningModeAutoStopTimeoutInMinutes=120)
    assert properties(client, alice)["RunningModeAutoStopTimeoutInMinutes"] == 120


@pytest.mark.parametrize("params, where, rule", [
    ({"WorkspaceId": "ws-000000000", "WorkspaceProperties": {"ComputeTypeName": "HUGE"}},
     "workspaceProperties.computeTypeName", "enum value set"),
    ({"WorkspaceId": "ws-000000000", "WorkspaceProperties": {"Protocols": ["RDP"]}},
     "workspaceProperties.protocols.1.member", "enum value set"),
    ({"WorkspaceId": "ws-short", "WorkspaceProperties": {}}, "workspaceId", "pattern"),
    ({"WorkspaceProperties": {}}, "workspaceId", "must not be null"),
])
def test_input_is_checked_against_the_model(sb, params, where, rule):
    status, answer = raw_call(sb, "ModifyWorkspaceProperties", params)
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert f"'{where}'" in answer["message"] and rule in answer["message"]


def test_a_wrongly_typed_size_cannot_be_decoded(sb):
    (alice,) = seeded(sb, ["alice"])
    status, answer = raw_call(sb, "ModifyWorkspaceProperties", {"WorkspaceId": alice, "WorkspaceProperties": {"RootVolumeSizeGib": "big"}})
    assert (status, answer["__type"]) == (400, "SerializationException")


# --- faults ---------------------------------------------------------------------------------------------


def test_a_failed_modification_shows_update_failed_rolls_back_and_stays_until_the_next_change(sb, client):
    slow_modifications(sb)
    (alice, bob) = seeded(sb, ["alice", "bob"])
    sb.fail_modification(alice)
    modify(client, alice, ComputeTypeName="POWER")
    modify(client, bob, ComputeTypeName="POWER")
    assert properties(client, alice)["ComputeTypeName"] == "POWER"
    finish_modifications(sb)
    assert modification_states(client, alice) == states_of(["COMPUTE_TYPE"], "UPDATE_FAILED")
    assert properties(client, alice)["ComputeTypeName"] == "STANDARD"
    assert (modification_states(client, bob), properties(client, bob)["ComputeTypeName"]) == ([], "POWER")
    time.sleep(0.2)
    assert modification_states(client, alice) == states_of(["COMPUTE_TYPE"], "UPDATE_FAILED")
    modify(client, bob, RunningMode="ALWAYS_ON")
    assert modification_states(client, alice) == states_of(["COMPUTE_TYPE"], "UPDATE_FAILED")
    modify(client, alice, RunningMode="ALWAYS_ON")  # any accepted change ends it, one applied at once too
    assert modification_states(client, alice) == []
    slow_modifications(sb)
    modify(client, alice, ComputeTypeName="POWER")  # not in progress: accepted, and the fault was used up
    assert modification_states(client, alice) == states_of(["COMPUTE_TYPE"], "UPDATE_INITIATED")
    finish_modifications(sb)
    assert (modification_states(client, alice), properties(client, alice)["ComputeTypeName"]) == ([], "POWER")


def test_a_failure_armed_during_a_modification_ends_that_one_and_is_armed_over_http(sb, client):
    slow_modifications(sb)
    (alice,) = seeded(sb, ["alice"])
    sb.show_new_values("when_done")
    modify(client, alice, UserVolumeSizeGib=100)
    control(sb, "faults", {"fail_modification": alice})
    finish_modifications(sb)
    assert modification_states(client, alice) == states_of(["USER_VOLUME"], "UPDATE_FAILED")
    assert properties(client, alice)["UserVolumeSizeGib"] == 50
    with pytest.raises(KeyError):
        sb.fail_modification("ws-000000000")


def test_clear_faults_forgets_an_armed_failure(sb, client):
    (alice,) = seeded(sb, ["alice"])
    sb.fail_modification(alice)
    sb.clear_faults()
    finish_modifications(sb)
    modify(client, alice, ComputeTypeName="POWER")
    assert modification_states(client, alice) == []


def test_operation_in_progress_can_be_made_to_clear_after_some_retries(sb, client):
    (alice,) = seeded(sb, ["alice"])
    sb.fail_requests({alice: IN_PROGRESS}, operation="ModifyWorkspaceProperties", times=2)
    assert refused(client, alice, ComputeTypeName="POWER") == IN_PROGRESS
    assert refused(client, alice, ComputeTypeName="POWER") == IN_PROGRESS
    assert modify(client, alice, ComputeTypeName="POWER") == {}


def test_an_armed_rate_limit_answers_until_cleared(sb, client):
    (alice,) = seeded(sb, ["alice"])
    rate_limited = ("InvalidResourceStateException", "The compute type of this WorkSpace can be increased once in 6 hours.")
    control(sb, "faults", {"fail_requests": {alice: list(rate_limited)}, "operation": "ModifyWorkspaceProperties"})
    for _attempt in range(3):
        assert refused(client, alice, ComputeTypeName="POWER") == rate_limited
    sb.clear_faults()
    assert modify(client, alice, ComputeTypeName="POWER") == {}


# --- the rest of the sandbox: time, termination, regions, control, call log ---------------------------


def test_phase_times_are_set_over_http(sb, client):
    (alice,) = seeded(sb, ["alice"])
    times = control(sb, "transitions", {"update_initiated": SLOW, "update_in_progress": SLOW})["transition_seconds"]
    assert (times["update_initiated"], times["update_in_progress"]) == (SLOW, SLOW)
    modify(client, alice, ComputeTypeName="POWER")
    control(sb, "transitions", {"update_initiated": 0})
    assert modification_states(client, alice) == states_of(["COMPUTE_TYPE"], "UPDATE_IN_PROGRESS")


def test_properties_are_read_and_written_over_http(sb, client):
    (alice,) = seeded(sb, ["alice"])
    answer = control(sb, "properties", {"workspace_id": alice, "properties": {"ComputeTypeName": "GRAPHICS"}})
    assert answer["properties"]["ComputeTypeName"] == properties(client, alice)["ComputeTypeName"] == "GRAPHICS"
    assert control(sb, "properties", {"workspace_id": alice})["properties"] == properties(client, alice)
    with pytest.raises(ValueError):
        sb.set_properties(alice, {"ComputeTypeName": "HUGE"})


def test_termination_ends_a_modification_under_way(sb, client):
    slow_modifications(sb)
    (alice,) = seeded(sb, ["alice"])
    modify(client, alice, ComputeTypeName="POWER")
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert (described(client, alice)["State"], modification_states(client, alice)) == ("TERMINATING", [])


def test_modifications_belong_to_their_region(sb, client):
    slow_modifications(sb)
    (here,) = seeded(sb, ["alice"])
    (there,) = seeded(sb, ["alice"], region=OTHER_REGION)
    other_client = sb.client("workspaces", OTHER_REGION, retries={"total_max_attempts": 1})
    modify(other_client, there, ComputeTypeName="POWER")
    assert refused(client, there, ComputeTypeName="POWER")[0] == "ResourceNotFoundException"
    assert modification_states(other_client, there) == states_of(["COMPUTE_TYPE"], "UPDATE_INITIATED")
    assert modify(client, here, ComputeTypeName="POWER") == {}  # not refused as in progress
    sb.fail_modification(there, region=OTHER_REGION)
    finish_modifications(sb)
    assert modification_states(client, here) == []
    assert modification_states(other_client, there) == states_of(["COMPUTE_TYPE"], "UPDATE_FAILED")
    assert [call["region"] for call in sb.calls("ModifyWorkspaceProperties")] == [OTHER_REGION, "us-east-1", "us-east-1"]
    assert sb.calls("ModifyWorkspaceProperties")[0]["params"] == {
        "WorkspaceId": there, "WorkspaceProperties": {"ComputeTypeName": "POWER"}
    }
