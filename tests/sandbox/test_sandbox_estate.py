# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Directories as AWS registers, shows, configures and deregisters them, over HTTP (moto registers at once, has no
access, SAML or certificate-based-authentication settings, and crashes on deregistering a directory it does not know)."""

import urllib.error

import pytest
from botocore.exceptions import ClientError

from sandbox.directories import DEFAULT_ROLE_MISSING
from sandbox.directories import HAS_WORKSPACES
from sandbox.directories import NOT_ACTIVE
from sandbox.directories import REGISTRATION_FAILED
from sandbox.operations import OPERATIONS
from sandbox.testing import MODEL
from sandbox.testing import OTHER_REGION
from sandbox.testing import SLOW
from sandbox.testing import control
from sandbox.testing import raw_call
from sandbox.testing import refusal

AUTHORITY_ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
IDP_URL = "https://idp.example.com/sso/workspaces"
NOT_FOUND = ("ResourceNotFoundException", "The specified directory could not be found in the specified region.")
# What the modules read of a directory (issue 27), each a member of the model's WorkspaceDirectory.
READ_BY_MODULES = (
    "DirectoryId", "State", "SubnetIds", "Tenancy", "ipGroupIds", "WorkspaceAccessProperties", "SelfservicePermissions",
    "WorkspaceCreationProperties", "SamlProperties", "CertificateBasedAuthProperties", "DirectoryType",
)


def directory(client, directory_id):
    (found,) = client.describe_workspace_directories(DirectoryIds=[directory_id])["Directories"]
    return found


def shown(client, *directory_ids):
    return [entry["DirectoryId"] for entry in client.describe_workspace_directories(DirectoryIds=list(directory_ids))["Directories"]]


def refused(call, **params):
    with pytest.raises(ClientError) as raised:
        call(**params)
    return refusal(raised)


# --- the registry -------------------------------------------------------------------------------


def test_every_operation_the_sandbox_answers_is_one_of_the_models():
    assert set(OPERATIONS) <= set(MODEL.operation_names)


@pytest.mark.parametrize("operation, params, where", [
    ("RegisterWorkspaceDirectory", {"DirectoryId": "d-123", "SubnetIds": ["subnet-a", "subnet-b", "subnet-c"]}, "'subnetIds'"),
    ("DeregisterWorkspaceDirectory", {}, "'directoryId' failed to satisfy constraint: Member must not be null"),
    ("DescribeWorkspaceDirectories", {"DirectoryIds": [f"d-{n:010d}" for n in range(26)]}, "'directoryIds'"),
    ("ModifyWorkspaceAccessProperties", {"ResourceId": "d-1234567890", "WorkspaceAccessProperties": {"DeviceTypeOsx": "MAYBE"}},
     "'workspaceAccessProperties.deviceTypeOsx' failed to satisfy constraint: Member must satisfy enum value set"),
    ("ModifySamlProperties", {"ResourceId": "d-1234567890", "PropertiesToDelete": ["SAML_PROPERTIES_EVERYTHING"]},
     "'propertiesToDelete.1.member'"),
    ("DescribeClientProperties", {"ResourceIds": [f"d-{n:010d}" for n in range(26)]}, "'resourceIds'"),
])
def test_directory_calls_are_checked_against_the_model(sb, operation, params, where):
    status, answer = raw_call(sb, operation, params)
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert where in answer["message"]


# --- registration -------------------------------------------------------------------------------


@pytest.mark.parametrize("directory_type, shown_as", [
    ("SimpleAD", "SIMPLE_AD"), ("ADConnector", "AD_CONNECTOR"), ("MicrosoftAD", "MicrosoftAD"),
])
def test_registration_goes_registering_then_registered(sb, client, directory_type, shown_as):
    sb.set_transition_seconds(registering=SLOW)
    directory_id = sb.seed_unregistered_directory(directory_type)
    assert client.describe_workspace_directories()["Directories"] == []  # not registered: not shown
    answer = client.register_workspace_directory(DirectoryId=directory_id)
    assert (answer["DirectoryId"], answer["State"]) == (directory_id, "REGISTERING")
    assert (directory(client, directory_id)["State"], directory(client, directory_id)["DirectoryType"]) == ("REGISTERING", shown_as)
    sb.set_transition_seconds(registering=0)
    assert directory(client, directory_id)["State"] == "REGISTERED"


def test_registering_and_deregistering_times_are_set_over_http(sb, client):
    answer = control(sb, "transitions", {"registering": SLOW, "deregistering": SLOW})
    assert (answer["transition_seconds"]["registering"], answer["transition_seconds"]["deregistering"]) == (SLOW, SLOW)
    created = control(sb, "seed_unregistered_directory", {"directory_type": "ADConnector"})
    directory_id = created["directory_id"]
    client.register_workspace_directory(DirectoryId=directory_id)
    assert control(sb, "directory", {"directory_id": directory_id}) == {"directory_id": directory_id, "state": "REGISTERING"}
    with pytest.raises(urllib.error.HTTPError) as unknown_type:
        control(sb, "seed_unregistered_directory", {"directory_type": "AzureAD"})
    assert unknown_type.value.code == 400


def test_seed_directory_is_registered_at_once(sb, client):
    directory_id = sb.seed_directory()
    assert [call["operation"] for call in sb.calls()] == ["RegisterWorkspaceDirectory"]
    assert directory(client, directory_id)["State"] == "REGISTERED"


def test_registration_applies_tenancy_self_service_and_tags(sb, client):
    directory_id = sb.seed_unregistered_directory()
    client.register_workspace_directory(
        DirectoryId=directory_id, Tenancy="DEDICATED", EnableSelfService=True, Tags=[{"Key": "team", "Value": "euc"}],
    )
    registered = directory(client, directory_id)
    assert registered["Tenancy"] == "DEDICATED"
    assert registered["SelfservicePermissions"]["RebuildWorkspace"] == "ENABLED"
    assert client.describe_tags(ResourceId=directory_id)["TagList"] == [{"Key": "team", "Value": "euc"}]


def test_registering_twice_or_an_unknown_directory_is_refused(sb, client):
    directory_id = sb.seed_directory()
    assert refused(client.register_workspace_directory, DirectoryId=directory_id)[0] == "ResourceAlreadyExistsException"
    assert refused(client.register_workspace_directory, DirectoryId="d-0000000000") == NOT_FOUND


def test_registration_subnets_are_checked(sb, client):
    directory_id = sb.seed_unregistered_directory()
    (described,) = sb.client("ds").describe_directories(DirectoryIds=[directory_id])["DirectoryDescriptions"]
    own_a, own_b = described["VpcSettings"]["SubnetIds"]
    elsewhere = directory(client, sb.seed_directory())["SubnetIds"][0]
    ec2 = sb.client("ec2")
    (subnet_a,) = ec2.describe_subnets(SubnetIds=[own_a])["Subnets"]
    same_zone = ec2.create_subnet(VpcId=subnet_a["VpcId"], CidrBlock="10.0.9.0/24", AvailabilityZone=subnet_a["AvailabilityZone"])
    for subnets, message in (
        (["subnet-00000000000000000", own_b], "The subnet subnet-00000000000000000 could not be found."),
        ([own_a, elsewhere], f"is not in the directory's VPC {subnet_a['VpcId']}"),
        ([own_a, same_zone["Subnet"]["SubnetId"]], "The subnets must be in different Availability Zones."),
    ):
        code, text = refused(client.register_workspace_directory, DirectoryId=directory_id, SubnetIds=subnets)
        assert code == "InvalidParameterValuesException" and message in text
    client.register_workspace_directory(DirectoryId=directory_id, SubnetIds=[own_b, own_a])
    assert directory(client, directory_id)["SubnetIds"] == [own_b, own_a]


def test_the_default_role_missing_is_injected_with_awss_message(sb, client):
    directory_id = sb.seed_unregistered_directory()
    sb.fail_requests({directory_id: "WorkspacesDefaultRoleNotFoundException"}, operation="RegisterWorkspaceDirectory")
    assert refused(client.register_workspace_directory, DirectoryId=directory_id) == DEFAULT_ROLE_MISSING
    assert refused(client.register_workspace_directory, DirectoryId=directory_id) == DEFAULT_ROLE_MISSING
    sb.clear_faults()
    client.register_workspace_directory(DirectoryId=directory_id)


def test_a_directory_not_active_yet_is_refused_until_the_armed_answers_are_used_up(sb, client):
    directory_id = control(sb, "seed_unregistered_directory")["directory_id"]
    control(sb, "faults", {
        "fail_requests": {directory_id: "InvalidResourceStateException"}, "operation": "RegisterWorkspaceDirectory", "times": 2,
    })
    for _attempt in range(2):
        assert refused(client.register_workspace_directory, DirectoryId=directory_id) == NOT_ACTIVE
    assert client.register_workspace_directory(DirectoryId=directory_id)["State"] == "REGISTERING"
    with pytest.raises(ValueError):
        sb.fail_requests({directory_id: "NoSuchException"}, operation="RegisterWorkspaceDirectory")


def test_a_registration_can_end_in_error_with_an_error_message(sb, client):
    sb.set_transition_seconds(registering=0)
    first, second = sb.seed_unregistered_directory(), sb.seed_unregistered_directory()
    sb.fail_registration(first)
    control(sb, "directory", {"directory_id": second, "fail_registration": "DNS unreachable."})
    for directory_id in (first, second):
        client.register_workspace_directory(DirectoryId=directory_id)
    assert (directory(client, first)["State"], directory(client, first)["ErrorMessage"]) == ("ERROR", REGISTRATION_FAILED)
    assert directory(client, second)["ErrorMessage"] == "DNS unreachable."
    client.deregister_workspace_directory(DirectoryId=first)  # a directory in ERROR can be deregistered
    sb.set_transition_seconds(deregistering=0)
    assert shown(client, first, second) == [second]


# --- deregistration -----------------------------------------------------------------------------


def test_deregistration_goes_deregistering_then_gone(sb, client):
    sb.set_transition_seconds(deregistering=SLOW)
    directory_id = sb.seed_directory()
    assert client.deregister_workspace_directory(DirectoryId=directory_id)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert directory(client, directory_id)["State"] == "DEREGISTERING"
    client.deregister_workspace_directory(DirectoryId=directory_id)  # again: accepted, the clock goes on
    sb.set_transition_seconds(deregistering=0)
    assert client.describe_workspace_directories()["Directories"] == []
    assert sb.directory_state_of(directory_id) is None
    client.register_workspace_directory(DirectoryId=directory_id)  # Directory Service still has it: registered again


def test_deregistering_an_unknown_or_unregistered_directory_is_resource_not_found(sb, client):
    for directory_id in ("d-0000000000", sb.seed_unregistered_directory()):
        assert refused(client.deregister_workspace_directory, DirectoryId=directory_id) == NOT_FOUND


def test_deregistering_a_directory_being_registered_is_refused(sb, client):
    sb.set_transition_seconds(registering=SLOW)
    directory_id = sb.seed_unregistered_directory()
    client.register_workspace_directory(DirectoryId=directory_id)
    assert refused(client.deregister_workspace_directory, DirectoryId=directory_id)[0] == "InvalidResourceStateException"


def test_deregistration_is_refused_while_workspaces_remain(sb, client):
    directory_id = sb.seed_directory()
    (alice,) = sb.seed_workspaces(directory_id, ["alice"])
    assert refused(client.deregister_workspace_directory, DirectoryId=directory_id) == HAS_WORKSPACES
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert refused(client.deregister_workspace_directory, DirectoryId=directory_id) == HAS_WORKSPACES  # still TERMINATING
    sb.set_lifecycle(0, 0)
    client.deregister_workspace_directory(DirectoryId=directory_id)
    assert directory(client, directory_id)["State"] == "DEREGISTERING"


# --- what DescribeWorkspaceDirectories shows ------------------------------------------------------


def test_describe_shows_every_member_the_modules_read(sb, client):
    directory_id = sb.seed_directory()
    registered = directory(client, directory_id)
    assert set(READ_BY_MODULES) <= set(registered) <= set(MODEL.shape_for("WorkspaceDirectory").members)
    assert registered["ipGroupIds"] == []  # an empty list, which moto leaves out
    assert registered["SamlProperties"]["Status"] == registered["CertificateBasedAuthProperties"]["Status"] == "DISABLED"
    assert "ErrorMessage" not in registered


def test_describe_pages_in_registration_order(sb, client):
    directory_ids = [sb.seed_directory() for _n in range(3)]
    first = client.describe_workspace_directories(Limit=2)
    assert [entry["DirectoryId"] for entry in first["Directories"]] == directory_ids[:2]
    second = client.describe_workspace_directories(Limit=2, NextToken=first["NextToken"])
    assert [entry["DirectoryId"] for entry in second["Directories"]] == directory_ids[2:] and "NextToken" not in second
    pages = client.get_paginator("describe_workspace_directories").paginate(Limit=1)  # botocore names no limit key
    assert [entry["DirectoryId"] for page in pages for entry in page["Directories"]] == directory_ids
    assert shown(client, directory_ids[1], "d-0000000000") == [directory_ids[1]]


def test_directories_are_per_region(sb):
    east = sb.seed_directory()
    west = sb.seed_directory(region=OTHER_REGION)
    assert shown(sb.client("workspaces"), east, west) == [east]
    assert shown(sb.client("workspaces", OTHER_REGION), east, west) == [west]


# --- settings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("call, member, change, unchanged", [
    ("modify_workspace_access_properties", "WorkspaceAccessProperties", {"DeviceTypeWeb": "ALLOW"}, "DeviceTypeOsx"),
    ("modify_selfservice_permissions", "SelfservicePermissions", {"RebuildWorkspace": "ENABLED"}, "RestartWorkspace"),
    ("modify_workspace_creation_properties", "WorkspaceCreationProperties", {"DefaultOu": "OU=WorkSpaces,DC=corp"},
     "EnableMaintenanceMode"),
])
def test_a_setting_changes_only_the_members_given(sb, client, call, member, change, unchanged):
    directory_id = sb.seed_directory()
    before = directory(client, directory_id)[member]
    getattr(client, call)(ResourceId=directory_id, **{member: change})
    after = directory(client, directory_id)[member]
    assert after == dict(before, **change) and after[unchanged] == before[unchanged]


@pytest.mark.parametrize("call, params", [
    ("modify_workspace_access_properties", {"WorkspaceAccessProperties": {"DeviceTypeWeb": "ALLOW"}}),
    ("modify_selfservice_permissions", {"SelfservicePermissions": {"RebuildWorkspace": "ENABLED"}}),
    ("modify_workspace_creation_properties", {"WorkspaceCreationProperties": {"EnableInternetAccess": True}}),
    ("modify_client_properties", {"ClientProperties": {"ReconnectEnabled": "DISABLED"}}),
    ("modify_saml_properties", {"SamlProperties": {"Status": "DISABLED"}}),
    ("modify_certificate_based_auth_properties", {"CertificateBasedAuthProperties": {"Status": "DISABLED"}}),
])
def test_settings_of_an_unknown_directory_are_resource_not_found(sb, client, call, params):
    unregistered = sb.seed_unregistered_directory()
    for directory_id in ("d-0000000000", unregistered):
        assert refused(getattr(client, call), ResourceId=directory_id, **params) == NOT_FOUND


def test_client_properties_are_merged_and_described_in_batches(sb, client):
    first, second = sb.seed_directory(), sb.seed_directory()
    client.modify_client_properties(ResourceId=first, ClientProperties={"ReconnectEnabled": "DISABLED"})
    answer = client.describe_client_properties(ResourceIds=[second, "d-0000000000", first])["ClientPropertiesList"]
    assert [entry["ResourceId"] for entry in answer] == [second, first]  # in the order asked; unknown ones absent
    assert answer[1]["ClientProperties"] == {"ReconnectEnabled": "DISABLED", "LogUploadEnabled": "ENABLED"}


def test_saml_needs_a_user_access_url_and_can_delete_its_properties(sb, client):
    directory_id = sb.seed_directory()
    code, _message = refused(client.modify_saml_properties, ResourceId=directory_id, SamlProperties={"Status": "ENABLED"})
    assert code == "InvalidParameterValuesException"
    client.modify_saml_properties(ResourceId=directory_id, SamlProperties={"Status": "ENABLED", "UserAccessUrl": IDP_URL})
    assert directory(client, directory_id)["SamlProperties"] == {
        "Status": "ENABLED", "UserAccessUrl": IDP_URL, "RelayStateParameterName": "RelayState",
    }
    client.modify_saml_properties(
        ResourceId=directory_id, SamlProperties={"Status": "DISABLED"},
        PropertiesToDelete=["SAML_PROPERTIES_USER_ACCESS_URL", "SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME"],
    )
    assert directory(client, directory_id)["SamlProperties"] == {"Status": "DISABLED"}


@pytest.mark.parametrize("saml_on", ["ENABLED", "ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK"])
def test_certificate_based_authentication_needs_saml_on(sb, client, saml_on):
    directory_id = sb.seed_directory()
    enable = {"Status": "ENABLED", "CertificateAuthorityArn": AUTHORITY_ARN}
    code, _message = refused(client.modify_certificate_based_auth_properties, ResourceId=directory_id, CertificateBasedAuthProperties=enable)
    assert code == "OperationNotSupportedException"
    assert directory(client, directory_id)["CertificateBasedAuthProperties"] == {"Status": "DISABLED"}
    client.modify_saml_properties(ResourceId=directory_id, SamlProperties={"Status": saml_on, "UserAccessUrl": IDP_URL})
    client.modify_certificate_based_auth_properties(ResourceId=directory_id, CertificateBasedAuthProperties=enable)
    assert directory(client, directory_id)["CertificateBasedAuthProperties"] == enable


def test_saml_stays_on_while_certificate_based_authentication_is(sb, client):
    directory_id = sb.seed_directory()
    client.modify_saml_properties(ResourceId=directory_id, SamlProperties={"Status": "ENABLED", "UserAccessUrl": IDP_URL})
    client.modify_certificate_based_auth_properties(
        ResourceId=directory_id, CertificateBasedAuthProperties={"Status": "ENABLED", "CertificateAuthorityArn": AUTHORITY_ARN},
    )
    saml_off = {"ResourceId": directory_id, "SamlProperties": {"Status": "DISABLED"}}
    assert refused(client.modify_saml_properties, **saml_off)[0] == "OperationNotSupportedException"
    no_authority = {"ResourceId": directory_id, "PropertiesToDelete": ["CERTIFICATE_BASED_AUTH_PROPERTIES_CERTIFICATE_AUTHORITY_ARN"]}
    assert refused(client.modify_certificate_based_auth_properties, **no_authority)[0] == "InvalidParameterValuesException"
    client.modify_certificate_based_auth_properties(ResourceId=directory_id, CertificateBasedAuthProperties={"Status": "DISABLED"})
    client.modify_saml_properties(**saml_off)  # certificate-based authentication off first, then SAML
    assert directory(client, directory_id)["SamlProperties"]["Status"] == "DISABLED"


def test_a_directory_setting_call_can_be_armed_to_fail(sb, client):
    directory_id = sb.seed_directory()
    sb.fail_requests({directory_id: ("AccessDeniedException", "Not allowed.")}, operation="ModifySamlProperties", times=1)
    assert refused(client.modify_saml_properties, ResourceId=directory_id) == ("AccessDeniedException", "Not allowed.")
    client.modify_saml_properties(ResourceId=directory_id)
    with pytest.raises(ValueError):  # a describe answers no failure of its own
        sb.fail_requests({directory_id: ("Code", "message")}, operation="DescribeWorkspaceDirectories")
