# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Creating WorkSpaces for users, idempotently per (directory, user): the verb ``Create`` on the engine's runner.

The steps are the runner's, keyed by user instead of by WorkSpace ID: check the request against the model -> find
the users' WorkSpaces in the directory -> classify each user (``plan_creation``, pure) -> refuse before any change
when a user's old WorkSpace is still on its way out -> create in batches (FailedRequests collected) -> optionally
wait until AVAILABLE -> one result shape.
"""

from collections import namedtuple

from ansible_collections.euc.aws.plugins.module_utils.actions import Verb
from ansible_collections.euc.aws.plugins.module_utils.actions import interrupted
from ansible_collections.euc.aws.plugins.module_utils.actions import landing_as_text
from ansible_collections.euc.aws.plugins.module_utils.actions import wait_problems
from ansible_collections.euc.aws.plugins.module_utils.states import AVAILABLE
from ansible_collections.euc.aws.plugins.module_utils.states import FAILURE_STATES
from ansible_collections.euc.aws.plugins.module_utils.states import TERMINATING_STATES
from ansible_collections.euc.aws.plugins.module_utils.tagging import MOST_TAGS
from ansible_collections.euc.aws.plugins.module_utils.tagging import tag_problems
from ansible_collections.euc.aws.plugins.module_utils.users import first_spellings
from ansible_collections.euc.aws.plugins.module_utils.users import user_key
from ansible_collections.euc.aws.plugins.module_utils.users import workspaces_of_users
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import BatchOutcome
from ansible_collections.euc.aws.plugins.module_utils.workspaces import Interrupted
from ansible_collections.euc.aws.plugins.module_utils.workspaces import WorkSpacesErrorHandler
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_in_batches
from ansible_collections.euc.aws.plugins.module_utils.workspaces import string_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import strings_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import wait_for_state

# AWS sets the auto-stop time in 60-minute steps; the service model does not carry that rule.
AUTO_STOP_STEP_MINUTES = 60

# Module option (under workspace_properties) -> WorkspaceProperties member.
PROPERTIES = {
    "running_mode": "RunningMode",
    "running_mode_auto_stop_timeout_in_minutes": "RunningModeAutoStopTimeoutInMinutes",
    "root_volume_size_gib": "RootVolumeSizeGib",
    "user_volume_size_gib": "UserVolumeSizeGib",
    "compute_type_name": "ComputeTypeName",
}
# Module option -> WorkspaceRequest member, besides the directory, user, bundle, properties and tags.
ENCRYPTION = {
    "volume_encryption_key": "VolumeEncryptionKey",
    "root_volume_encryption_enabled": "RootVolumeEncryptionEnabled",
    "user_volume_encryption_enabled": "UserVolumeEncryptionEnabled",
}


class CreateRequest(namedtuple("CreateRequest", ["directory_id", "bundle_id", "properties", "tags", "encryption"])):
    """What every WorkSpace of one run is created with; ``properties`` and ``encryption`` hold module option names."""

    @classmethod
    def from_options(cls, directory_id, bundle_id, workspace_properties=None, tags=None, **encryption):
        properties = {name: value for name, value in (workspace_properties or {}).items() if value is not None}
        return cls(directory_id, bundle_id, properties, dict(tags or {}), {k: v for k, v in encryption.items() if v is not None})

    def for_user(self, user_name):
        """The CreateWorkspaces request for one user."""
        request = {"DirectoryId": self.directory_id, "UserName": user_name, "BundleId": self.bundle_id}
        if self.properties:
            request["WorkspaceProperties"] = {PROPERTIES[name]: value for name, value in self.properties.items()}
        if self.tags:
            request["Tags"] = [{"Key": key, "Value": value} for key, value in self.tags.items()]
        request.update({ENCRYPTION[name]: value for name, value in self.encryption.items()})
        return request

    def wanted(self):
        """What an existing WorkSpace is compared with: the bundle and whatever else was given (snake_case)."""
        return dict(bundle_id=self.bundle_id, **self.properties, **self.encryption)


def present_settings(workspace):
    """An existing WorkSpace's settings, keyed as CreateRequest.wanted() keys them."""
    properties = workspace.get("WorkspaceProperties") or {}
    settings = {"bundle_id": workspace.get("BundleId")}
    settings.update({name: properties.get(member) for name, member in PROPERTIES.items()})
    settings.update({name: workspace.get(member) for name, member in ENCRYPTION.items()})
    return settings


def request_problems(service_model, request, user_names):
    """Everything the service would refuse in this run's input, each named by its module option (pure)."""
    problems = []

    def check_string(option, value, shape_name):
        problems.extend(string_problems(service_model, option, value, shape_name))

    check_string("directory_id", request.directory_id, "DirectoryId")
    check_string("bundle_id", request.bundle_id, "BundleId")
    problems.extend(strings_problems(service_model, "user_names:", user_names, "UserName"))
    properties = request.properties
    if "running_mode" in properties:
        check_string("workspace_properties.running_mode", properties["running_mode"], "RunningMode")
    if "compute_type_name" in properties:
        check_string("workspace_properties.compute_type_name", properties["compute_type_name"], "Compute")
    timeout = properties.get("running_mode_auto_stop_timeout_in_minutes")
    if timeout is not None:
        if properties.get("running_mode") == "ALWAYS_ON":
            problems.append("workspace_properties.running_mode_auto_stop_timeout_in_minutes applies to AUTO_STOP only, not ALWAYS_ON")
        if timeout <= 0 or timeout % AUTO_STOP_STEP_MINUTES:
            problems.append(
                f"workspace_properties.running_mode_auto_stop_timeout_in_minutes must be a positive multiple of "
                f"{AUTO_STOP_STEP_MINUTES}, got {timeout}"
            )
    if len(request.tags) > MOST_TAGS:
        problems.append(f"tags: {len(request.tags)} given, AWS allows at most {MOST_TAGS} a WorkSpace")
    problems.extend(tag_problems(service_model, request.tags))
    return problems


# ---------------------------------------------------------------------------------------------
# Planning (pure) and creating
# ---------------------------------------------------------------------------------------------


class FailedCreateRequest(namedtuple("FailedCreateRequest", ["user_name", "error_code", "error_message"])):
    """One FailedRequests entry of CreateWorkspaces; AWS echoes the request, so the user names it."""

    @classmethod
    def from_api(cls, entry):
        return cls((entry.get("WorkspaceRequest") or {}).get("UserName"), entry.get("ErrorCode"), entry.get("ErrorMessage"))

    def as_result(self):
        return self._asdict()

    def __str__(self):
        return f"{self.user_name} ({self.error_code}: {self.error_message})"


class Created(namedtuple("Created", ["user_name", "workspace_id"])):
    def as_result(self):
        return {"workspace_id": self.workspace_id, "user_name": self.user_name}

    def __str__(self):
        return f"{self.user_name} ({self.workspace_id})"


class CreationPlan(namedtuple("CreationPlan", ["requested", "to_create", "present", "terminating", "found", "wanted"])):
    """What creating WorkSpaces for ``requested`` users means, given their WorkSpaces in the directory (``found``).

    ``present`` and ``terminating`` map each such user to the WorkSpace found for them.
    """

    @property
    def executable(self):
        return not self.terminating

    def preview(self):
        """The result in check mode: the users who would get a WorkSpace, with no ID yet."""
        return self.result([Created(name, None) for name in self.to_create])

    def refusal(self):
        waiting = ", ".join(f"{name} ({self.terminating[name]['WorkspaceId']}, {self.terminating[name]['State']})" for name in self.terminating)
        return AnsibleWorkSpacesError(
            message=(
                "Nothing was created: AWS refuses a new WorkSpace for a user until the old one is gone, and these users' "
                f"WorkSpaces are still being terminated: {waiting}. Wait until they are gone (workspaces_terminate with "
                "wait=true), or leave the users out."
            ),
            terminating=[{"user_name": name, "workspace_id": ws["WorkspaceId"], "state": ws["State"]} for name, ws in self.terminating.items()],
            **self.result([]),
        )

    def differences(self):
        """Per user already present: what differs from what this run asks for (changing it is not this module's job)."""
        differences = []
        for name, workspace in self.present.items():
            present = present_settings(workspace)
            for field, wanted in self.wanted.items():
                if present.get(field) != wanted:
                    differences.append(
                        {"user_name": name, "workspace_id": workspace["WorkspaceId"], "field": field, "present": present.get(field), "wanted": wanted}
                    )
        return differences

    def result(self, created, failed_requests=()):
        return {
            "changed": bool(created),
            "created": [item.as_result() for item in created],
            "already_present": [
                {"user_name": name, "workspace_id": ws["WorkspaceId"], "state": ws["State"]} for name, ws in self.present.items()
            ],
            "differences": self.differences(),
            "failed_requests": [failure.as_result() for failure in failed_requests],
            "workspaces": list(self.found),
        }


def plan_creation(user_names, found_workspaces, request):
    """Classify each requested user by the WorkSpaces found for them in the directory (pure).

    Users count once whatever their case (the first spelling given is kept). A user with a WorkSpace in any state
    but TERMINATING/TERMINATED is already present; one whose only WorkSpace is TERMINATING/TERMINATED cannot get
    a new one yet; the others get one.
    """
    first_spelling = {}
    for name in user_names:
        first_spelling.setdefault(user_key(name), name)
    requested = list(first_spelling.values())
    by_user = {}
    for workspace in found_workspaces:
        key = user_key(workspace.get("UserName", ""))
        current = by_user.get(key)
        if current is None or current["State"] in TERMINATING_STATES:
            by_user[key] = workspace
    present = {name: by_user[user_key(name)] for name in requested if user_key(name) in by_user and by_user[user_key(name)]["State"] not in TERMINATING_STATES}
    terminating = {name: by_user[user_key(name)] for name in requested if user_key(name) in by_user and name not in present}
    return CreationPlan(
        requested=requested,
        to_create=[name for name in requested if user_key(name) not in by_user],
        present=present,
        terminating=terminating,
        found=[by_user[user_key(name)] for name in requested if user_key(name) in by_user],
        wanted=request.wanted(),
    )


def create_batch(client, request):
    """One CreateWorkspaces call for a batch of users, as a BatchOutcome of Created and FailedCreateRequest."""

    @WorkSpacesErrorHandler.common_error_handler("create workspaces")
    def create(user_names):
        response = client.create_workspaces(Workspaces=[request.for_user(name) for name in user_names], aws_retry=True)
        ids_by_user = {user_key(pending["UserName"]): pending["WorkspaceId"] for pending in response.get("PendingRequests", [])}
        return BatchOutcome(
            [Created(name, ids_by_user[user_key(name)]) for name in user_names if user_key(name) in ids_by_user],
            [FailedCreateRequest.from_api(entry) for entry in response.get("FailedRequests", [])],
        )

    return create


def create_workspaces(client, limits, plan, request, max_workers=1):
    """Create ``plan.to_create`` in batches of the API's limit; fail naming every FailedRequests entry by user."""
    try:
        outcome = act_in_batches(create_batch(client, request), plan.to_create, limits.create_batch_size, max_workers)
    except Interrupted as error:
        raise interrupted(error, plan.result(error.outcome.succeeded, error.outcome.failed_requests)) from error
    if outcome.failed_requests:
        raise AnsibleWorkSpacesError(
            message=f"Failed to create {len(outcome.failed_requests)} WorkSpace(s): " + "; ".join(str(f) for f in outcome.failed_requests),
            **plan.result(outcome.succeeded, outcome.failed_requests),
        )
    return outcome.succeeded


def wait_until_available(client, limits, plan, created, wait_timeout, max_workers=1):
    """Wait until every WorkSpace created is AVAILABLE (AUTO_STOP ones start AVAILABLE too)."""
    user_of = {item.workspace_id: item.user_name for item in created}
    try:
        outcome = wait_for_state(
            client,
            [item.workspace_id for item in created],
            limits.describe_batch_size,
            wait_timeout,
            AVAILABLE,
            failure_states=FAILURE_STATES,
            max_workers=max_workers,
        )
    except AnsibleWorkSpacesError as error:
        raise AnsibleWorkSpacesError(
            message=f"Created {', '.join(map(str, created))}, then waiting for them to become AVAILABLE failed: {error.message}",
            exception=error.exception,
            **plan.result(created),
        ) from error
    problems = wait_problems(
        outcome, "become AVAILABLE", wait_timeout, describe=lambda i, state: f"{landing_as_text(i, state)} of {user_of[i]}"
    )
    if problems:
        raise AnsibleWorkSpacesError(
            message=f"Created {', '.join(map(str, created))}, but " + "; ".join(problems),
            wait_failed=[{"workspace_id": i, "user_name": user_of[i], "state": state} for i, state in outcome.failed],
            not_ready=[{"workspace_id": i, "user_name": user_of[i], "state": state} for i, state in outcome.not_ready],
            **plan.result(created),
        )


class Create(Verb):
    """CreateWorkspaces for users who have no WorkSpace in the directory; its plan is by user (CreationPlan)."""

    name = "create"
    past = "created"
    operation = "CreateWorkspaces"
    done_key = "created"

    @staticmethod
    def request(params):
        return CreateRequest.from_options(
            params["directory_id"],
            params["bundle_id"],
            params["workspace_properties"],
            params["tags"],
            volume_encryption_key=params["volume_encryption_key"],
            root_volume_encryption_enabled=params["root_volume_encryption_enabled"],
            user_volume_encryption_enabled=params["user_volume_encryption_enabled"],
        )

    def option_problems(self, service_model, params):
        return request_problems(service_model, self.request(params), params["user_names"])

    def plan(self, client, limits, params, max_workers):
        request = self.request(params)
        if not params["user_names"]:
            return plan_creation([], [], request)
        by_user = workspaces_of_users(client, request.directory_id, first_spellings(params["user_names"]), max_workers)
        return plan_creation(params["user_names"], [ws for workspaces in by_user.values() for ws in workspaces], request)

    def apply(self, run, plan):
        created = create_workspaces(run.client, run.limits, plan, self.request(run.params), run.max_workers)
        if run.params["wait"] and created:
            wait_until_available(run.client, run.limits, plan, created, run.params["wait_timeout"], run.max_workers)
        return plan.result(created)


CREATE = Create()
