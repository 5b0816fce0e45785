# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_directory through main(), every AWS call pinned with botocore's Stubber: find, compare only the keys
given, refuse before any call, then only the calls that change something, in the order AWS needs."""

import copy
import types

import botocore.session
import pytest
from botocore.model import ServiceModel

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils import directories
from ansible_collections.euc.aws.plugins.modules import workspaces_directory

from fake_time import FakeTime
from module_harness import polls_within
from module_harness import run_main
from model_versions import needs_the_newest_directory_model

DIRECTORY = "d-1234567890"
GROUP = "wsipg-abcd1234"
OTHER_GROUP = "wsipg-efgh5678"
SUBNETS = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
IDP = "https://idp.example.com/sso"
CA = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/abcd-1234"


@pytest.fixture(name="clock")
def fixture_clock(monkeypatch):
    """Time that passes only when the directory waits sleep."""
    fake = FakeTime(1000.0)
    monkeypatch.setattr(directories, "time", fake)
    return fake


@pytest.fixture(name="retry_sleeps")
def fixture_retry_sleeps(monkeypatch):
    """The sleeps of amazon.aws's retries (AWSRetry sleeps through cloud's time module)."""
    sleeps = []
    monkeypatch.setattr(cloud, "time", types.SimpleNamespace(sleep=sleeps.append))
    return sleeps


def entry(state="REGISTERED", groups=(GROUP,), **overrides):
    """A DescribeWorkspaceDirectories entry."""
    directory = {
        "DirectoryId": DIRECTORY,
        "DirectoryName": "corp.example.com",
        "DirectoryType": "SIMPLE_AD",
        "State": state,
        "SubnetIds": list(SUBNETS),
        "Tenancy": "SHARED",
        "ipGroupIds": list(groups),
        "SelfservicePermissions": {
            "RestartWorkspace": "ENABLED", "IncreaseVolumeSize": "DISABLED", "ChangeComputeType": "DISABLED",
            "SwitchRunningMode": "DISABLED", "RebuildWorkspace": "DISABLED",
        },
        "WorkspaceCreationProperties": {"EnableInternetAccess": False, "UserEnabledAsLocalAdministrator": False, "EnableMaintenanceMode": True},
        "WorkspaceAccessProperties": {"DeviceTypeWindows": "ALLOW", "DeviceTypeWeb": "DENY", "DeviceTypeLinux": "DENY"},
        "SamlProperties": {"Status": "DISABLED"},
        "CertificateBasedAuthProperties": {"Status": "DISABLED"},
    }
    directory.update(overrides)
    return directory


CLIENT_PROPERTIES = {"ReconnectEnabled": "ENABLED", "LogUploadEnabled": "DISABLED"}


def described(stubber, entries):
    stubber.add_response("describe_workspace_directories", {"Directories": list(entries)}, {"DirectoryIds": [DIRECTORY]})


def found(stubber, directory, client_properties=None, tags=None):
    """The look-up of a registered directory: the directory, its client properties, its tags."""
    described(stubber, [directory])
    if directory["State"] == "REGISTERED":
        properties = client_properties if client_properties is not None else CLIENT_PROPERTIES
        stubber.add_response(
            "describe_client_properties",
            {"ClientPropertiesList": [{"ResourceId": DIRECTORY, "ClientProperties": properties}]},
            {"ResourceIds": [DIRECTORY]},
        )
    stubber.add_response("describe_tags", {"TagList": [{"Key": k, "Value": v} for k, v in (tags or {}).items()]}, {"ResourceId": DIRECTORY})


def groups_looked_up(stubber, group_ids, rules=({"ipRule": "203.0.113.0/24"},), missing=()):
    result = [{"groupId": g, "groupName": f"name-{g}", "userRules": list(rules)} for g in group_ids if g not in missing]
    stubber.add_response("describe_ip_groups", {"Result": result}, {"GroupIds": list(group_ids)})


def directory(capsys, **params):
    return run_main(workspaces_directory, capsys, directory_id=DIRECTORY, **params)


def succeeded(result):
    assert not result.get("failed"), result.get("msg")
    return result


def refused_before_any_call(result, *fragments):
    assert result["failed"] is True and result["changed"] is False and result["changes"] == {}, result
    for fragment in fragments:
        assert fragment in result["msg"]
    return result


# ---------------------------------------------------------------------------------------------
# Compare: only the keys given, one call for each setting that differs
# ---------------------------------------------------------------------------------------------


def test_a_directory_that_matches_the_keys_given_is_ok_with_no_call(stubber, capsys):
    found(stubber, entry(), tags={"team": "euc"})
    result = succeeded(directory(
        capsys,
        self_service_permissions={"restart_workspace": "ENABLED"},
        workspace_creation_properties={"enable_internet_access": False},
        workspace_access_properties={"device_type_web": "DENY"},
        client_properties={"reconnect_enabled": "ENABLED"},
        saml_properties={"status": "DISABLED"},
        certificate_based_auth_properties={"status": "DISABLED"},
        ip_group_ids=[GROUP],
        subnet_ids=list(reversed(SUBNETS)),
        tenancy="SHARED",
        enable_self_service=True,
        tags={"team": "euc"},
    ))
    assert result["changed"] is False and result["changes"] == {}
    assert result["directory"]["self_service_permissions"]["rebuild_workspace"] == "DISABLED"
    assert result["directory"]["client_properties"] == {"reconnect_enabled": "ENABLED", "log_upload_enabled": "DISABLED"}
    assert result["directory"]["tags"] == {"team": "euc"} and result["directory"]["ip_group_ids"] == [GROUP]


def test_keys_not_given_are_not_compared(stubber, capsys):
    # The directory's other permissions differ from anything; only rebuild_workspace is desired, and it matches.
    found(stubber, entry())
    result = succeeded(directory(capsys, self_service_permissions={"rebuild_workspace": "DISABLED"}))
    assert result["changed"] is False


SETTING_CASES = [
    ("self_service_permissions", {"rebuild_workspace": "ENABLED"}, "modify_selfservice_permissions", "SelfservicePermissions",
     {"RestartWorkspace": "ENABLED", "IncreaseVolumeSize": "DISABLED", "ChangeComputeType": "DISABLED", "SwitchRunningMode": "DISABLED",
      "RebuildWorkspace": "ENABLED"}),
    ("workspace_creation_properties", {"enable_internet_access": True, "default_ou": "OU=WorkSpaces,DC=corp"},
     "modify_workspace_creation_properties", "WorkspaceCreationProperties",
     {"EnableInternetAccess": True, "UserEnabledAsLocalAdministrator": False, "EnableMaintenanceMode": True, "DefaultOu": "OU=WorkSpaces,DC=corp"}),
    ("workspace_access_properties", {"device_type_linux": "ALLOW"}, "modify_workspace_access_properties", "WorkspaceAccessProperties",
     {"DeviceTypeWindows": "ALLOW", "DeviceTypeWeb": "DENY", "DeviceTypeLinux": "ALLOW"}),
    ("client_properties", {"log_upload_enabled": "ENABLED"}, "modify_client_properties", "ClientProperties",
     {"ReconnectEnabled": "ENABLED", "LogUploadEnabled": "ENABLED"}),
    ("saml_properties", {"user_access_url": IDP}, "modify_saml_properties", "SamlProperties", {"Status": "DISABLED", "UserAccessUrl": IDP}),
    ("certificate_based_auth_properties", {"certificate_authority_arn": CA}, "modify_certificate_based_auth_properties",
     "CertificateBasedAuthProperties", {"Status": "DISABLED", "CertificateAuthorityArn": CA}),
]


@pytest.mark.parametrize("option, given, operation, member, sent", SETTING_CASES, ids=[case[0] for case in SETTING_CASES])
def test_a_setting_that_differs_gets_its_one_call_with_the_keys_given_on_what_was_read(stubber, capsys, option, given, operation, member, sent):
    found(stubber, entry())
    stubber.add_response(operation, {}, {"ResourceId": DIRECTORY, member: sent})
    found(stubber, entry())  # read back
    result = succeeded(directory(capsys, **{option: given}))
    assert result["changed"] is True and list(result["changes"]) == [option]
    change = result["changes"][option]
    assert change["after"] == dict(change["before"], **given)
    assert any(change["before"].get(key) != value for key, value in given.items())


def test_every_setting_that_differs_in_one_run_in_order(stubber, capsys):
    found(stubber, entry())
    stubber.add_response("modify_selfservice_permissions", {}, {"ResourceId": DIRECTORY, "SelfservicePermissions": SETTING_CASES[0][4]})
    stubber.add_response("modify_workspace_access_properties", {}, {"ResourceId": DIRECTORY, "WorkspaceAccessProperties": SETTING_CASES[2][4]})
    stubber.add_response("modify_client_properties", {}, {"ResourceId": DIRECTORY, "ClientProperties": SETTING_CASES[3][4]})
    found(stubber, entry())
    result = succeeded(directory(
        capsys,
        self_service_permissions={"rebuild_workspace": "ENABLED"},
        workspace_creation_properties={"enable_maintenance_mode": True},
        workspace_access_properties={"device_type_linux": "ALLOW"},
        client_properties={"log_upload_enabled": "ENABLED"},
    ))
    assert list(result["changes"]) == ["self_service_permissions", "workspace_access_properties", "client_properties"]


# ---------------------------------------------------------------------------------------------
# SAML and certificate-based authentication
# ---------------------------------------------------------------------------------------------


def test_saml_is_switched_on_before_certificate_based_auth(stubber, capsys):
    found(stubber, entry())
    stubber.add_response("modify_saml_properties", {}, {"ResourceId": DIRECTORY, "SamlProperties": {"Status": "ENABLED", "UserAccessUrl": IDP}})
    stubber.add_response(
        "modify_certificate_based_auth_properties", {},
        {"ResourceId": DIRECTORY, "CertificateBasedAuthProperties": {"Status": "ENABLED", "CertificateAuthorityArn": CA}},
    )
    found(stubber, entry(SamlProperties={"Status": "ENABLED", "UserAccessUrl": IDP}, CertificateBasedAuthProperties={"Status": "ENABLED"}))
    result = succeeded(directory(
        capsys, saml_properties={"status": "ENABLED", "user_access_url": IDP},
        certificate_based_auth_properties={"status": "ENABLED", "certificate_authority_arn": CA},
    ))
    assert list(result["changes"]) == ["saml_properties", "certificate_based_auth_properties"]


def test_certificate_based_auth_is_switched_off_before_saml(stubber, capsys):
    on = entry(
        SamlProperties={"Status": "ENABLED", "UserAccessUrl": IDP},
        CertificateBasedAuthProperties={"Status": "ENABLED", "CertificateAuthorityArn": CA},
    )
    found(stubber, on)
    stubber.add_response(
        "modify_certificate_based_auth_properties", {},
        {"ResourceId": DIRECTORY, "CertificateBasedAuthProperties": {"Status": "DISABLED", "CertificateAuthorityArn": CA}},
    )
    stubber.add_response("modify_saml_properties", {}, {"ResourceId": DIRECTORY, "SamlProperties": {"Status": "DISABLED", "UserAccessUrl": IDP}})
    found(stubber, entry())
    result = succeeded(directory(capsys, saml_properties={"status": "DISABLED"}, certificate_based_auth_properties={"status": "DISABLED"}))
    assert result["changed"] is True


def test_certificate_based_auth_on_with_saml_off_is_refused_before_any_call(stubber, capsys):
    found(stubber, entry())
    refused_before_any_call(
        directory(capsys, certificate_based_auth_properties={"status": "ENABLED", "certificate_authority_arn": CA}),
        "certificate-based authentication needs SAML on",
    )


# ---------------------------------------------------------------------------------------------
# IP access control groups and the open-access guard
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("groups", [(GROUP,), (GROUP, OTHER_GROUP)], ids=["the last group", "purging every group"])
@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check mode"])
def test_leaving_a_directory_without_ip_groups_is_refused_before_any_call(stubber, capsys, groups, check_mode):
    found(stubber, entry(groups=groups))
    result = refused_before_any_call(
        directory(capsys, check_mode=check_mode, ip_group_ids=[]), "would leave it with none", "any IP address", "allow_any_ip"
    )
    assert result["directory"]["ip_group_ids"] == list(groups)


def test_the_guard_does_not_stop_replacing_a_group(stubber, capsys):
    found(stubber, entry(groups=(GROUP,)))
    groups_looked_up(stubber, [OTHER_GROUP])
    # The new group first, so that the directory is never without one in between.
    stubber.add_response("associate_ip_groups", {}, {"DirectoryId": DIRECTORY, "GroupIds": [OTHER_GROUP]})
    stubber.add_response("disassociate_ip_groups", {}, {"DirectoryId": DIRECTORY, "GroupIds": [GROUP]})
    found(stubber, entry(groups=(OTHER_GROUP,)))
    result = succeeded(directory(capsys, ip_group_ids=[OTHER_GROUP]))
    assert result["changes"] == {"ip_group_ids": {"before": [GROUP], "after": [OTHER_GROUP]}}


def test_allow_any_ip_lets_the_last_group_go(stubber, capsys):
    found(stubber, entry(groups=(GROUP,)))
    stubber.add_response("disassociate_ip_groups", {}, {"DirectoryId": DIRECTORY, "GroupIds": [GROUP]})
    found(stubber, entry(groups=()))
    result = succeeded(directory(capsys, ip_group_ids=[], allow_any_ip=True))
    assert result["changes"] == {"ip_group_ids": {"before": [GROUP], "after": []}}


def test_an_empty_list_without_purging_changes_nothing(stubber, capsys):
    found(stubber, entry(groups=(GROUP,)))
    assert succeeded(directory(capsys, ip_group_ids=[], purge_ip_groups=False))["changed"] is False


def test_without_purging_groups_are_only_added(stubber, capsys):
    found(stubber, entry(groups=(GROUP,)))
    groups_looked_up(stubber, [OTHER_GROUP])
    stubber.add_response("associate_ip_groups", {}, {"DirectoryId": DIRECTORY, "GroupIds": [OTHER_GROUP]})
    found(stubber, entry(groups=(GROUP, OTHER_GROUP)))
    result = succeeded(directory(capsys, ip_group_ids=[OTHER_GROUP], purge_ip_groups=False))
    assert result["changes"]["ip_group_ids"]["after"] == [GROUP, OTHER_GROUP]


def test_associating_a_group_with_no_rules_warns_naming_it(stubber, capsys, monkeypatch):
    warnings = []
    monkeypatch.setattr(AnsibleAWSModule, "warn", lambda module, warning, **_kwargs: warnings.append(warning))
    found(stubber, entry(groups=(GROUP,)))
    groups_looked_up(stubber, [OTHER_GROUP], rules=())
    stubber.add_response("associate_ip_groups", {}, {"DirectoryId": DIRECTORY, "GroupIds": [OTHER_GROUP]})
    found(stubber, entry(groups=(GROUP, OTHER_GROUP)))
    result = succeeded(directory(capsys, ip_group_ids=[GROUP, OTHER_GROUP]))
    assert result["changed"] is True
    assert len(warnings) == 1 and f"{OTHER_GROUP} (name-{OTHER_GROUP}) has no rules" in warnings[0] and "locks every user out" in warnings[0]


def test_associating_a_group_that_does_not_exist_is_refused_before_any_change(stubber, capsys):
    found(stubber, entry(groups=(GROUP,)))
    groups_looked_up(stubber, [OTHER_GROUP], missing=(OTHER_GROUP,))
    refused_before_any_call(directory(capsys, ip_group_ids=[GROUP, OTHER_GROUP]), f"there is no IP access control group {OTHER_GROUP}")


# ---------------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------------


def registration(stubber, **request):
    stubber.add_response("register_workspace_directory", {}, dict({"DirectoryId": DIRECTORY}, **request))


@needs_the_newest_directory_model
def test_registers_waits_until_registered_then_applies_the_settings(stubber, capsys, clock):
    described(stubber, [])
    groups_looked_up(stubber, [GROUP])
    registration(stubber, SubnetIds=SUBNETS, EnableSelfService=True, Tenancy="DEDICATED", Tags=[{"Key": "team", "Value": "euc"}])
    described(stubber, [])  # not returned yet for a moment
    described(stubber, [entry("REGISTERING", groups=())])
    described(stubber, [entry(groups=(), Tenancy="DEDICATED")])
    stubber.add_response("modify_selfservice_permissions", {}, {"ResourceId": DIRECTORY, "SelfservicePermissions": {"RebuildWorkspace": "ENABLED"}})
    stubber.add_response("modify_saml_properties", {}, {"ResourceId": DIRECTORY, "SamlProperties": {"Status": "ENABLED", "UserAccessUrl": IDP}})
    stubber.add_response(
        "modify_certificate_based_auth_properties", {}, {"ResourceId": DIRECTORY, "CertificateBasedAuthProperties": {"Status": "ENABLED"}}
    )
    stubber.add_response("associate_ip_groups", {}, {"DirectoryId": DIRECTORY, "GroupIds": [GROUP]})
    found(stubber, entry(Tenancy="DEDICATED"), tags={"team": "euc"})
    result = succeeded(directory(
        capsys, subnet_ids=SUBNETS, enable_self_service=True, tenancy="DEDICATED", tags={"team": "euc"}, ip_group_ids=[GROUP],
        self_service_permissions={"rebuild_workspace": "ENABLED"}, saml_properties={"status": "ENABLED", "user_access_url": IDP},
        certificate_based_auth_properties={"status": "ENABLED"},
    ))
    assert result["changed"] is True
    assert list(result["changes"]) == [
        "state", "subnet_ids", "tenancy", "enable_self_service", "self_service_permissions", "saml_properties",
        "certificate_based_auth_properties", "ip_group_ids", "tags",
    ]
    assert result["changes"]["state"] == {"before": "absent", "after": "present"}
    assert result["changes"]["saml_properties"] == {"before": None, "after": {"status": "ENABLED", "user_access_url": IDP}}
    assert result["directory"]["state"] == "REGISTERED" and result["directory"]["tags"] == {"team": "euc"}
    assert clock.sleeps == [2.0, 3.0, 4.5]


def test_registration_in_check_mode_predicts_and_calls_nothing_but_the_look_ups(stubber, capsys):
    described(stubber, [])
    result = succeeded(directory(capsys, check_mode=True, diff=True, client_properties={"reconnect_enabled": "DISABLED"}, tags={"a": "b"}))
    assert result["changed"] is True
    assert result["changes"] == {
        "state": {"before": "absent", "after": "present"},
        "client_properties": {"before": None, "after": {"reconnect_enabled": "DISABLED"}},
        "tags": {"before": None, "after": {"a": "b"}},
    }
    assert result["directory"]["client_properties"] == {"reconnect_enabled": "DISABLED"} and result["directory"]["state"] == "REGISTERED"
    assert result["diff"]["before"] == {} and result["diff"]["after"]["directory_id"] == DIRECTORY


@needs_the_newest_directory_model
def test_a_registration_that_ends_in_error_fails_with_aws_error_message(stubber, capsys, clock):
    described(stubber, [])
    registration(stubber)
    described(stubber, [entry("ERROR", groups=(), ErrorMessage="The subnets are not in two Availability Zones.")])
    result = directory(capsys, client_properties={"reconnect_enabled": "DISABLED"})
    assert result["failed"] is True and "ended in ERROR: The subnets are not in two Availability Zones." in result["msg"]
    assert result["changed"] is True and list(result["changes"]) == ["state"]


@needs_the_newest_directory_model
def test_a_registration_not_done_within_wait_timeout_fails_naming_the_state(stubber, capsys, clock):
    described(stubber, [])
    registration(stubber)
    for _poll in range(polls_within(60)):
        described(stubber, [entry("REGISTERING", groups=())])
    result = directory(capsys, wait_timeout=60)
    assert result["failed"] is True and "still REGISTERING after 60 seconds" in result["msg"]
    assert clock.now == 1060.0


def test_the_missing_default_role_is_explained(stubber, capsys):
    described(stubber, [])
    stubber.add_client_error("register_workspace_directory", "WorkspacesDefaultRoleNotFoundException", "The default role was not found.")
    result = refused_before_any_call(
        directory(capsys), "workspaces_DefaultRole must exist", "workspaces.amazonaws.com", "AmazonWorkSpacesServiceAccess", "amazon.aws.iam_role"
    )
    assert result["error"]["code"] == "WorkspacesDefaultRoleNotFoundException"


@needs_the_newest_directory_model
def test_a_directory_not_active_yet_is_retried_every_ten_seconds(stubber, capsys, clock, retry_sleeps):
    described(stubber, [])
    for _attempt in range(2):
        stubber.add_client_error("register_workspace_directory", "InvalidResourceStateException", "The directory is not Active.")
    registration(stubber)
    described(stubber, [entry(groups=())])
    found(stubber, entry(groups=()))
    assert succeeded(directory(capsys))["changed"] is True
    assert retry_sleeps == [10, 10]


def test_a_directory_still_not_active_after_two_minutes_fails(stubber, capsys, retry_sleeps):
    described(stubber, [])
    for _attempt in range(13):
        stubber.add_client_error("register_workspace_directory", "InvalidResourceStateException", "The directory is not Active.")
    result = refused_before_any_call(directory(capsys), "after two minutes of retrying", "Active in Directory Service")
    assert sum(retry_sleeps) == 120 and result["error"]["code"] == "InvalidResourceStateException"


def test_any_other_registration_error_fails_with_aws_code_and_message(stubber, capsys):
    described(stubber, [])
    stubber.add_client_error("register_workspace_directory", "UnsupportedNetworkConfigurationException", "The subnets are not supported.")
    result = refused_before_any_call(directory(capsys), "Failed to register workspace directory", "The subnets are not supported.")
    assert result["error"]["code"] == "UnsupportedNetworkConfigurationException"


def test_a_directory_found_registering_is_waited_for_before_planning(stubber, capsys, clock):
    described(stubber, [entry("REGISTERING")])
    found(stubber, entry())
    result = succeeded(directory(capsys, saml_properties={"status": "DISABLED"}))
    assert result["changed"] is False and clock.sleeps == [2.0]


@needs_the_newest_directory_model
def test_a_directory_in_error_is_refused_with_its_message(stubber, capsys):
    found(stubber, entry("ERROR", ErrorMessage="Broken."))
    refused_before_any_call(directory(capsys, saml_properties={"status": "DISABLED"}), "is in ERROR (Broken.)", "state: absent")


# ---------------------------------------------------------------------------------------------
# Fixed at registration
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("params, fragment", [
    ({"subnet_ids": ["subnet-0123456789abcdef0", "subnet-0aaaaaaaaaaaaaaaa"]}, "subnet_ids"),
    ({"subnet_ids": ["subnet-0123456789abcdef0"]}, "subnet_ids"),
    ({"tenancy": "DEDICATED"}, "tenancy SHARED"),
], ids=["other subnets", "fewer subnets", "tenancy"])
def test_options_fixed_at_registration_are_refused_on_a_registered_directory(stubber, capsys, params, fragment):
    found(stubber, entry())
    refused_before_any_call(
        directory(capsys, saml_properties={"status": "ENABLED"}, **params), fragment, "fixed at registration", "register it again"
    )


# ---------------------------------------------------------------------------------------------
# Deregistration
# ---------------------------------------------------------------------------------------------


def test_a_directory_with_workspaces_is_not_deregistered(stubber, capsys):
    found(stubber, entry())
    workspaces = [{"WorkspaceId": f"ws-{n:09d}", "DirectoryId": DIRECTORY} for n in range(12)]
    stubber.add_response("describe_workspaces", {"Workspaces": workspaces[:4], "NextToken": "p2"}, {"DirectoryId": DIRECTORY})
    stubber.add_response("describe_workspaces", {"Workspaces": workspaces[4:]}, {"DirectoryId": DIRECTORY, "NextToken": "p2"})
    result = refused_before_any_call(
        directory(capsys, state="absent"),
        "still has 12 WorkSpaces (ws-000000000, ws-000000001, ws-000000002, ws-000000003, ws-000000004, ws-000000005,"
        " ws-000000006, ws-000000007, ws-000000008, ws-000000009, ... (first 10 of 12))",
        "terminate or migrate them first",
    )
    assert result["directory"]["directory_id"] == DIRECTORY


def test_deregisters_and_waits_until_it_is_gone(stubber, capsys, clock):
    found(stubber, entry())
    stubber.add_response("describe_workspaces", {"Workspaces": []}, {"DirectoryId": DIRECTORY})
    stubber.add_response("deregister_workspace_directory", {}, {"DirectoryId": DIRECTORY})
    described(stubber, [entry("DEREGISTERING")])
    described(stubber, [])
    result = succeeded(directory(capsys, state="absent", diff=True))
    assert result["changed"] is True and result["directory"] is None
    assert result["changes"] == {"state": {"before": "present", "after": "absent"}}
    assert result["diff"]["after"] == {} and result["diff"]["before"]["directory_id"] == DIRECTORY
    assert clock.sleeps == [2.0, 3.0]


def test_deregistration_in_check_mode_calls_nothing(stubber, capsys):
    found(stubber, entry())
    stubber.add_response("describe_workspaces", {"Workspaces": []}, {"DirectoryId": DIRECTORY})
    result = succeeded(directory(capsys, state="absent", check_mode=True))
    assert result["changed"] is True and result["directory"] is None


@pytest.mark.parametrize("entries", [[], [entry("DEREGISTERED")]], ids=["not returned", "DEREGISTERED"])
def test_absent_of_a_directory_that_is_not_registered_is_ok_with_no_call(stubber, capsys, entries):
    described(stubber, entries)
    result = succeeded(directory(capsys, state="absent"))
    assert result["changed"] is False and result["changes"] == {} and result["directory"] is None


# ---------------------------------------------------------------------------------------------
# Tags, check mode, diff, a failure midway
# ---------------------------------------------------------------------------------------------


def test_tags_are_purged_and_set(stubber, capsys):
    found(stubber, entry(), tags={"team": "euc", "old": "x", "aws:cloudformation:stack-name": "s"})
    stubber.add_response("delete_tags", {}, {"ResourceId": DIRECTORY, "TagKeys": ["old"]})
    stubber.add_response("create_tags", {}, {"ResourceId": DIRECTORY, "Tags": [{"Key": "env", "Value": "prod"}]})
    found(stubber, entry(), tags={"team": "euc", "env": "prod"})
    result = succeeded(directory(capsys, tags={"team": "euc", "env": "prod"}))
    assert result["changes"]["tags"]["after"] == {"team": "euc", "aws:cloudformation:stack-name": "s", "env": "prod"}


def test_tags_without_purging_only_add(stubber, capsys):
    found(stubber, entry(), tags={"old": "x"})
    stubber.add_response("create_tags", {}, {"ResourceId": DIRECTORY, "Tags": [{"Key": "env", "Value": "prod"}]})
    found(stubber, entry(), tags={"old": "x", "env": "prod"})
    assert succeeded(directory(capsys, tags={"env": "prod"}, purge_tags=False))["changes"]["tags"]["after"] == {"old": "x", "env": "prod"}


def test_check_mode_and_diff_predict_exactly_and_change_nothing(stubber, capsys):
    found(stubber, entry(groups=(GROUP,)), tags={})
    groups_looked_up(stubber, [OTHER_GROUP])
    result = succeeded(directory(
        capsys, check_mode=True, diff=True, workspace_access_properties={"device_type_web": "ALLOW"}, ip_group_ids=[OTHER_GROUP],
        tags={"team": "euc"},
    ))
    assert result["changed"] is True and list(result["changes"]) == ["workspace_access_properties", "ip_group_ids", "tags"]
    assert result["directory"]["workspace_access_properties"]["device_type_web"] == "ALLOW"
    assert result["directory"]["ip_group_ids"] == [OTHER_GROUP] and result["directory"]["tags"] == {"team": "euc"}
    assert result["diff"]["before"]["workspace_access_properties"]["device_type_web"] == "DENY"
    assert result["diff"]["after"] == result["directory"]


def test_a_failure_midway_reports_what_was_already_changed(stubber, capsys):
    found(stubber, entry())
    stubber.add_response("modify_saml_properties", {}, {"ResourceId": DIRECTORY, "SamlProperties": {"Status": "ENABLED", "UserAccessUrl": IDP}})
    stubber.add_client_error("modify_certificate_based_auth_properties", "InvalidParameterValuesException", "The CA is not usable.")
    result = directory(
        capsys, saml_properties={"status": "ENABLED", "user_access_url": IDP},
        certificate_based_auth_properties={"status": "ENABLED", "certificate_authority_arn": CA},
    )
    assert result["failed"] is True and result["changed"] is True
    assert list(result["changes"]) == ["saml_properties"]
    assert "The CA is not usable." in result["msg"] and "changed before the failure: saml_properties" in result["msg"]


# ---------------------------------------------------------------------------------------------
# Bad input, before any call
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("params, fragment", [
    ({"directory_id": "d-xyz"}, "directory_id 'd-xyz' must"),
    ({"subnet_ids": SUBNETS + ["subnet-0aaaaaaaaaaaaaaaa"]}, "subnet_ids: at most 2 subnets, not 3"),
    ({"subnet_ids": ["sub-1"]}, "subnet_ids: 'sub-1' must"),
    ({"ip_group_ids": ["ipg-1"]}, "ip_group_ids: 'ipg-1' must match"),
    ({"tags": {"aws:owner": "me"}}, "begins with aws:"),
    ({"workspace_creation_properties": {"custom_security_group_id": "sg-1"}}, "workspace_creation_properties.custom_security_group_id 'sg-1' must"),
    ({"saml_properties": {"user_access_url": "ftp://idp"}}, "saml_properties.user_access_url 'ftp://idp' must match"),
    ({"client_properties": {"client_experience_policy": "lower"}}, "client_properties.client_experience_policy 'lower' must match"),
], ids=["directory id", "three subnets", "subnet id", "ip group id", "reserved tag", "security group", "saml url", "policy"])
@needs_the_newest_directory_model
def test_bad_input_fails_before_any_call(stubber, capsys, params, fragment):
    params = dict({"directory_id": DIRECTORY}, **params)
    result = run_main(workspaces_directory, capsys, **params)
    assert result["failed"] is True and result["changed"] is False and fragment in result["msg"], result["msg"]
    assert result["invalid"]


def model_without(shape, member):
    loader = botocore.session.get_session().get_component("data_loader")
    data = copy.deepcopy(loader.load_service_model("workspaces", "service-2"))
    del data["shapes"][shape]["members"][member]
    return ServiceModel(data, "workspaces")


@needs_the_newest_directory_model
def test_a_suboption_the_installed_botocore_lacks_fails_before_any_call_naming_the_version(stubber, capsys, monkeypatch):
    monkeypatch.setattr(stubber.client.meta, "_service_model", model_without("SelfservicePermissions", "NestedVirtualization"))
    result = directory(capsys, self_service_permissions={"nested_virtualization": "ENABLED"})
    assert result["failed"] is True and result["changed"] is False
    assert "self_service_permissions.nested_virtualization" in result["msg"]
    assert "does not know NestedVirtualization; it needs botocore 1.44.5 or newer" in result["msg"]
