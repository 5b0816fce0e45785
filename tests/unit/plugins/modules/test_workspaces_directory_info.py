# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_directory_info through main(), every AWS call pinned with botocore's Stubber: 25 directory IDs a
DescribeWorkspaceDirectories, pages followed, client properties in batches, tags one directory a call."""

from ansible_collections.euc.aws.plugins.modules import workspaces_directory_info

from module_harness import run_main
from model_versions import needs_the_newest_directory_model


def directory_ids(count):
    return [f"d-{n:010x}" for n in range(count)]


def entry(directory_id, state="REGISTERED"):
    return {
        "DirectoryId": directory_id,
        "State": state,
        "Tenancy": "SHARED",
        "ipGroupIds": ["wsipg-abcd1234"],
        "SelfservicePermissions": {"RestartWorkspace": "ENABLED"},
        "WorkspaceAccessProperties": {"DeviceTypeWorkSpacesThinClient": "DENY", "DeviceTypeChromeOs": "ALLOW"},
        "SamlProperties": {"Status": "DISABLED"},
    }


def client_properties(stubber, ids):
    stubber.add_response(
        "describe_client_properties",
        {"ClientPropertiesList": [{"ResourceId": i, "ClientProperties": {"ReconnectEnabled": "ENABLED"}} for i in ids]},
        {"ResourceIds": list(ids)},
    )


@needs_the_newest_directory_model
def test_every_directory_in_the_region_page_by_page_in_snake_case(stubber, capsys):
    first, second, registering = "d-1234567890", "d-0987654321", "d-1111111111"
    stubber.add_response("describe_workspace_directories", {"Directories": [entry(first)], "NextToken": "p2"}, {})
    stubber.add_response("describe_workspace_directories", {"Directories": [entry(second), entry(registering, "REGISTERING")]}, {"NextToken": "p2"})
    client_properties(stubber, [first, second])  # only the REGISTERED ones
    result = run_main(workspaces_directory_info, capsys)
    assert not result.get("failed"), result
    assert result["changed"] is False
    assert [d["directory_id"] for d in result["directories"]] == [first, second, registering]
    assert result["directories"][0] == {
        "directory_id": first,
        "state": "REGISTERED",
        "subnet_ids": [],
        "tenancy": "SHARED",
        "ip_group_ids": ["wsipg-abcd1234"],
        "self_service_permissions": {"restart_workspace": "ENABLED"},
        "workspace_creation_properties": {},
        "workspace_access_properties": {"device_type_workspaces_thin_client": "DENY", "device_type_chrome_os": "ALLOW"},
        "client_properties": {"reconnect_enabled": "ENABLED"},
        "saml_properties": {"status": "DISABLED"},
        "certificate_based_auth_properties": {},
    }
    assert result["directories"][2]["client_properties"] == {}


@needs_the_newest_directory_model
def test_by_ids_25_a_call_with_client_properties_in_batches_and_tags(stubber, capsys):
    ids = directory_ids(30)
    stubber.add_response("describe_workspace_directories", {"Directories": [entry(i) for i in ids[:20]], "NextToken": "t"}, {"DirectoryIds": ids[:25]})
    stubber.add_response("describe_workspace_directories", {"Directories": [entry(i) for i in ids[20:25]]}, {"DirectoryIds": ids[:25], "NextToken": "t"})
    stubber.add_response("describe_workspace_directories", {"Directories": [entry(i) for i in ids[25:]]}, {"DirectoryIds": ids[25:]})
    client_properties(stubber, ids[:25])
    client_properties(stubber, ids[25:])
    for directory_id in ids:
        stubber.add_response("describe_tags", {"TagList": [{"Key": "id", "Value": directory_id}]}, {"ResourceId": directory_id})
    result = run_main(workspaces_directory_info, capsys, directory_ids=ids + ids[:3], tags=True)
    assert not result.get("failed"), result
    assert [d["directory_id"] for d in result["directories"]] == ids
    assert all(d["tags"] == {"id": d["directory_id"]} for d in result["directories"])


@needs_the_newest_directory_model
def test_no_tags_unless_asked(stubber, capsys):
    stubber.add_response("describe_workspace_directories", {"Directories": [entry("d-1234567890")]}, {"DirectoryIds": ["d-1234567890"]})
    client_properties(stubber, ["d-1234567890"])
    result = run_main(workspaces_directory_info, capsys, directory_ids=["d-1234567890"])
    assert "tags" not in result["directories"][0]


def test_a_directory_that_is_not_registered_is_absent(stubber, capsys):
    stubber.add_response("describe_workspace_directories", {"Directories": []}, {"DirectoryIds": ["d-1234567890"]})
    assert run_main(workspaces_directory_info, capsys, directory_ids=["d-1234567890"])["directories"] == []


def test_an_empty_list_makes_no_call(stubber, capsys):
    assert run_main(workspaces_directory_info, capsys, directory_ids=[])["directories"] == []


def test_a_malformed_id_fails_before_any_call(stubber, capsys):
    result = run_main(workspaces_directory_info, capsys, directory_ids=["d-1234567890", "dir-1"])
    assert result["failed"] is True and "directory_ids: 'dir-1' must" in result["msg"] and result["invalid"]
