# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each rule of changing a WorkSpace's properties, on DescribeWorkspaces-shaped data, with no AWS call."""

import botocore.session
import pytest

from ansible_collections.euc.aws.plugins.module_utils.properties import ENUM_SHAPES
from ansible_collections.euc.aws.plugins.module_utils.properties import desired_properties
from ansible_collections.euc.aws.plugins.module_utils.properties import desired_problems
from ansible_collections.euc.aws.plugins.module_utils.properties import plan_properties

SERVICE_MODEL = botocore.session.get_session().get_service_model("workspaces")
ENUMS = {option: SERVICE_MODEL.shape_for(shape).enum for option, shape in ENUM_SHAPES.items()}


def workspace(state="AVAILABLE", root=80, user=50, compute="STANDARD", running_mode="AUTO_STOP", protocols=("PCOIP",), modification_states=()):
    properties = {"RunningMode": running_mode, "RootVolumeSizeGib": root, "UserVolumeSizeGib": user, "ComputeTypeName": compute}
    if running_mode == "AUTO_STOP":
        properties["RunningModeAutoStopTimeoutInMinutes"] = 60
    if protocols is not None:
        properties["Protocols"] = list(protocols)
    return {
        "WorkspaceId": "ws-abc12345d",
        "State": state,
        "WorkspaceProperties": properties,
        "ModificationStates": [{"Resource": resource, "State": s} for resource, s in modification_states],
    }


def plan(ws, **options):
    return plan_properties(ws, desired_properties(options))


# ---------------------------------------------------------------------------------------------
# What differs
# ---------------------------------------------------------------------------------------------


def test_only_the_properties_that_change_are_differences_and_requested():
    result = plan(workspace(), compute_type_name="POWER", root_volume_size_gib=80, running_mode="AUTO_STOP")
    assert result.differences == {"compute_type_name": {"before": "STANDARD", "after": "POWER"}}
    assert result.requests == [{"ComputeTypeName": "POWER"}]
    assert result.refusals == []


def test_options_not_given_are_not_desired():
    assert desired_properties({"compute_type_name": "POWER", "root_volume_size_gib": None, "protocols": None}) == {"compute_type_name": "POWER"}


def test_a_workspace_that_already_matches_is_unchanged_with_no_request():
    result = plan(workspace(), compute_type_name="STANDARD", user_volume_size_gib=50, running_mode_auto_stop_timeout_in_minutes=60)
    assert result.unchanged and result.differences == {} and result.requests == [] and result.refusals == []


def test_a_workspace_that_already_matches_is_unchanged_whatever_its_state():
    result = plan(workspace(state="ADMIN_MAINTENANCE"), compute_type_name="STANDARD")
    assert result.unchanged and result.refusals == [] and result.requests == []


def test_protocols_are_compared_as_a_set_and_repeats_count_once():
    assert plan(workspace(protocols=["WSP", "PCOIP"]), protocols=["PCOIP", "WSP", "PCOIP"]).unchanged
    changed = plan(workspace(protocols=["PCOIP"]), protocols=["WSP", "WSP"])
    assert changed.differences == {"protocols": {"before": ["PCOIP"], "after": ["WSP"]}}
    assert changed.requests == [{"Protocols": ["WSP"]}]


def test_protocols_not_shown_differ_from_any_given():
    assert plan(workspace(protocols=None), protocols=["PCOIP"]).differences == {"protocols": {"before": None, "after": ["PCOIP"]}}


def test_the_timeout_a_workspace_does_not_show_differs():
    result = plan(workspace(running_mode="ALWAYS_ON"), running_mode="AUTO_STOP", running_mode_auto_stop_timeout_in_minutes=120)
    assert result.differences == {
        "running_mode": {"before": "ALWAYS_ON", "after": "AUTO_STOP"},
        "running_mode_auto_stop_timeout_in_minutes": {"before": None, "after": 120},
    }
    assert result.requests == [{"RunningMode": "AUTO_STOP", "RunningModeAutoStopTimeoutInMinutes": 120}]


# ---------------------------------------------------------------------------------------------
# The options themselves, whatever the WorkSpace
# ---------------------------------------------------------------------------------------------


def problems(**options):
    return desired_problems(desired_properties(options), SERVICE_MODEL)


def test_choices_come_from_the_service_model():
    assert problems(running_mode="MANUAL", compute_type_name="GRAPHICS_G4DN", protocols=["WSP", "PCOIP"]) == []
    found = problems(running_mode="SOMETIMES", compute_type_name="power", protocols=["WSP", "RDP"])
    assert found == [
        f"running_mode 'SOMETIMES' must be one of {', '.join(ENUMS['running_mode'])}",
        f"compute_type_name 'power' must be one of {', '.join(ENUMS['compute_type_name'])}",
        "protocols 'RDP' must be one of PCOIP, WSP",
    ]


def test_protocols_must_name_one():
    assert problems(protocols=[]) == ["protocols must name at least one protocol"]


@pytest.mark.parametrize("timeout", [90, 0, -60, 1])
def test_the_auto_stop_timeout_is_a_positive_multiple_of_60(timeout):
    assert problems(running_mode_auto_stop_timeout_in_minutes=timeout) == [
        f"running_mode_auto_stop_timeout_in_minutes must be a positive multiple of 60, got {timeout}"
    ]


def test_a_multiple_of_60_is_a_valid_timeout():
    assert problems(running_mode_auto_stop_timeout_in_minutes=180, running_mode="AUTO_STOP") == []


@pytest.mark.parametrize("running_mode", ["ALWAYS_ON", "MANUAL"])
def test_the_timeout_is_refused_for_a_running_mode_that_would_not_stop(running_mode):
    assert problems(running_mode=running_mode, running_mode_auto_stop_timeout_in_minutes=60) == [
        f"running_mode_auto_stop_timeout_in_minutes applies to AUTO_STOP only, not to running_mode {running_mode}"
    ]


# ---------------------------------------------------------------------------------------------
# Refusals for the WorkSpace's state
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["AVAILABLE", "STOPPED"])
def test_available_and_stopped_workspaces_are_modified(state):
    assert plan(workspace(state=state), compute_type_name="POWER").requests == [{"ComputeTypeName": "POWER"}]


@pytest.mark.parametrize(
    "state, reason",
    [
        ("ADMIN_MAINTENANCE", "ADMIN_MAINTENANCE: take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)"),
        ("ERROR", "ERROR: rebuild or restore it first"),
        ("UNHEALTHY", "UNHEALTHY: reboot it first"),
        ("IMPAIRED", "IMPAIRED: stop it first; a STOPPED WorkSpace can be modified"),
        ("PENDING", "PENDING: it is busy; wait until it has settled, then try again"),
        ("STARTING", "STARTING: it is busy; wait until it has settled, then try again"),
        ("UPDATING", "UPDATING: it is busy; wait until it has settled, then try again"),
        ("MAINTENANCE", "MAINTENANCE: it is busy; wait until it has settled, then try again"),
        ("TERMINATING", "TERMINATING: it is being terminated"),
        ("SUSPENDED", "SUSPENDED: AWS cannot modify a WorkSpace in this state; it must be AVAILABLE or STOPPED"),
    ],
)
def test_other_states_are_refused_saying_what_to_do_instead(state, reason):
    result = plan(workspace(state=state), compute_type_name="POWER")
    assert result.refusals == [reason] and result.requests == []
    assert result.differences == {"compute_type_name": {"before": "STANDARD", "after": "POWER"}}


def test_a_pending_workspace_without_properties_is_refused_for_its_state():
    pending = {"WorkspaceId": "ws-abc12345d", "State": "PENDING"}
    result = plan(pending, compute_type_name="POWER", root_volume_size_gib=175, user_volume_size_gib=100)
    assert result.refusals == ["PENDING: it is busy; wait until it has settled, then try again"]


def test_a_property_still_being_modified_is_refused_since_its_value_is_unknown():
    busy = workspace(modification_states=[("COMPUTE_TYPE", "UPDATE_IN_PROGRESS"), ("USER_VOLUME", "UPDATE_INITIATED")])
    assert plan(busy, root_volume_size_gib=175, user_volume_size_gib=100, compute_type_name="POWER").refusals == [
        "a modification of what this run changes is still under way (USER_VOLUME UPDATE_INITIATED, COMPUTE_TYPE "
        "UPDATE_IN_PROGRESS); wait until its ModificationStates is empty (wait=true does), then try again"
    ]


def test_a_modification_of_other_properties_under_way_is_waited_for_first():
    busy = workspace(modification_states=[("COMPUTE_TYPE", "UPDATE_IN_PROGRESS")])
    result = plan(busy, root_volume_size_gib=175, user_volume_size_gib=100)
    assert result.refusals == [] and result.settle_first is True
    assert result.requests == [{"UserVolumeSizeGib": 100}, {"RootVolumeSizeGib": 175}]
    assert plan(workspace(), compute_type_name="POWER").settle_first is False


def test_a_modification_under_way_changes_nothing_for_a_workspace_that_matches():
    assert plan(workspace(modification_states=[("PROTOCOL", "UPDATE_IN_PROGRESS")]), protocols=["PCOIP"]).unchanged


def test_a_modification_that_failed_earlier_does_not_keep_a_new_one_from_being_made():
    failed_before = workspace(modification_states=[("COMPUTE_TYPE", "UPDATE_FAILED")])
    result = plan(failed_before, compute_type_name="POWER")
    assert result.requests == [{"ComputeTypeName": "POWER"}] and result.settle_first is False


# ---------------------------------------------------------------------------------------------
# Volumes and compute types
# ---------------------------------------------------------------------------------------------


def test_volumes_only_grow_and_each_shrinking_one_is_named():
    result = plan(workspace(root=175, user=100), root_volume_size_gib=80, user_volume_size_gib=50)
    assert result.refusals == [
        "AWS only grows volumes: the root volume is 175 GiB, 80 asked",
        "AWS only grows volumes: the user volume is 100 GiB, 50 asked",
    ]
    assert result.requests == []


def test_shrinking_the_user_volume_alone_is_refused():
    assert plan(workspace(root=175, user=200), user_volume_size_gib=150).refusals == [
        "AWS only grows volumes: the user volume is 200 GiB, 150 asked"
    ]


@pytest.mark.parametrize(
    "before, after",
    [((80, 10), (80, 50)), ((80, 10), (80, 100)), ((80, 50), (175, 100)), ((175, 100), (2000, 2000)), ((80, 100), (300, 100))],
)
def test_pairs_aws_allows_are_requested(before, after):
    result = plan(workspace(root=before[0], user=before[1]), root_volume_size_gib=after[0], user_volume_size_gib=after[1])
    assert result.refusals == []
    assert {key: value for request in result.requests for key, value in request.items()} == {
        key: value for key, value, old in zip(("RootVolumeSizeGib", "UserVolumeSizeGib"), after, before) if value != old
    }


@pytest.mark.parametrize(
    "before, after",
    [((80, 10), (80, 60)), ((80, 50), (175, 50)), ((80, 100), (100, 100)), ((175, 100), (2001, 100)), ((175, 100), (175, 2001))],
)
def test_pairs_outside_the_sets_aws_allows_are_refused(before, after):
    result = plan(workspace(root=before[0], user=before[1]), root_volume_size_gib=after[0], user_volume_size_gib=after[1])
    assert result.refusals == [
        f"root/user {after[0]}/{after[1]} GiB is not a pair AWS allows (80/10, 80/50, 80/100, or 175-2000 root with 100-2000 user)"
    ]
    assert result.requests == []


def in_the_model(compute_types):
    """Those the model has: botocore 1.34 (the floor make test-matrix runs) lacks the newer ones (G6, GR6F, 8XLARGE)."""
    return [compute for compute in compute_types if compute in ENUMS["compute_type_name"]]


# The Graphics compute types are those of botocore's enum whose name says GRAPHICS.
GRAPHICS = in_the_model(["GRAPHICS", "GRAPHICSPRO", "GRAPHICS_G4DN", "GRAPHICSPRO_G4DN", "GRAPHICS_G6_XLARGE", "GRAPHICS_GR6F_4XLARGE"])


@pytest.mark.parametrize("compute", GRAPHICS)
def test_a_graphics_compute_type_needs_100_gib_volumes(compute):
    assert plan(workspace(root=80, user=100), compute_type_name=compute).refusals == [
        f"the Graphics compute type {compute} needs root and user volumes of at least 100 GiB, not 80/100"
    ]
    assert plan(workspace(root=175, user=100), compute_type_name=compute).requests == [{"ComputeTypeName": compute}]


@pytest.mark.parametrize("compute", in_the_model(["VALUE", "POWERPRO", "GENERALPURPOSE_8XLARGE"]))
def test_other_compute_types_take_the_small_volumes(compute):
    assert plan(workspace(root=80, user=10), compute_type_name=compute).requests == [{"ComputeTypeName": compute}]


def test_the_volumes_of_a_graphics_workspace_stay_at_least_100_gib():
    assert plan(workspace(root=175, user=100, compute="GRAPHICS_G4DN"), user_volume_size_gib=150).requests == [{"UserVolumeSizeGib": 150}]


def test_every_reason_is_named():
    result = plan(workspace(state="ERROR", running_mode="ALWAYS_ON"), root_volume_size_gib=60, running_mode_auto_stop_timeout_in_minutes=60)
    assert result.refusals == [
        "ERROR: rebuild or restore it first",
        "running_mode_auto_stop_timeout_in_minutes applies to AUTO_STOP only, and it is ALWAYS_ON",
        "AWS only grows volumes: the root volume is 80 GiB, 60 asked",
    ]


# ---------------------------------------------------------------------------------------------
# The auto-stop timeout against the WorkSpace's running mode
# ---------------------------------------------------------------------------------------------


def test_the_timeout_is_refused_for_an_always_on_workspace():
    assert plan(workspace(running_mode="ALWAYS_ON"), running_mode_auto_stop_timeout_in_minutes=120).refusals == [
        "running_mode_auto_stop_timeout_in_minutes applies to AUTO_STOP only, and it is ALWAYS_ON"
    ]


def test_the_timeout_is_taken_for_a_workspace_that_becomes_auto_stop():
    assert plan(workspace(running_mode="ALWAYS_ON"), running_mode="AUTO_STOP", running_mode_auto_stop_timeout_in_minutes=120).refusals == []


def test_the_timeout_of_an_auto_stop_workspace_is_changed_alone():
    assert plan(workspace(), running_mode_auto_stop_timeout_in_minutes=120).requests == [{"RunningModeAutoStopTimeoutInMinutes": 120}]


# ---------------------------------------------------------------------------------------------
# The requests and their order
# ---------------------------------------------------------------------------------------------


def test_compute_type_and_volumes_go_in_separate_requests_volumes_first():
    result = plan(workspace(root=175, user=100), compute_type_name="PERFORMANCE", root_volume_size_gib=200, user_volume_size_gib=200)
    assert result.requests == [{"UserVolumeSizeGib": 200}, {"RootVolumeSizeGib": 200}, {"ComputeTypeName": "PERFORMANCE"}]


def test_80_50_to_175_100_grows_the_user_volume_first():
    assert plan(workspace(root=80, user=50), root_volume_size_gib=175, user_volume_size_gib=100).requests == [
        {"UserVolumeSizeGib": 100},
        {"RootVolumeSizeGib": 175},
    ]


def test_the_root_volume_goes_first_when_the_user_volume_first_would_pass_a_pair_aws_refuses():
    assert plan(workspace(root=80, user=100), root_volume_size_gib=175, user_volume_size_gib=200).requests == [
        {"RootVolumeSizeGib": 175},
        {"UserVolumeSizeGib": 200},
    ]


def test_a_graphics_compute_type_is_set_once_the_volumes_are_large_enough():
    result = plan(workspace(root=80, user=50), compute_type_name="GRAPHICS_G4DN", root_volume_size_gib=175, user_volume_size_gib=100)
    assert result.requests == [{"UserVolumeSizeGib": 100}, {"RootVolumeSizeGib": 175}, {"ComputeTypeName": "GRAPHICS_G4DN"}]


def test_a_change_no_order_can_make_is_refused_naming_each_order():
    result = plan(workspace(root=80, user=50), root_volume_size_gib=200, user_volume_size_gib=150)
    assert result.requests == []
    assert result.refusals == [
        "AWS changes the user volume and the root volume in separate requests, and every order passes a configuration AWS "
        "does not allow (user volume then root volume passes STANDARD 80/150 GiB; root volume then user volume passes "
        "STANDARD 200/50 GiB; AWS allows 80/10, 80/50, 80/100, or 175-2000 root with 100-2000 user); it grows each "
        "volume once per 6 hours at most, so get there over several runs"
    ]


def test_running_mode_timeout_and_protocols_ride_in_the_first_request():
    result = plan(
        workspace(root=80, user=50, running_mode="ALWAYS_ON"),
        running_mode="AUTO_STOP",
        running_mode_auto_stop_timeout_in_minutes=120,
        protocols=["WSP"],
        compute_type_name="POWER",
        user_volume_size_gib=100,
    )
    assert result.requests == [
        {"RunningMode": "AUTO_STOP", "RunningModeAutoStopTimeoutInMinutes": 120, "Protocols": ["WSP"], "UserVolumeSizeGib": 100},
        {"ComputeTypeName": "POWER"},
    ]


def test_running_mode_alone_is_one_request():
    assert plan(workspace(), running_mode="ALWAYS_ON").requests == [{"RunningMode": "ALWAYS_ON"}]
