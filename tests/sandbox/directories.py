# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Directories registered with WorkSpaces: RegisterWorkspaceDirectory and DeregisterWorkspaceDirectory as the timed
transitions AWS shows, and DescribeWorkspaceDirectories with everything AWS shows, in pages.

moto registers a directory at once (REGISTERED), deregisters at once, raises a KeyError (a 500) for a directory it
does not know, returns every directory at once, refuses IDs the model allows, and leaves out of its answer every
member that is false or empty (``ipGroupIds`` among them). ``settle_directories`` ends the transitions whose time has
come, before anything reads a directory, as ``settle`` does for WorkSpaces.
"""

import copy

import botocore.session
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ds.models import ds_backends
from moto.ec2.models import ec2_backends

from .paging import in_places
from .paging import paged
from .paging import with_token
from .state import ApiError
from .state import Transition
from .state import backend_of
from .tags import merged_tags

OPERATION = "DescribeWorkspaceDirectories"

# Recorded from the real service (/work/shared/REAL-API.md).
NOT_ACTIVE = (
    "InvalidResourceStateException",
    "The specified directory is not in a valid state. Confirm that the directory has a status of Active, and try again.",
)
HAS_WORKSPACES = (
    "OperationNotSupportedException",
    "There are WorkSpaces assigned to this directory. You must remove the WorkSpaces before you deregister the directory.",
)
# The model's documentation of the exception, which is all AWS says of it.
DEFAULT_ROLE_MISSING = (
    "WorkspacesDefaultRoleNotFoundException",
    "The workspaces_DefaultRole role could not be found. If this is the first time you are registering a directory, you "
    "will need to create the workspaces_DefaultRole role before you can register a directory.",
)
# The codes are the model's errors of these calls; AWS does not document the messages, which are the sandbox's.
NOT_FOUND = ("ResourceNotFoundException", "The specified directory could not be found in the specified region.")
ALREADY_REGISTERED = ("ResourceAlreadyExistsException", "The specified directory is already registered with WorkSpaces.")
BEING_REGISTERED = ("InvalidResourceStateException", "The specified directory is being registered: wait until it is REGISTERED.")
NOT_REGISTERED = ("InvalidResourceStateException", "The specified directory is not REGISTERED.")
NO_DIRECTORY_ID = ("InvalidParameterValuesException", "DirectoryId is required to register a directory of Directory Service.")
UNKNOWN_SUBNET = "The subnet {subnet} could not be found."
SUBNET_ELSEWHERE = "The subnet {subnet} is not in the directory's VPC {vpc}."
SAME_ZONE = ("InvalidParameterValuesException", "The subnets must be in different Availability Zones.")
# What a registration that fail_registration arms ends with: ERROR, and this ErrorMessage unless the test gives one.
REGISTRATION_FAILED = "The directory could not be registered: its subnets or DNS servers could not be reached."
# Failures tests may arm by their code alone (fail_requests), with AWS's message.
REFUSALS = dict((NOT_ACTIVE, DEFAULT_ROLE_MISSING, HAS_WORKSPACES))

# What AWS shows of a directory it has just registered, where moto shows other values: empty members left out of the
# creation properties, SAML off with its default relay state parameter, no IP group (an empty list, not left out).
DEFAULT_SAML = {"Status": "DISABLED", "RelayStateParameterName": "RelayState"}
DEFAULT_CERTIFICATE_BASED_AUTH = {"Status": "DISABLED"}
# WorkspaceDirectory member -> the attribute of moto's WorkSpaceDirectory holding it.
SHOWN = {
    "DirectoryId": "directory_id", "Alias": "alias", "DirectoryName": "directory_name",
    "RegistrationCode": "registration_code", "SubnetIds": "subnet_ids", "DnsIpAddresses": "dns_ip_addresses",
    "CustomerUserName": "customer_username", "IamRoleId": "iam_rold_id", "DirectoryType": "directory_type",
    "WorkspaceSecurityGroupId": "workspace_security_group_id", "State": "state",
    "WorkspaceCreationProperties": "workspace_creation_properties", "ipGroupIds": "ip_group_ids",
    "WorkspaceAccessProperties": "workspace_access_properties", "Tenancy": "tenancy",
    "SelfservicePermissions": "self_service_permissions", "SamlProperties": "saml_properties",
    "CertificateBasedAuthProperties": "certificate_based_auth_properties", "ErrorMessage": "error_message",
}
# Only what the installed botocore's model has (an older one lacks some members; its parser would drop them anyway).
MODEL_MEMBERS = frozenset(
    botocore.session.get_session().get_service_model("workspaces").shape_for("WorkspaceDirectory").members
)


def directory_service(region):
    return ds_backends[DEFAULT_ACCOUNT_ID][region]


def described(directory):
    """DescribeWorkspaceDirectories' entry for a directory, as AWS shows it."""
    entry = {member: getattr(directory, attribute, None) for member, attribute in SHOWN.items() if member in MODEL_MEMBERS}
    return copy.deepcopy({member: value for member, value in entry.items() if value is not None})


def as_aws_registers(directory):
    """Give moto's new directory what AWS shows of a directory being registered."""
    directory.state = "REGISTERING"
    directory.error_message = None
    directory.ip_group_ids = []
    directory.workspace_creation_properties = {
        member: value for member, value in directory.workspace_creation_properties.items() if value != ""
    }
    directory.saml_properties = dict(DEFAULT_SAML)
    directory.certificate_based_auth_properties = dict(DEFAULT_CERTIFICATE_BASED_AUTH)


def check_subnets(region, source, subnet_ids):
    """AWS's refusals of the subnets a registration names: they must exist, be in the directory's VPC, and lie in
    different Availability Zones. Without subnets, the directory's own are used."""
    if not subnet_ids:
        return
    vpc_id = (source.vpc_settings or source.connect_settings)["VpcId"]
    ec2 = ec2_backends[DEFAULT_ACCOUNT_ID][region]
    zones = set()
    for subnet_id in subnet_ids:
        subnet = next((zone[subnet_id] for zone in ec2.subnets.values() if subnet_id in zone), None)
        if subnet is None:
            raise ApiError(400, "InvalidParameterValuesException", UNKNOWN_SUBNET.format(subnet=subnet_id))
        if subnet.vpc_id != vpc_id:
            raise ApiError(400, "InvalidParameterValuesException", SUBNET_ELSEWHERE.format(subnet=subnet_id, vpc=vpc_id))
        zones.add(subnet.availability_zone)
    if len(zones) < len(subnet_ids):
        raise ApiError(400, *SAME_ZONE)


class Directories:
    """Mixed into WorkSpacesFidelity."""

    def describe_workspace_directories(self, params, _environ, region):
        page_size = params.get("Limit", self.model.most(OPERATION, "Limit"))
        directories = backend_of(region).workspace_directories
        wanted = params.get("DirectoryIds")
        with self.lock:
            self.settle_directories(region)
            placed = in_places(self.region_state(region).directory_places, directories, wanted)
            page, token = paged(placed, params, OPERATION, ("DirectoryIds",), page_size)
            entries = [described(directory) for directory in page]
        return 200, with_token({"Directories": entries}, token)

    def register_workspace_directory(self, params, _environ, region):
        directory_id = params.get("DirectoryId")
        if directory_id is None:
            raise ApiError(400, *NO_DIRECTORY_ID)
        backend = backend_of(region)
        with self.lock:
            self.settle_directories(region)
            if directory_id in backend.workspace_directories:
                raise ApiError(400, *ALREADY_REGISTERED)
            source = directory_service(region).directories.get(directory_id)
            if source is None:
                raise ApiError(400, *NOT_FOUND)
            check_subnets(region, source, params.get("SubnetIds"))
            backend.register_workspace_directory(
                directory_id=directory_id,
                subnet_ids=params.get("SubnetIds"),
                enable_self_service=params.get("EnableSelfService", False),
                tenancy=params.get("Tenancy"),
                tags=merged_tags([], params.get("Tags") or []),
            )
            directory = backend.workspace_directories[directory_id]
            as_aws_registers(directory)
            self.begin_directory_transition(region, directory, "registering", "REGISTERED")
        return 200, {"DirectoryId": directory_id, "State": "REGISTERING"}

    def deregister_workspace_directory(self, params, _environ, region):
        directory_id = params["DirectoryId"]
        with self.lock:
            directory = self.directory_called(region, directory_id)
            if directory.state == "DEREGISTERING":
                return 200, {}  # deregistering again is accepted; its clock does not restart
            if directory.state == "REGISTERING":
                raise ApiError(400, *BEING_REGISTERED)
            if self.has_workspaces(region, directory_id):
                raise ApiError(400, *HAS_WORKSPACES)
            directory.state = "DEREGISTERING"
            self.begin_directory_transition(region, directory, "deregistering", None)
        return 200, {}

    # -- shared by the calls on a directory --------------------------------------------------------

    def directory_called(self, region, directory_id):
        """moto's registered directory a call acts on, or AWS's ResourceNotFoundException. Call with the lock held."""
        self.settle_directories(region)
        directory = backend_of(region).workspace_directories.get(directory_id)
        if directory is None:
            raise ApiError(400, *NOT_FOUND)
        return directory

    def has_workspaces(self, region, directory_id):
        """Whether any WorkSpace is in the directory, one being terminated included. Call with the lock held."""
        present = (workspace for workspace in backend_of(region).workspaces.values())
        leaving = (workspace for workspace, _phase in self.still_visible(region))
        return any(workspace.directory_id == directory_id for workspaces in (present, leaving) for workspace in workspaces)

    # -- the clock ---------------------------------------------------------------------------------

    def begin_directory_transition(self, region, directory, duration, final):
        transitions = self.region_state(region).directory_transitions
        transitions[directory.directory_id] = Transition(self.clock(), duration, final)

    def settle_directories(self, region):
        """End every directory transition whose time has come. Call with the lock held."""
        transitions = self.region_state(region).directory_transitions
        now = self.clock()
        for directory_id, transition in list(transitions.items()):
            if now - transition.started >= self.transition_seconds[transition.duration]:
                del transitions[directory_id]
                self.end_directory_transition(region, directory_id, transition.final)

    def end_directory_transition(self, region, directory_id, final):
        backend = backend_of(region)
        if final is None:
            backend.deregister_workspace_directory(directory_id)  # moto's: drops it and its security group
            self.region_state(region).directory_places.forget(directory_id)
            return
        directory = backend.workspace_directories[directory_id]
        message = self.faults.failing_registrations.pop((region, directory_id), None)
        directory.state, directory.error_message = (final, None) if message is None else ("ERROR", message)

    # -- for tests -----------------------------------------------------------------------------

    def registered_now(self, region, directory_id):
        """End the directory's registration under way at once (seed_directory's directories are REGISTERED)."""
        with self.lock:
            transition = self.region_state(region).directory_transitions.pop(directory_id, None)
            if transition is not None:
                self.end_directory_transition(region, directory_id, transition.final)

    def fail_registration(self, region, directory_id, message=None):
        """The directory's registration under way, or else its next, ends in ERROR with this ErrorMessage."""
        with self.lock:
            self.faults.failing_registrations[(region, directory_id)] = message or REGISTRATION_FAILED

    def directory_state_of(self, region, directory_id):
        """What DescribeWorkspaceDirectories would show as the directory's State now; None when it is not shown."""
        with self.lock:
            self.settle_directories(region)
            directory = backend_of(region).workspace_directories.get(directory_id)
            return None if directory is None else directory.state
