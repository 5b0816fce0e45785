# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Directories registered with WorkSpaces as a resource: registration, the settings, the IP groups, the tags.

The settings, pure: each is a dict of which only the keys given are desired, compared with what AWS reads back, one
Modify call for each setting that differs. Certificate-based authentication needs SAML on, so SAML is switched on
before it, and it is switched off before SAML. A directory that has IP access control groups is never left without
any (AWS then lets users in from any IP address) unless ``allow_any_ip``. ``subnet_ids`` and ``tenancy`` are fixed at
registration. A directory that still has WorkSpaces is not deregistered.
"""

import time
from collections import namedtuple

try:
    import botocore
except ImportError:
    pass  # AnsibleAWSModule reports a missing botocore to the user

from ansible.module_utils.common.dict_transformations import _camel_to_snake
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.cloud import BackoffIterator
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

from ansible_collections.euc.aws.plugins.module_utils.concurrency import map_bounded
from ansible_collections.euc.aws.plugins.module_utils.ip_groups import describe_ip_groups
from ansible_collections.euc.aws.plugins.module_utils.messages import named
from ansible_collections.euc.aws.plugins.module_utils.resources import Resource
from ansible_collections.euc.aws.plugins.module_utils.resources import ResourcePlan
from ansible_collections.euc.aws.plugins.module_utils.resources import Step
from ansible_collections.euc.aws.plugins.module_utils.resources import changed
from ansible_collections.euc.aws.plugins.module_utils.resources import tag_steps
from ansible_collections.euc.aws.plugins.module_utils.tagging import MOST_TAGS
from ansible_collections.euc.aws.plugins.module_utils.tagging import TAGS
from ansible_collections.euc.aws.plugins.module_utils.tagging import boto3_tags
from ansible_collections.euc.aws.plugins.module_utils.tagging import tag_problems
from ansible_collections.euc.aws.plugins.module_utils.tagging import too_many_tags
from ansible_collections.euc.aws.plugins.module_utils.workspaces import WAIT_FIRST_INTERVAL
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import WorkSpacesErrorHandler
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_tags
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_workspace_directories
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_workspaces
from ansible_collections.euc.aws.plugins.module_utils.workspaces import in_batches
from ansible_collections.euc.aws.plugins.module_utils.workspaces import next_wait_interval
from ansible_collections.euc.aws.plugins.module_utils.workspaces import string_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import strings_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order


class Setting(namedtuple("Setting", ["option", "read_key", "operation", "request_key", "suboptions"])):
    """A group of a directory's settings: the module option, its key in what AWS reads back, the Modify call and its
    request member, and each suboption's member in botocore's model ({suboption: Member})."""

    @property
    def members(self):
        return {member: suboption for suboption, member in self.suboptions.items()}

    def as_result(self, api_value):
        """What AWS read back, as results carry it: each member under its suboption's name."""
        members = self.members
        return {
            members.get(key) or _camel_to_snake(key): camel_dict_to_snake_dict(value) if isinstance(value, dict) else value
            for key, value in (api_value or {}).items()
        }

    def desired(self, params):
        """The keys given (None: the setting is not given)."""
        given = params.get(self.option)
        if given is None:
            return None
        return {key: value for key, value in given.items() if value is not None}


SETTINGS = (
    Setting(
        "self_service_permissions", "SelfservicePermissions", "ModifySelfservicePermissions", "SelfservicePermissions",
        {
            "restart_workspace": "RestartWorkspace", "increase_volume_size": "IncreaseVolumeSize",
            "change_compute_type": "ChangeComputeType", "switch_running_mode": "SwitchRunningMode",
            "rebuild_workspace": "RebuildWorkspace", "nested_virtualization": "NestedVirtualization",
            "enable_end_user_advisor": "EnableEndUserAdvisor",
        },
    ),
    Setting(
        "workspace_creation_properties", "WorkspaceCreationProperties", "ModifyWorkspaceCreationProperties",
        "WorkspaceCreationProperties",
        {
            "enable_internet_access": "EnableInternetAccess", "default_ou": "DefaultOu",
            "custom_security_group_id": "CustomSecurityGroupId",
            "user_enabled_as_local_administrator": "UserEnabledAsLocalAdministrator",
            "enable_maintenance_mode": "EnableMaintenanceMode", "instance_iam_role_arn": "InstanceIamRoleArn",
        },
    ),
    Setting(
        "workspace_access_properties", "WorkspaceAccessProperties", "ModifyWorkspaceAccessProperties", "WorkspaceAccessProperties",
        {
            "device_type_windows": "DeviceTypeWindows", "device_type_osx": "DeviceTypeOsx", "device_type_web": "DeviceTypeWeb",
            "device_type_ios": "DeviceTypeIos", "device_type_android": "DeviceTypeAndroid",
            "device_type_chrome_os": "DeviceTypeChromeOs", "device_type_zero_client": "DeviceTypeZeroClient",
            "device_type_linux": "DeviceTypeLinux", "device_type_workspaces_thin_client": "DeviceTypeWorkSpacesThinClient",
        },
    ),
    Setting(
        "client_properties", "ClientProperties", "ModifyClientProperties", "ClientProperties",
        {"reconnect_enabled": "ReconnectEnabled", "log_upload_enabled": "LogUploadEnabled", "client_experience_policy": "ClientExperiencePolicy"},
    ),
    Setting(
        "saml_properties", "SamlProperties", "ModifySamlProperties", "SamlProperties",
        {"status": "Status", "user_access_url": "UserAccessUrl", "relay_state_parameter_name": "RelayStateParameterName"},
    ),
    Setting(
        "certificate_based_auth_properties", "CertificateBasedAuthProperties", "ModifyCertificateBasedAuthProperties",
        "CertificateBasedAuthProperties",
        {"status": "Status", "certificate_authority_arn": "CertificateAuthorityArn"},
    ),
)
SETTING_BY_OPTION = {setting.option: setting for setting in SETTINGS}
SETTING_BY_READ_KEY = {setting.read_key: setting for setting in SETTINGS}

# The first botocore whose model has each suboption that botocore 1.34.0 (the collection's floor) lacks; found by
# reading the WorkSpaces model of every botocore release in between.
FIRST_BOTOCORE = {
    ("self_service_permissions", "nested_virtualization"): "1.44.5",
    ("self_service_permissions", "enable_end_user_advisor"): "1.44.5",
    ("workspace_creation_properties", "instance_iam_role_arn"): "1.34.135",
    ("workspace_access_properties", "device_type_workspaces_thin_client"): "1.37.7",
    ("client_properties", "client_experience_policy"): "1.43.64",
}

SAML_ON = ("ENABLED", "ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK")
# States a directory passes through on its own: a run waits for them to settle before it plans.
ON_THE_WAY = ("REGISTERING", "DEREGISTERING")
# AWS refuses to register a directory that Directory Service has not made Active yet (InvalidResourceStateException):
# a directory created a moment ago. Retried every 10 seconds, 13 attempts: up to two minutes.
NOT_ACTIVE_ATTEMPTS = 13
NOT_ACTIVE_DELAY = 10
DEFAULT_ROLE_HELP = (
    "the IAM role workspaces_DefaultRole must exist before a directory can be registered. Create it once per account: "
    "a role named workspaces_DefaultRole that workspaces.amazonaws.com may assume (sts:AssumeRole), with the AWS managed "
    "policies AmazonWorkSpacesServiceAccess and AmazonWorkSpacesSelfServiceAccess attached (for example with "
    "amazon.aws.iam_role, or 'aws iam create-role' and 'aws iam attach-role-policy'); see 'Create the workspaces_DefaultRole "
    "Role' in the Amazon WorkSpaces Administration Guide"
)


def installed_botocore():
    return getattr(botocore, "__version__", "unknown")


# ---------------------------------------------------------------------------------------------
# The options (pure but for the model)
# ---------------------------------------------------------------------------------------------


def setting_problems(service_model, setting, given):
    """What the installed botocore's model cannot send, or would refuse, in one setting's keys given."""
    request_shape = service_model.operation_model(setting.operation).input_shape.members[setting.request_key]
    problems = []
    for suboption, value in given.items():
        member = setting.suboptions[suboption]
        if member not in request_shape.members:
            first = FIRST_BOTOCORE.get((setting.option, suboption))
            needed = f"botocore {first} or newer" if first else f"a botocore newer than {installed_botocore()}"
            problems.append(
                f"{setting.option}.{suboption}: the installed botocore {installed_botocore()} does not know {member}; it needs {needed}"
            )
        elif isinstance(value, str):
            problems.extend(string_problems(service_model, f"{setting.option}.{suboption}", value, request_shape.members[member].name))
    return problems


def subnet_problems(service_model, subnet_ids):
    most = service_model.operation_model("RegisterWorkspaceDirectory").input_shape.members["SubnetIds"].metadata.get("max")
    problems = [f"subnet_ids: at most {most} subnets, not {len(subnet_ids)}"] if most is not None and len(subnet_ids) > most else []
    return problems + strings_problems(service_model, "subnet_ids:", subnet_ids, "SubnetId")


def directory_problems(service_model, params):
    """What is wrong with workspaces_directory's options, before any call."""
    problems = string_problems(service_model, "directory_id", params["directory_id"], "DirectoryId")
    problems += subnet_problems(service_model, params.get("subnet_ids") or [])
    if params.get("tenancy"):
        problems += string_problems(service_model, "tenancy", params["tenancy"], "Tenancy")
    problems += strings_problems(service_model, "ip_group_ids:", params.get("ip_group_ids") or [], "IpGroupId")
    for setting in SETTINGS:
        given = setting.desired(params)
        if given:
            problems += setting_problems(service_model, setting, given)
    return problems + tag_problems(service_model, params.get("tags"))


# ---------------------------------------------------------------------------------------------
# The plan (pure)
# ---------------------------------------------------------------------------------------------


class DirectoryFacts(namedtuple("DirectoryFacts", ["workspace_ids", "ip_groups"])):
    """What the plan needs besides the directory: the IDs of its WorkSpaces (to deregister it), and the IP groups
    it would be associated with ({group ID: DescribeIpGroups entry}, those AWS returned)."""


NO_FACTS = DirectoryFacts((), {})


def setting_plan(setting, current, given):
    """(the setting after, whether it differs) for the keys ``given`` (None: not given) on ``current``."""
    if given is None:
        return current, False
    differs = any(current.get(key) != value for key, value in given.items())
    return (dict(current, **given), True) if differs else (current, False)


def ip_groups_plan(current_ids, desired, purge):
    """(the groups after, those to associate, those to disassociate) for ``desired`` (None: leave them)."""
    if desired is None:
        return list(current_ids), [], []
    desired = unique_in_order(desired)
    to_add = [group_id for group_id in desired if group_id not in current_ids]
    to_remove = [group_id for group_id in current_ids if group_id not in desired] if purge else []
    return [group_id for group_id in current_ids if group_id not in to_remove] + to_add, to_add, to_remove


def open_access_refusal(directory_id, current_ids, after_ids, allow_any_ip):
    """The refusal of leaving a directory that has IP groups with none, which AWS takes as any IP address allowed."""
    if not current_ids or after_ids or allow_any_ip:
        return []
    return [
        f"{directory_id} has the IP access control groups {', '.join(current_ids)}, and this run would leave it with none: "
        "AWS then lets users connect from any IP address. Keep a group in ip_group_ids, or set allow_any_ip: true to "
        "open it on purpose"
    ]


def association_problems(directory_id, to_add, ip_groups):
    """(refusals, warnings) of associating ``to_add``: a group AWS does not have; a group with no rules locks every
    user out."""
    refusals = [f"ip_group_ids: there is no IP access control group {group_id}" for group_id in to_add if group_id not in ip_groups]
    warnings = [
        f"IP access control group {group_id} ({ip_groups[group_id].get('groupName')}) has no rules: associated with "
        f"{directory_id}, it locks every user out until it has some"
        for group_id in to_add
        if group_id in ip_groups and not ip_groups[group_id].get("userRules")
    ]
    return refusals, warnings


def authentication_refusal(directory_id, after, changes):
    """Certificate-based authentication needs SAML on: refuse a run that would leave it on with SAML off."""
    if "saml_properties" not in changes and "certificate_based_auth_properties" not in changes:
        return []
    cba_on = (after.get("certificate_based_auth_properties") or {}).get("status") == "ENABLED"
    saml_on = (after.get("saml_properties") or {}).get("status") in SAML_ON
    if cba_on and not saml_on:
        return [f"{directory_id}: certificate-based authentication needs SAML on; set saml_properties.status to ENABLED too"]
    return []


def settings_order(changes):
    """The settings in the order their calls must run: SAML on before certificate-based auth, certificate-based auth
    off before SAML."""
    options = [setting.option for setting in SETTINGS]
    cba = changes.get("certificate_based_auth_properties")
    if cba and (cba["after"] or {}).get("status") == "DISABLED":
        options.remove("certificate_based_auth_properties")
        options.insert(options.index("saml_properties"), "certificate_based_auth_properties")
    return options


def settings_plan(current, params):
    """({option: change}, {option: setting after}) of every setting given, on ``current`` (None: not registered)."""
    changes, after = {}, {}
    for setting in SETTINGS:
        given = setting.desired(params)
        before = None if current is None else current.get(setting.option) or {}
        if current is None:
            after[setting.option], differs = (given or {}), bool(given)
        else:
            after[setting.option], differs = setting_plan(setting, before, given)
        if differs:
            changes[setting.option] = changed(before, after[setting.option])
    return changes, after


def setting_steps(calls, directory_id, changes, after):
    return [
        Step(option, calls.modify_call(directory_id, SETTING_BY_OPTION[option], after[option]))
        for option in settings_order(changes)
        if option in changes
    ]


def fixed_refusals(current, params):
    """subnet_ids and tenancy are fixed at registration: a different value on a registered directory is refused."""
    refusals = []
    directory_id = current["directory_id"]
    subnets = params.get("subnet_ids")
    if subnets is not None and set(subnets) != set(current.get("subnet_ids") or []):
        refusals.append(
            f"{directory_id} was registered with subnet_ids {', '.join(current.get('subnet_ids') or []) or 'none'}, and they are "
            "fixed at registration: deregister the directory (state: absent) and register it again to change them"
        )
    tenancy = params.get("tenancy")
    if tenancy and current.get("tenancy") and tenancy != current["tenancy"]:
        refusals.append(
            f"{directory_id} was registered with tenancy {current['tenancy']}, which is fixed at registration: deregister the "
            "directory (state: absent) and register it again to change it"
        )
    return refusals


# ---------------------------------------------------------------------------------------------
# Reading directories
# ---------------------------------------------------------------------------------------------


def as_directory(entry, client_properties=None, tags=None):
    """A DescribeWorkspaceDirectories entry as results carry it: snake_case, the settings under their option names
    (each {} when AWS gives none), ``ip_group_ids``, ``client_properties`` and, when read, ``tags``."""
    directory = {"directory_id": entry.get("DirectoryId"), "state": entry.get("State"), "subnet_ids": [], "tenancy": None}
    directory.update({setting.option: {} for setting in SETTINGS})
    for key, value in entry.items():
        if key in SETTING_BY_READ_KEY:
            directory[SETTING_BY_READ_KEY[key].option] = SETTING_BY_READ_KEY[key].as_result(value)
        elif key != "ipGroupIds":
            directory.update(camel_dict_to_snake_dict({key: value}))
    directory["ip_group_ids"] = list(entry.get("ipGroupIds") or [])
    directory["client_properties"] = SETTING_BY_OPTION["client_properties"].as_result(client_properties)
    if tags is not None:
        directory["tags"] = tags
    return directory


@WorkSpacesErrorHandler.common_error_handler("describe client properties")
def describe_client_properties(client, resource_ids):
    return client.describe_client_properties(ResourceIds=list(resource_ids), aws_retry=True).get("ClientPropertiesList", [])


def client_properties_by_id(client, directory_ids, max_workers=1):
    """{directory ID: ClientProperties}: DescribeClientProperties, as many IDs a call as the model allows, on the pool."""
    size = client.meta.service_model.operation_model("DescribeClientProperties").input_shape.members["ResourceIds"].metadata["max"]
    pages = map_bounded(lambda batch: describe_client_properties(client, batch), in_batches(list(directory_ids), size), max_workers)
    return {entry["ResourceId"]: entry.get("ClientProperties") or {} for page in pages for entry in page}


def describe_directories(client, directory_ids=None, max_workers=1):
    """DescribeWorkspaceDirectories entries: of ``directory_ids`` (as many a call as the model allows, each call paged),
    or every directory registered in the region."""
    if directory_ids is None:
        return describe_workspace_directories(client)
    size = client.meta.service_model.operation_model("DescribeWorkspaceDirectories").input_shape.members["DirectoryIds"].metadata["max"]
    batches = in_batches(unique_in_order(directory_ids), size)
    pages = map_bounded(lambda batch: describe_workspace_directories(client, DirectoryIds=batch), batches, max_workers)
    return [entry for page in pages for entry in page]


def with_details(client, entries, tags=False, max_workers=1):
    """Directories as results carry them: with their client properties (those REGISTERED) and, when asked, tags."""
    registered = [entry["DirectoryId"] for entry in entries if entry.get("State") == "REGISTERED"]
    properties = client_properties_by_id(client, registered, max_workers) if registered else {}
    tags_of = map_bounded(lambda entry: describe_tags(client, entry["DirectoryId"]), entries, max_workers) if tags else [None] * len(entries)
    return [as_directory(entry, properties.get(entry["DirectoryId"]), entry_tags) for entry, entry_tags in zip(entries, tags_of)]


def directories_info(client, params):
    """workspaces_directory_info's result: the directories asked for, after checking their IDs against the model."""
    directory_ids = params.get("directory_ids")
    problems = strings_problems(client.meta.service_model, "directory_ids:", directory_ids or [], "DirectoryId")
    if problems:
        raise AnsibleWorkSpacesError(message="; ".join(problems), invalid=problems)
    if directory_ids == []:
        return {"directories": []}
    entries = describe_directories(client, directory_ids, params["max_concurrency"])
    return {"directories": with_details(client, entries, params["tags"], params["max_concurrency"])}


def describe_directory(client, directory_id):
    """The DescribeWorkspaceDirectories entry of one directory, or None when AWS does not return it."""
    entries = describe_workspace_directories(client, DirectoryIds=[directory_id])
    return next((entry for entry in entries if entry.get("DirectoryId") == directory_id), None)


def wait_for_directory(client, directory_id, settled, timeout, waiting_for):
    """Poll DescribeWorkspaceDirectories, backing off as waits on WorkSpaces do, until ``settled(entry)`` (entry None
    once no longer returned) is true; return that entry. Timing out fails, naming the last state."""
    deadline = time.monotonic() + timeout
    interval = WAIT_FIRST_INTERVAL
    while True:
        time.sleep(max(0.0, min(interval, deadline - time.monotonic())))
        interval = next_wait_interval(interval)
        entry = describe_directory(client, directory_id)
        if settled(entry):
            return entry
        if time.monotonic() >= deadline:
            state = entry.get("State") if entry else "not returned"
            raise AnsibleWorkSpacesError(message=f"{directory_id} was still {state} after {timeout} seconds of waiting for it to {waiting_for}")


def error_message_of(entry, key="ErrorMessage"):
    return entry.get(key) or "AWS gave no ErrorMessage"


def registered(directory_id):
    """Whether a registration has settled: REGISTERED; ERROR fails with AWS's ErrorMessage."""

    def settled(entry):
        if entry and entry.get("State") == "ERROR":
            raise AnsibleWorkSpacesError(message=f"The registration of {directory_id} ended in ERROR: {error_message_of(entry)}")
        return bool(entry) and entry.get("State") == "REGISTERED"

    return settled


def deregistered(directory_id):
    """Whether a deregistration has settled: no longer returned (or DEREGISTERED); ERROR fails."""

    def settled(entry):
        if entry and entry.get("State") == "ERROR":
            raise AnsibleWorkSpacesError(message=f"The deregistration of {directory_id} ended in ERROR: {error_message_of(entry)}")
        return entry is None or entry.get("State") == "DEREGISTERED"

    return settled


# ---------------------------------------------------------------------------------------------
# The calls
# ---------------------------------------------------------------------------------------------


def not_active_retry():
    """A retry of InvalidResourceStateException alone (a directory Directory Service has not made Active yet), for up
    to two minutes, stacked on the client's own retry of throttling."""
    return AWSRetry.base_decorator(
        retries=NOT_ACTIVE_ATTEMPTS,
        found=lambda code, codes: code in codes,
        status_code_from_exception=AWSRetry.status_code_from_exception,
        catch_extra_error_codes=("InvalidResourceStateException",),
        sleep_time_generator=BackoffIterator(delay=NOT_ACTIVE_DELAY, backoff=1),
    )


def registration_request(service_model, params):
    request = {"DirectoryId": params["directory_id"]}
    if params.get("subnet_ids"):
        request["SubnetIds"] = list(params["subnet_ids"])
    if params.get("enable_self_service") is not None:
        request["EnableSelfService"] = params["enable_self_service"]
    if params.get("tenancy"):
        request["Tenancy"] = params["tenancy"]
    if params.get("tags"):
        request["Tags"] = boto3_tags(params["tags"])
    if "EnableWorkDocs" in service_model.operation_model("RegisterWorkspaceDirectory").input_shape.members:
        request["EnableWorkDocs"] = False  # botocore before 1.35 requires it; AWS has retired WorkDocs
    return request


def as_request(setting, values):
    """A setting's request member: each suboption with a value, under its member's name."""
    return {setting.suboptions[key]: value for key, value in values.items() if key in setting.suboptions and value not in (None, "")}


class DirectoryCalls:
    """The calls that change a directory, each through the one error handler."""

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("register workspace directory")
    def register(client, params):
        request = registration_request(client.meta.service_model, params)
        try:
            not_active_retry()(client.register_workspace_directory)(**request, aws_retry=True)
        except is_boto3_error_code("WorkspacesDefaultRoleNotFoundException") as error:
            raise AnsibleWorkSpacesError(message=f"Could not register {params['directory_id']}: {DEFAULT_ROLE_HELP}", exception=error) from error
        except is_boto3_error_code("InvalidResourceStateException") as error:  # pylint: disable=duplicate-except
            raise AnsibleWorkSpacesError(
                message=f"Could not register {params['directory_id']}: it was still not in a state that allows registration "
                "(a directory must be Active in Directory Service) after two minutes of retrying",
                exception=error,
            ) from error
        return params["directory_id"]

    @staticmethod
    def wait_registered(client, directory_id, timeout):
        wait_for_directory(client, directory_id, registered(directory_id), timeout, "be REGISTERED")

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("deregister workspace directory")
    def deregister(client, directory_id):
        client.deregister_workspace_directory(DirectoryId=directory_id, aws_retry=True)

    @staticmethod
    def wait_deregistered(client, directory_id, timeout):
        wait_for_directory(client, directory_id, deregistered(directory_id), timeout, "be deregistered")

    @staticmethod
    def modify_call(directory_id, setting, values):
        """The call that sets ``setting`` to ``values`` (the keys given on top of those read back, so that the others
        keep their values whether AWS replaces the whole set or not)."""

        @WorkSpacesErrorHandler.common_error_handler(f"{setting.operation} of {directory_id}")
        def modify(client):
            call = getattr(client, botocore.xform_name(setting.operation))
            call(ResourceId=directory_id, **{setting.request_key: as_request(setting, values)}, aws_retry=True)

        return modify

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("associate ip groups")
    def associate(client, directory_id, group_ids):
        client.associate_ip_groups(DirectoryId=directory_id, GroupIds=list(group_ids), aws_retry=True)

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("disassociate ip groups")
    def disassociate(client, directory_id, group_ids):
        client.disassociate_ip_groups(DirectoryId=directory_id, GroupIds=list(group_ids), aws_retry=True)


CALLS = DirectoryCalls()


# ---------------------------------------------------------------------------------------------
# The resource
# ---------------------------------------------------------------------------------------------


class Directory(Resource):
    """A directory registered with WorkSpaces, found by ``directory_id``."""

    noun = "directory"
    result_key = "directory"

    def option_problems(self, service_model, params):
        return directory_problems(service_model, params)

    def find(self, client, params):
        """The directory (once REGISTERING or DEREGISTERING has settled), or None when it is not registered."""
        directory_id = params["directory_id"]
        entry = describe_directory(client, directory_id)
        if entry and entry.get("State") in ON_THE_WAY:
            entry = wait_for_directory(
                client, directory_id, lambda now: not now or now.get("State") not in ON_THE_WAY, params["wait_timeout"], "settle"
            )
        if not entry or entry.get("State") == "DEREGISTERED":
            return None
        return with_details(client, [entry], tags=True)[0]

    def look_up(self, client, current, params):
        workspace_ids = []
        if params["state"] == "absent" and current:
            workspace_ids = [ws["WorkspaceId"] for ws in describe_workspaces(client, DirectoryId=current["directory_id"])]
        _after, to_add, _to_remove = ip_groups_plan((current or {}).get("ip_group_ids") or [], params.get("ip_group_ids"), params["purge_ip_groups"])
        ip_groups = {}
        if params["state"] == "present" and to_add:
            ip_groups = {group["groupId"]: group for group in describe_ip_groups(client, to_add)}
        return DirectoryFacts(workspace_ids, ip_groups)

    def identity(self, resource_id):
        return {"directory_id": resource_id}

    def id_of(self, current):
        return current["directory_id"]

    def plan(self, current, params):
        return self.plan_with(current, params, NO_FACTS)

    def plan_with(self, current, params, facts):
        facts = facts or NO_FACTS
        if params["state"] == "absent":
            return self.deregistration(current, facts, params["wait_timeout"])
        if current is None:
            return self.registration(params, facts)
        if current.get("state") == "ERROR":
            refusal = (
                f"{current['directory_id']} is in ERROR ({error_message_of(current, 'error_message')}); deregister it (state: absent) "
                "and register it again"
            )
            return ResourcePlan(current, {}, [], [refusal], after=current)
        return self.modification(current, params, facts)

    @staticmethod
    def deregistration(current, facts, timeout):
        if current is None:
            return ResourcePlan(None, {}, [], [], after=None)
        directory_id = current["directory_id"]
        if facts.workspace_ids:
            count = len(facts.workspace_ids)
            refusal = f"{directory_id} still has {count} WorkSpaces ({named(facts.workspace_ids)}); terminate or migrate them first"
            return ResourcePlan(current, {}, [], [refusal], after=current)
        steps = [
            Step("state", lambda client: CALLS.deregister(client, directory_id)),
            Step("state", lambda client: CALLS.wait_deregistered(client, directory_id, timeout)),
        ]
        return ResourcePlan(current, {"state": changed("present", "absent")}, steps, [], after=None)

    @staticmethod
    def registration(params, facts):
        directory_id = params["directory_id"]
        changes = {"state": changed("absent", "present")}
        changes.update({option: changed(None, params[option]) for option in ("subnet_ids", "tenancy", "enable_self_service") if params.get(option) is not None})
        settings_changes, settings = settings_plan(None, params)
        changes.update(settings_changes)
        group_ids, to_add, _to_remove = ip_groups_plan([], params.get("ip_group_ids"), params["purge_ip_groups"])
        refusals, warnings = association_problems(directory_id, to_add, facts.ip_groups)
        refusals += authentication_refusal(directory_id, settings, changes)
        steps = [
            Step("state", lambda client: CALLS.register(client, params)),
            Step("state", lambda client: CALLS.wait_registered(client, directory_id, params["wait_timeout"])),
        ]
        steps += setting_steps(CALLS, directory_id, changes, settings)
        if to_add:
            changes["ip_group_ids"] = changed(None, group_ids)
            steps.append(Step("ip_group_ids", lambda client: CALLS.associate(client, directory_id, to_add)))
        if params.get("tags"):
            changes["tags"] = changed(None, {key: str(value) for key, value in params["tags"].items()})
        after = dict(
            {"directory_id": directory_id, "state": "REGISTERED", "subnet_ids": list(params.get("subnet_ids") or []), "tenancy": params.get("tenancy")},
            **settings, ip_group_ids=group_ids, tags=changes["tags"]["after"] if "tags" in changes else {},
        )
        return ResourcePlan(None, changes, steps, refusals, warnings, after=after)

    @staticmethod
    def modification(current, params, facts):
        directory_id = current["directory_id"]
        changes, settings = settings_plan(current, params)
        refusals = fixed_refusals(current, params) + authentication_refusal(directory_id, dict(current, **settings), changes)
        steps = setting_steps(CALLS, directory_id, changes, settings)
        group_ids, to_add, to_remove = ip_groups_plan(current["ip_group_ids"], params.get("ip_group_ids"), params["purge_ip_groups"])
        refusals += open_access_refusal(directory_id, current["ip_group_ids"], group_ids, params["allow_any_ip"])
        association_refusals, warnings = association_problems(directory_id, to_add, facts.ip_groups)
        refusals += association_refusals
        if to_add or to_remove:
            changes["ip_group_ids"] = changed(current["ip_group_ids"], group_ids)
        if to_add:  # associated first, so that the directory is never left without a group in between
            steps.append(Step("ip_group_ids", lambda client: CALLS.associate(client, directory_id, to_add)))
        if to_remove:
            steps.append(Step("ip_group_ids", lambda client: CALLS.disassociate(client, directory_id, to_remove)))
        tags_change, tags_steps = tag_steps(TAGS, lambda: directory_id, current.get("tags") or {}, params.get("tags"), params["purge_tags"])
        if tags_change:
            changes["tags"] = tags_change
            if len(tags_change["after"]) > MOST_TAGS:
                refusals.append(too_many_tags(directory_id, len(tags_change["after"])))
        after = dict(current, **settings, ip_group_ids=group_ids, tags=tags_change["after"] if tags_change else current.get("tags") or {})
        return ResourcePlan(current, changes, steps + tags_steps, refusals, warnings, after=after)


DIRECTORY = Directory()
