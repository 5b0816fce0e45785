# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each rule of a directory's plan, on result-shaped data, with no AWS call; and the settings table against
botocore's model and the module's options."""

import copy

import botocore.session
import pytest
from botocore.model import ServiceModel

from ansible_collections.euc.aws.plugins.module_utils import directories
from ansible_collections.euc.aws.plugins.module_utils.directories import DIRECTORY
from ansible_collections.euc.aws.plugins.module_utils.directories import FIRST_BOTOCORE
from ansible_collections.euc.aws.plugins.module_utils.directories import SETTING_BY_OPTION
from ansible_collections.euc.aws.plugins.module_utils.directories import SETTINGS
from ansible_collections.euc.aws.plugins.module_utils.directories import DirectoryFacts
from ansible_collections.euc.aws.plugins.module_utils.directories import as_directory
from ansible_collections.euc.aws.plugins.module_utils.directories import as_request
from ansible_collections.euc.aws.plugins.module_utils.directories import association_problems
from ansible_collections.euc.aws.plugins.module_utils.directories import authentication_refusal
from ansible_collections.euc.aws.plugins.module_utils.directories import fixed_refusals
from ansible_collections.euc.aws.plugins.module_utils.directories import ip_groups_plan
from ansible_collections.euc.aws.plugins.module_utils.directories import open_access_refusal
from ansible_collections.euc.aws.plugins.module_utils.directories import registration_request
from ansible_collections.euc.aws.plugins.module_utils.directories import setting_plan
from ansible_collections.euc.aws.plugins.module_utils.directories import setting_problems
from ansible_collections.euc.aws.plugins.module_utils.directories import settings_order
from ansible_collections.euc.aws.plugins.modules import workspaces_directory
from model_versions import needs_the_newest_directory_model

SERVICE_MODEL = botocore.session.get_session().get_service_model("workspaces")
D = "d-1234567890"
SAML = SETTING_BY_OPTION["saml_properties"]


def model_data():
    return copy.deepcopy(botocore.session.get_session().get_component("data_loader").load_service_model("workspaces", "service-2"))


def params(**given):
    base = {
        "directory_id": D, "state": "present", "ip_group_ids": None, "purge_ip_groups": True, "allow_any_ip": False,
        "tags": None, "purge_tags": True, "wait_timeout": 900, "subnet_ids": None, "tenancy": None, "enable_self_service": None,
    }
    base.update({setting.option: None for setting in SETTINGS})
    base.update(given)
    return base


def current(**overrides):
    directory = as_directory({"DirectoryId": D, "State": "REGISTERED", "SubnetIds": ["subnet-0123456789abcdef0"], "Tenancy": "SHARED"}, tags={})
    directory.update(overrides)
    return directory


# ---------------------------------------------------------------------------------------------
# The settings table, the model and the module
# ---------------------------------------------------------------------------------------------


@needs_the_newest_directory_model
@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.option)
def test_every_suboption_is_a_member_the_model_reads_back_and_sends(setting):
    request_shape = SERVICE_MODEL.operation_model(setting.operation).input_shape.members[setting.request_key]
    assert set(setting.suboptions.values()) <= set(request_shape.members)
    if setting.option != "client_properties":
        assert set(setting.suboptions.values()) <= set(SERVICE_MODEL.shape_for("WorkspaceDirectory").members[setting.read_key].members)


@needs_the_newest_directory_model
@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.option)
def test_the_module_options_are_the_table_with_the_model_choices(setting, monkeypatch):
    captured = {}

    class Stop(Exception):
        pass

    def capture(**kwargs):
        captured.update(kwargs)
        raise Stop()

    monkeypatch.setattr(workspaces_directory, "AnsibleAWSModule", capture)
    with pytest.raises(Stop):
        workspaces_directory.main()
    options = captured["argument_spec"][setting.option]["options"]
    assert set(options) == set(setting.suboptions)
    request_shape = SERVICE_MODEL.operation_model(setting.operation).input_shape.members[setting.request_key]
    for suboption, member in setting.suboptions.items():
        shape = request_shape.members[member]
        assert options[suboption].get("choices") == (getattr(shape, "enum", None) or None)
        assert options[suboption]["type"] == {"string": "str", "boolean": "bool"}[shape.type_name]


def test_the_versions_named_are_for_suboptions_of_the_table():
    assert all(suboption in SETTING_BY_OPTION[option].suboptions for option, suboption in FIRST_BOTOCORE)


# ---------------------------------------------------------------------------------------------
# The options against the installed model
# ---------------------------------------------------------------------------------------------


@needs_the_newest_directory_model
def test_a_suboption_the_model_lacks_names_the_first_botocore_that_has_it():
    data = model_data()
    del data["shapes"]["ClientProperties"]["members"]["ClientExperiencePolicy"]
    problems = setting_problems(ServiceModel(data, "workspaces"), SETTING_BY_OPTION["client_properties"], {"client_experience_policy": "X"})
    assert problems == [
        f"client_properties.client_experience_policy: the installed botocore {botocore.__version__} does not know ClientExperiencePolicy; "
        "it needs botocore 1.43.64 or newer"
    ]


def test_a_suboption_the_model_lacks_with_no_version_known_asks_for_a_newer_botocore():
    data = model_data()
    del data["shapes"]["SelfservicePermissions"]["members"]["RestartWorkspace"]
    problems = setting_problems(ServiceModel(data, "workspaces"), SETTING_BY_OPTION["self_service_permissions"], {"restart_workspace": "ENABLED"})
    assert problems[0].endswith(f"it needs a botocore newer than {botocore.__version__}")


def test_string_suboptions_are_checked_against_their_shape():
    assert setting_problems(SERVICE_MODEL, SAML, {"user_access_url": "https://idp.example.com"}) == []
    assert "must match" in setting_problems(SERVICE_MODEL, SAML, {"user_access_url": "idp.example.com"})[0]


@needs_the_newest_directory_model
def test_a_model_that_requires_enable_work_docs_gets_it():
    data = model_data()
    shape = data["shapes"]["RegisterWorkspaceDirectoryRequest"]
    shape["members"]["EnableWorkDocs"] = {"shape": "BooleanObject"}
    shape["required"] = ["DirectoryId", "EnableWorkDocs"]
    assert registration_request(ServiceModel(data, "workspaces"), params()) == {"DirectoryId": D, "EnableWorkDocs": False}
    assert registration_request(SERVICE_MODEL, params()) == {"DirectoryId": D}


@needs_the_newest_directory_model
def test_the_registration_request_carries_what_is_given():
    request = registration_request(SERVICE_MODEL, params(subnet_ids=["s1"], enable_self_service=False, tenancy="SHARED", tags={"n": 1}))
    assert request == {"DirectoryId": D, "SubnetIds": ["s1"], "EnableSelfService": False, "Tenancy": "SHARED", "Tags": [{"Key": "n", "Value": "1"}]}


# ---------------------------------------------------------------------------------------------
# Compare
# ---------------------------------------------------------------------------------------------


def test_only_the_keys_given_are_compared():
    have = {"status": "ENABLED", "user_access_url": "https://a"}
    assert setting_plan(SAML, have, {"status": "ENABLED"}) == (have, False)
    assert setting_plan(SAML, have, None) == (have, False)
    assert setting_plan(SAML, have, {}) == (have, False)
    assert setting_plan(SAML, have, {"user_access_url": "https://b"}) == ({"status": "ENABLED", "user_access_url": "https://b"}, True)


def test_a_key_aws_does_not_return_differs():
    assert setting_plan(SAML, {}, {"status": "DISABLED"}) == ({"status": "DISABLED"}, True)


def test_the_request_is_each_suboption_with_a_value_under_its_member():
    values = {"status": "ENABLED", "user_access_url": "", "relay_state_parameter_name": None, "unknown_later_member": "x"}
    assert as_request(SAML, values) == {"Status": "ENABLED"}


def test_as_directory_names_settings_as_the_options_and_the_rest_in_snake_case():
    directory = as_directory(
        {
            "DirectoryId": D, "State": "REGISTERED", "ipGroupIds": ["wsipg-abcd1234"], "IamRoleId": "arn:aws:iam::1:role/r",
            "SelfservicePermissions": {"RestartWorkspace": "ENABLED"},
            "WorkspaceAccessProperties": {"DeviceTypeOsx": "ALLOW", "AccessEndpointConfig": {"AccessEndpoints": [{"VpcEndpointId": "v"}]}},
        },
        {"ClientExperiencePolicy": "P"},
    )
    assert directory["self_service_permissions"] == {"restart_workspace": "ENABLED"}
    assert directory["workspace_access_properties"] == {"device_type_osx": "ALLOW", "access_endpoint_config": {"access_endpoints": [{"vpc_endpoint_id": "v"}]}}
    assert directory["client_properties"] == {"client_experience_policy": "P"}
    assert directory["ip_group_ids"] == ["wsipg-abcd1234"] and directory["iam_role_id"] == "arn:aws:iam::1:role/r"
    assert directory["saml_properties"] == {} and "tags" not in directory


# ---------------------------------------------------------------------------------------------
# IP groups and the open-access guard
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("have, desired, purge, expected", [
    (["a"], None, True, (["a"], [], [])),
    (["a"], ["b"], True, (["b"], ["b"], ["a"])),
    (["a"], ["b"], False, (["a", "b"], ["b"], [])),
    (["a", "b"], [], True, ([], [], ["a", "b"])),
    (["a"], [], False, (["a"], [], [])),
    ([], ["a", "a", "b"], True, (["a", "b"], ["a", "b"], [])),
])
def test_ip_groups_plan(have, desired, purge, expected):
    assert ip_groups_plan(have, desired, purge) == expected


@pytest.mark.parametrize("have, after, allow, refused", [
    (["a"], [], False, True),
    (["a"], [], True, False),
    (["a"], ["b"], False, False),
    ([], [], False, False),
])
def test_open_access_is_refused_only_when_a_directory_with_groups_would_have_none(have, after, allow, refused):
    assert bool(open_access_refusal(D, have, after, allow)) is refused


def test_association_problems():
    groups = {"wsipg-1": {"groupName": "empty", "userRules": []}, "wsipg-2": {"groupName": "office", "userRules": [{"ipRule": "10.0.0.0/8"}]}}
    refusals, warnings = association_problems(D, ["wsipg-1", "wsipg-2", "wsipg-3"], groups)
    assert refusals == ["ip_group_ids: there is no IP access control group wsipg-3"]
    assert len(warnings) == 1 and warnings[0].startswith("IP access control group wsipg-1 (empty) has no rules")


# ---------------------------------------------------------------------------------------------
# SAML and certificate-based authentication
# ---------------------------------------------------------------------------------------------


def change(after_status):
    return {"before": {}, "after": {"status": after_status}}


def test_saml_goes_before_certificate_based_auth_unless_that_is_switched_off():
    on = settings_order({"saml_properties": change("ENABLED"), "certificate_based_auth_properties": change("ENABLED")})
    off = settings_order({"saml_properties": change("DISABLED"), "certificate_based_auth_properties": change("DISABLED")})
    assert on.index("saml_properties") < on.index("certificate_based_auth_properties")
    assert off.index("certificate_based_auth_properties") < off.index("saml_properties")
    assert sorted(on) == sorted(off) == sorted(setting.option for setting in SETTINGS)


@pytest.mark.parametrize("saml, cba, refused", [
    ("DISABLED", "ENABLED", True),
    (None, "ENABLED", True),
    ("ENABLED", "ENABLED", False),
    ("ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK", "ENABLED", False),
    ("DISABLED", "DISABLED", False),
])
def test_certificate_based_auth_needs_saml_on(saml, cba, refused):
    after = {"saml_properties": {"status": saml} if saml else {}, "certificate_based_auth_properties": {"status": cba}}
    assert bool(authentication_refusal(D, after, {"certificate_based_auth_properties": {}})) is refused
    assert authentication_refusal(D, after, {}) == []  # neither changes: not this run's doing


# ---------------------------------------------------------------------------------------------
# Fixed at registration, deregistration
# ---------------------------------------------------------------------------------------------


def test_fixed_at_registration():
    assert fixed_refusals(current(), params(subnet_ids=["subnet-0123456789abcdef0"], tenancy="SHARED")) == []
    assert fixed_refusals(current(), params()) == []
    assert len(fixed_refusals(current(), params(subnet_ids=[], tenancy="DEDICATED"))) == 2
    assert fixed_refusals(current(tenancy=None), params(tenancy="DEDICATED")) == []


@pytest.mark.parametrize("count, named", [(1, "(ws-000000000)"), (10, "ws-000000009)"), (11, "ws-000000009, ... (first 10 of 11))")])
def test_deregistration_is_refused_naming_the_count_and_the_first_workspaces(count, named):
    facts = DirectoryFacts([f"ws-{n:09d}" for n in range(count)], {})
    plan = DIRECTORY.plan_with(current(), params(state="absent"), facts)
    assert plan.steps == [] and plan.changes == {}
    assert f"still has {count} WorkSpaces" in plan.refusals[0] and named in plan.refusals[0]


def test_deregistration_of_a_directory_that_is_not_registered_is_nothing():
    plan = DIRECTORY.plan(None, params(state="absent"))
    assert plan.changes == {} and plan.steps == [] and plan.refusals == [] and plan.after is None


def test_enable_self_service_on_a_registered_directory_changes_nothing():
    assert DIRECTORY.plan(current(), params(enable_self_service=True)).changes == {}


def test_the_waits_back_off_as_the_workspaces_waits_do(monkeypatch):
    from fake_time import FakeTime  # pylint: disable=import-outside-toplevel

    clock = FakeTime(0.0)
    monkeypatch.setattr(directories, "time", clock)
    answers = iter([[], [{"DirectoryId": D, "State": "REGISTERING"}]] * 5 + [[{"DirectoryId": D, "State": "REGISTERED"}]])
    monkeypatch.setattr(directories, "describe_workspace_directories", lambda client, **kwargs: next(answers))
    settled = directories.wait_for_directory(None, D, directories.registered(D), 900, "be REGISTERED")
    assert settled["State"] == "REGISTERED"
    assert clock.sleeps[:4] == [2.0, 3.0, 4.5, 6.75] and max(clock.sleeps) == 15.0
