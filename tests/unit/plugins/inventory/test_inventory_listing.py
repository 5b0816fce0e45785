# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the inventory plugin's listing is made of (module_utils/inventory.py and its additions to workspaces.py):
filters, the listings they need, host names, and the listing across regions, without Ansible's inventory."""

from datetime import datetime
from datetime import timezone

import botocore.session
import pytest

from ansible_collections.euc.aws.plugins.module_utils.inventory import RegionUnlisted
from ansible_collections.euc.aws.plugins.module_utils.inventory import Selection
from ansible_collections.euc.aws.plugins.module_utils.inventory import WorkspaceFilter
from ansible_collections.euc.aws.plugins.module_utils.inventory import default_states
from ansible_collections.euc.aws.plugins.module_utils.inventory import host_names
from ansible_collections.euc.aws.plugins.module_utils.inventory import hostname_fields
from ansible_collections.euc.aws.plugins.module_utils.inventory import json_ready
from ansible_collections.euc.aws.plugins.module_utils.inventory import list_inventory
from ansible_collections.euc.aws.plugins.module_utils.inventory import region_not_enabled
from ansible_collections.euc.aws.plugins.module_utils.inventory import region_unavailable
from ansible_collections.euc.aws.plugins.module_utils.inventory import with_affixes
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ApiLimits
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_workspace_directories
from ansible_collections.euc.aws.plugins.module_utils.workspaces import workspaces_regions

from inventory_fakes import FakeWorkSpaces
from inventory_fakes import client_error
from inventory_fakes import in_any_order
from inventory_fakes import unreachable
from inventory_fakes import workspace
from inventory_fakes import ws_id

MODEL = botocore.session.get_session().get_service_model("workspaces")
LIMITS = ApiLimits.from_service_model(MODEL)
ALL_STATES = list(MODEL.shape_for("WorkspaceState").enum)


def selection(include=(), exclude=(), states=None):
    return Selection.from_options(
        list(include), list(exclude), ALL_STATES if states is None else states, LIMITS.workspace_id_pattern, ALL_STATES
    )


# --- what the model says ----------------------------------------------------------------------------------------


def test_regions_and_states_and_fields_come_from_botocore():
    assert workspaces_regions() == botocore.session.get_session().get_available_regions("workspaces")
    assert "us-east-1" in workspaces_regions()
    assert default_states(MODEL) == [state for state in ALL_STATES if state not in ("TERMINATING", "TERMINATED")]
    fields = hostname_fields(MODEL)
    assert {"workspace_id", "computer_name", "ip_address", "user_name"} <= set(fields)
    # botocore 1.34 (the floor make test-matrix runs) has no WorkspaceName: a field is offered exactly when the model has it.
    assert ("workspace_name" in fields) == ("WorkspaceName" in MODEL.shape_for("Workspace").members)
    assert "workspace_properties" not in fields and "user_volume_encryption_enabled" not in fields


def test_describe_workspace_directories_follows_every_page():
    fake = FakeWorkSpaces("us-east-1", [workspace(ws_id(n), directory_id=f"d-{n:010d}") for n in range(30)])
    directories = describe_workspace_directories(fake)
    assert [d["DirectoryId"] for d in directories] == [f"d-{n:010d}" for n in range(30)]
    assert list(fake.operations()) == [{}, {"NextToken": "25"}]


# --- filters --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "option, params",
    [
        ({"directory_id": "d-1111111111"}, {"DirectoryId": "d-1111111111"}),
        ({"directory_id": "d-1111111111", "user_name": "alice"}, {"DirectoryId": "d-1111111111", "UserName": "alice"}),
        ({"bundle_id": "wsb-0123456789"}, {"BundleId": "wsb-0123456789"}),
    ],
)
def test_a_filter_is_the_describe_workspaces_call_it_names(option, params):
    assert WorkspaceFilter.from_option(option, "include_filters[0]").describe_params() == params


@pytest.mark.parametrize(
    "option",
    [
        {},
        {"user_name": "alice"},
        {"workspace_ids": [], "bundle_id": "wsb-0123456789"},
        {"directory_id": ""},
        "d-1111111111",
        None,
    ],
)
def test_a_filter_describe_workspaces_cannot_take_is_refused_naming_where_it_is(option):
    with pytest.raises(AnsibleWorkSpacesError, match=r"^exclude_filters\[3\]: "):
        WorkspaceFilter.from_option(option, "exclude_filters[3]")


def test_exclusions_match_as_describe_workspaces_would_with_user_names_regardless_of_case():
    alice = workspace(ws_id(1), directory_id="d-1111111111", user_name="Alice", bundle_id="wsb-0123456789")
    assert WorkspaceFilter.from_option({"directory_id": "d-1111111111", "user_name": "alice"}, "x").matches(alice)
    assert WorkspaceFilter.from_option({"directory_id": "d-1111111111"}, "x").matches(alice)
    assert not WorkspaceFilter.from_option({"directory_id": "d-2222222222", "user_name": "alice"}, "x").matches(alice)
    assert not WorkspaceFilter.from_option({"directory_id": "d-1111111111", "user_name": "bob"}, "x").matches(alice)
    assert WorkspaceFilter.from_option({"bundle_id": "wsb-0123456789"}, "x").matches(alice)
    assert WorkspaceFilter.from_option({"workspace_ids": [ws_id(1)]}, "x").matches(alice)
    assert not WorkspaceFilter.from_option({"workspace_ids": []}, "x").matches(alice)


def test_listings_batch_ids_of_every_filter_and_list_nothing_twice():
    ids = [ws_id(n) for n in range(27)]
    wanted = selection(
        include=[
            {"workspace_ids": ids[:20]},
            {"directory_id": "d-1111111111", "user_name": "alice"},  # the whole directory is listed anyway
            {"directory_id": "d-1111111111"},
            {"workspace_ids": ids[15:] + [ws_id(99)]},
            {"bundle_id": "wsb-0123456789"},
            {"bundle_id": "wsb-0123456789"},
            {"directory_id": "d-2222222222", "user_name": "bob"},
        ],
        exclude=[{"workspace_ids": [ws_id(99)]}],
    )
    assert wanted.listings(25) == [
        {"WorkspaceIds": ids[:25]},
        {"WorkspaceIds": ids[25:]},
        {"DirectoryId": "d-1111111111"},
        {"BundleId": "wsb-0123456789"},
        {"DirectoryId": "d-2222222222", "UserName": "bob"},
    ]


def test_an_empty_id_list_includes_nothing_and_no_include_filter_includes_everything():
    assert selection(include=[{"workspace_ids": []}]).listings(25) == []
    assert not selection(include=[{"workspace_ids": []}]).every_workspace
    assert selection().every_workspace


# --- listing across regions --------------------------------------------------------------------------------------------


def test_every_directory_of_every_region_is_listed_on_its_own_and_kept_in_region_order():
    clients = {
        "us-east-1": FakeWorkSpaces("us-east-1", [workspace(ws_id(n), directory_id=f"d-{n % 2}111111111") for n in range(4)]),
        "eu-west-1": FakeWorkSpaces("eu-west-1", [workspace(ws_id(10), directory_id="d-3333333333", state="TERMINATED")]),
    }
    listing = list_inventory(clients, selection(states=["AVAILABLE"]), LIMITS, max_workers=4)
    assert [(ws["workspace_id"], ws["region"]) for ws in listing.workspaces] == [
        (ws_id(0), "us-east-1"),
        (ws_id(2), "us-east-1"),
        (ws_id(1), "us-east-1"),
        (ws_id(3), "us-east-1"),
    ]
    assert in_any_order(clients["us-east-1"].operations("DescribeWorkspaces")) == in_any_order(
        [{"DirectoryId": "d-0111111111"}, {"DirectoryId": "d-1111111111"}]
    )
    assert listing.skipped == {}


def test_a_workspace_two_include_filters_find_is_one_host():
    clients = {"us-east-1": FakeWorkSpaces("us-east-1", [workspace(ws_id(1), directory_id="d-1111111111")])}
    wanted = selection(include=[{"directory_id": "d-1111111111"}, {"workspace_ids": [ws_id(1)]}])
    assert [ws["workspace_id"] for ws in list_inventory(clients, wanted, LIMITS, 2).workspaces] == [ws_id(1)]


def test_skipped_regions_are_named_with_their_error_and_the_others_listed():
    clients = {"us-east-1": FakeWorkSpaces("us-east-1", [workspace(ws_id(1))]), "eu-west-1": FakeWorkSpaces("eu-west-1")}
    clients["eu-west-1"].failures["DescribeWorkspaceDirectories"] = [unreachable("eu-west-1")]
    listing = list_inventory(clients, selection(), LIMITS, 2, skip_region=region_unavailable)
    assert [ws["workspace_id"] for ws in listing.workspaces] == [ws_id(1)]
    assert list(listing.skipped) == ["eu-west-1"] and "Could not connect" in str(listing.skipped["eu-west-1"].exception)


def test_without_a_skip_rule_a_region_error_is_raised():
    clients = {"us-east-1": FakeWorkSpaces("us-east-1", [workspace(ws_id(1))])}
    clients["us-east-1"].failures["DescribeTags"] = [client_error("AccessDeniedException", "DescribeTags")]
    with pytest.raises(AnsibleWorkSpacesError, match="Failed to describe workspace tags"):
        list_inventory(clients, selection(), LIMITS, 2, tags=True)


@pytest.mark.parametrize(
    "error, unavailable",
    [
        (unreachable("eu-west-1"), True),
        (client_error("AccessDeniedException"), True),
        (client_error("UnrecognizedClientException"), True),
        (client_error("SomethingElse", status=403), True),
        (client_error("ThrottlingException"), False),
        (client_error("ValidationException"), False),
        (client_error("InternalFailure", status=500), False),
    ],
)
def test_a_region_is_unavailable_when_unreachable_or_forbidden_only(error, unavailable):
    assert region_unavailable(AnsibleWorkSpacesError(message="Failed", exception=error)) is unavailable


def test_a_region_error_not_skipped_is_raised_naming_its_region_with_the_cause():
    clients = {region: FakeWorkSpaces(region) for region in ("us-east-1", "eu-west-1")}
    refusal = client_error("AccessDeniedException", "DescribeWorkspaceDirectories")
    clients["eu-west-1"].failures["DescribeWorkspaceDirectories"] = [refusal]
    with pytest.raises(RegionUnlisted) as raised:
        list_inventory(clients, selection(), LIMITS, 2)
    assert raised.value.region == "eu-west-1" and raised.value.exception is refusal
    assert raised.value.message == "could not list region eu-west-1: Failed to describe workspace directories"


@pytest.mark.parametrize(
    "error, not_enabled",
    [
        (client_error("UnrecognizedClientException"), True),
        (client_error("InvalidClientTokenId"), True),
        (client_error("AccessDeniedException"), False),
        (client_error("SomethingElse", status=403), False),
        (unreachable("af-south-1"), False),
        (client_error("InternalFailure", status=500), False),
    ],
)
def test_a_region_is_not_enabled_only_when_it_does_not_know_the_credentials(error, not_enabled):
    assert region_not_enabled(AnsibleWorkSpacesError(message="Failed", exception=error)) is not_enabled


def test_timestamps_become_iso_text_so_cached_and_fresh_hostvars_agree():
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert json_ready({"a": [{"b": when}], "c": 1}) == {"a": [{"b": "2026-01-02T03:04:05+00:00"}], "c": 1}


# --- host names ------------------------------------------------------------------------------------------------------------


def test_names_follow_the_preference_and_a_shared_name_goes_to_the_lowest_id_whatever_the_order():
    fleet = [
        {"workspace_id": ws_id(3), "computer_name": "SAME", "ip_address": "10.0.0.3"},
        {"workspace_id": ws_id(1), "computer_name": "SAME", "ip_address": None},
        {"workspace_id": ws_id(2), "computer_name": None, "ip_address": None},
    ]
    named = host_names(fleet, ["computer_name", "ip_address", "workspace_id"])
    assert named.names == ["10.0.0.3", "SAME", ws_id(2)]
    assert named.renamed == [(ws_id(3), "SAME", "10.0.0.3")]
    assert host_names(list(reversed(fleet)), ["computer_name", "ip_address"]).names == [ws_id(2), "SAME", "10.0.0.3"]


def test_a_workspace_with_none_of_the_fields_is_named_by_its_id():
    assert host_names([{"workspace_id": ws_id(1), "user_name": None}], ["user_name"]).names == [ws_id(1)]


def test_affixes_rename_every_variable():
    assert with_affixes({"a": 1, "b": 2}, "x_", "_y") == {"x_a_y": 1, "x_b_y": 2}
    assert with_affixes({"a": 1}, None, "_y") == {"a_y": 1}
    assert with_affixes({"a": 1}) == {"a": 1}
