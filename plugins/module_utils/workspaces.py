# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Amazon WorkSpaces logic shared by the euc.aws modules.

Three layers, each usable on its own:
- pure helpers (ID checks, batching, planning) that need neither Ansible nor boto3;
- thin API wrappers that batch to the service's limits and turn botocore errors into
  AnsibleWorkSpacesError;
- steps that combine them (apply a termination plan, wait until WorkSpaces are gone).
"""

import re
import time
from collections import namedtuple

from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

# WorkSpaces throttles with ThrottlingException ("Rate exceeded"), a code AWSRetry does not retry by default.
THROTTLING_ERROR_CODES = ["ThrottlingException"]

# AWS keeps terminated WorkSpaces visible for a while: TERMINATING, then briefly TERMINATED.
TERMINATING_STATES = frozenset(("TERMINATING", "TERMINATED"))
# TerminateWorkspaces refuses SUSPENDED WorkSpaces (they must be resumed first).
STATES_TERMINATE_REFUSES = frozenset(("SUSPENDED",))

# AWS leaves fields out until they have a value (a PENDING WorkSpace has no IP address yet); results always
# carry these, as None when absent, so that playbooks can rely on them.
ALWAYS_RETURNED_FIELDS = ("WorkspaceId", "UserName", "State", "DirectoryId", "BundleId", "ComputerName", "IpAddress", "WorkspaceProperties")

WAIT_FIRST_INTERVAL = 2.0
WAIT_MAX_INTERVAL = 15.0
WAIT_BACKOFF = 1.5


class AnsibleWorkSpacesError(AnsibleAWSError):
    """Any failure of a WorkSpaces step. ``kwargs`` carries the result gathered before the failure."""


class WorkSpacesErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleWorkSpacesError


def fail_module(module, error, **result):
    """The one way our modules fail: with the AWS error's details when there is one, and ``result`` so far."""
    if error.exception:
        module.fail_json_aws(error.exception, msg=error.message, **result)
    module.fail_json(msg=error.message, **result)


def workspaces_retry(retries=10, delay=1, max_delay=30):
    """AWSRetry decorator that also retries WorkSpaces' own throttling code."""
    return AWSRetry.jittered_backoff(
        retries=retries, delay=delay, max_delay=max_delay, catch_extra_error_codes=THROTTLING_ERROR_CODES
    )


class ApiLimits(namedtuple("ApiLimits", ["workspace_id_pattern", "describe_batch_size", "terminate_batch_size"])):
    """The WorkSpaces API limits this collection respects, read from botocore's service model.

    The model is the data AWS's SDKs are generated from, so the limits follow the service rather than
    a copy kept here.
    """

    @classmethod
    def from_service_model(cls, service_model):
        describe_input = service_model.operation_model("DescribeWorkspaces").input_shape
        terminate_input = service_model.operation_model("TerminateWorkspaces").input_shape
        return cls(
            workspace_id_pattern=service_model.shape_for("WorkspaceId").metadata["pattern"],
            describe_batch_size=describe_input.members["WorkspaceIds"].metadata["max"],
            terminate_batch_size=terminate_input.members["TerminateWorkspaceRequests"].metadata["max"],
        )

    @classmethod
    def from_client(cls, client):
        return cls.from_service_model(client.meta.service_model)


# ---------------------------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------------------------


def unique_in_order(items):
    """The items without repeats, first occurrence kept, so results list IDs in the order asked."""
    return list(dict.fromkeys(items))


def in_batches(items, size):
    """Consecutive slices of at most ``size`` items: the fewest calls an API limit of ``size`` allows."""
    return [items[start:start + size] for start in range(0, len(items), size)]


def malformed_workspace_ids(workspace_ids, pattern):
    # fullmatch: with re.match the model's trailing "$" would also accept an ID followed by a newline.
    return [workspace_id for workspace_id in workspace_ids if not re.fullmatch(pattern, workspace_id)]


def ensure_well_formed(workspace_ids, pattern):
    malformed = malformed_workspace_ids(workspace_ids, pattern)
    if malformed:
        raise AnsibleWorkSpacesError(
            message=f"Invalid WorkSpace IDs (each must match {pattern}): {', '.join(repr(i) for i in malformed)}",
            malformed_ids=malformed,
        )


class TerminationPlan(
    namedtuple("TerminationPlan", ["requested", "to_terminate", "already_absent", "already_terminating", "suspended", "found"])
):
    """What terminating ``requested`` means given what DescribeWorkspaces returned (``found``, in request order)."""

    @property
    def executable(self):
        return not self.suspended

    def present_before(self):
        return [ws["WorkspaceId"] for ws in self.found if ws["State"] not in TERMINATING_STATES]

    def result(self, terminated, failed_requests=()):
        """The module result for this plan once ``terminated`` went (or, in check mode, would go)."""
        terminated_ids = set(terminated)
        present_before = self.present_before()
        return {
            "changed": bool(terminated),
            "terminated": list(terminated),
            "already_absent": list(self.already_absent),
            "already_terminating": list(self.already_terminating),
            "failed_requests": [failure.as_result() for failure in failed_requests],
            "workspaces": list(self.found),
            "diff": {
                "before": {"workspace_ids": present_before},
                "after": {"workspace_ids": [i for i in present_before if i not in terminated_ids]},
            },
        }


def plan_termination(requested_ids, found_workspaces):
    """Classify each requested ID by what DescribeWorkspaces returned for it.

    IDs it did not return are already gone; TERMINATING/TERMINATED ones are on their way out;
    SUSPENDED ones cannot be terminated; everything else is to be terminated.
    """
    requested = unique_in_order(requested_ids)
    by_id = {ws["WorkspaceId"]: ws for ws in found_workspaces}
    found = [by_id[i] for i in requested if i in by_id]
    state_of = {ws["WorkspaceId"]: ws["State"] for ws in found}
    return TerminationPlan(
        requested=requested,
        to_terminate=[i for i in requested if i in state_of and state_of[i] not in TERMINATING_STATES | STATES_TERMINATE_REFUSES],
        already_absent=[i for i in requested if i not in state_of],
        already_terminating=[i for i in requested if state_of.get(i) in TERMINATING_STATES],
        suspended=[i for i in requested if state_of.get(i) in STATES_TERMINATE_REFUSES],
        found=found,
    )


class FailedRequest(namedtuple("FailedRequest", ["workspace_id", "error_code", "error_message"])):
    """One FailedRequests entry of a batched WorkSpaces action."""

    @classmethod
    def from_api(cls, entry):
        return cls(entry.get("WorkspaceId"), entry.get("ErrorCode"), entry.get("ErrorMessage"))

    def as_result(self):
        return self._asdict()

    def __str__(self):
        return f"{self.workspace_id} ({self.error_code}: {self.error_message})"


def as_ansible_workspace(workspace):
    """A DescribeWorkspaces entry as modules return it: snake_case, with every ALWAYS_RETURNED_FIELDS key."""
    complete = dict.fromkeys(ALWAYS_RETURNED_FIELDS)
    complete.update(workspace)
    return boto3_resource_to_ansible_dict(complete, force_tags=False)


def next_wait_interval(interval):
    return min(interval * WAIT_BACKOFF, WAIT_MAX_INTERVAL)


# ---------------------------------------------------------------------------------------------
# API wrappers
# ---------------------------------------------------------------------------------------------


@WorkSpacesErrorHandler.common_error_handler("describe workspaces")
def describe_workspaces(client, **filters):
    """Every WorkSpace matching ``filters``, following NextToken to the last page."""
    paginator = client.get_paginator("describe_workspaces")
    # Paginators bypass the client's retry wrapper, so the whole walk is retried instead.
    return workspaces_retry()(paginator.paginate(**filters).build_full_result)()["Workspaces"]


def describe_workspaces_by_ids(client, workspace_ids, batch_size):
    """The WorkSpaces DescribeWorkspaces still returns among ``workspace_ids``, one call per ``batch_size`` IDs."""
    found = []
    for batch in in_batches(workspace_ids, batch_size):
        found.extend(describe_workspaces(client, WorkspaceIds=batch))
    return found


def find_workspaces(client, limits, workspace_ids=None, directory_id=None, user_name=None, bundle_id=None):
    """WorkSpaces by IDs (in request order, absent ones left out), or by directory/user or bundle, or all of them."""
    if workspace_ids is not None:
        workspace_ids = unique_in_order(workspace_ids)
        ensure_well_formed(workspace_ids, limits.workspace_id_pattern)
        by_id = {ws["WorkspaceId"]: ws for ws in describe_workspaces_by_ids(client, workspace_ids, limits.describe_batch_size)}
        return [by_id[i] for i in workspace_ids if i in by_id]
    filters = {"DirectoryId": directory_id, "UserName": user_name, "BundleId": bundle_id}
    return describe_workspaces(client, **{key: value for key, value in filters.items() if value})


@WorkSpacesErrorHandler.common_error_handler("terminate workspaces")
def _terminate_batch(client, workspace_ids):
    response = client.terminate_workspaces(
        TerminateWorkspaceRequests=[{"WorkspaceId": workspace_id} for workspace_id in workspace_ids], aws_retry=True
    )
    return [FailedRequest.from_api(entry) for entry in response.get("FailedRequests", [])]


class BatchOutcome(namedtuple("BatchOutcome", ["succeeded", "failed_requests"])):
    """IDs an action succeeded for, and the FailedRequests entries of the others."""


def act_in_batches(action, workspace_ids, batch_size):
    """Run ``action`` (one API call for a batch, returning FailedRequest entries) over all IDs.

    Knows nothing of the action, so start/stop/reboot/rebuild can share it. A call that raises stops the
    run: the error says which IDs were in that call (their outcome is unknown) and which were never sent,
    and its ``kwargs["outcome"]`` holds the BatchOutcome of the calls before it, so nothing done is lost.
    """
    succeeded = []
    failed_requests = []
    batches = in_batches(workspace_ids, batch_size)
    for index, batch in enumerate(batches):
        try:
            batch_failures = action(batch)
        except AnsibleWorkSpacesError as error:
            never_sent = [i for later in batches[index + 1:] for i in later]
            details = [f"{error.message}: {error.exception}" if error.exception else error.message]
            details.append(f"outcome unknown for {', '.join(batch)}")
            if never_sent:
                details.append(f"not attempted: {', '.join(never_sent)}")
            if succeeded:
                details.append(f"already done: {', '.join(succeeded)}")
            if failed_requests:
                details.append(f"refused earlier: {'; '.join(str(failure) for failure in failed_requests)}")
            raise AnsibleWorkSpacesError(message="; ".join(details), outcome=BatchOutcome(succeeded, failed_requests)) from error
        failed_ids = {failure.workspace_id for failure in batch_failures}
        succeeded.extend(i for i in batch if i not in failed_ids)
        failed_requests.extend(batch_failures)
    return BatchOutcome(succeeded, failed_requests)


def terminate_workspaces(client, plan, batch_size):
    """Terminate ``plan.to_terminate`` in batches; fail naming every FailedRequests entry.

    Every failure carries ``plan.result`` of what did terminate.
    """
    try:
        outcome = act_in_batches(lambda batch: _terminate_batch(client, batch), plan.to_terminate, batch_size)
    except AnsibleWorkSpacesError as error:
        interrupted = error.kwargs["outcome"]
        raise AnsibleWorkSpacesError(
            message=error.message, **plan.result(interrupted.succeeded, interrupted.failed_requests)
        ) from error
    if outcome.failed_requests:
        raise AnsibleWorkSpacesError(
            message=(
                f"Failed to terminate {len(outcome.failed_requests)} WorkSpace(s): "
                + "; ".join(str(failure) for failure in outcome.failed_requests)
            ),
            **plan.result(outcome.succeeded, outcome.failed_requests),
        )
    return outcome


def wait_until_gone(client, workspace_ids, batch_size, timeout, sleep=None, clock=None):
    """Poll DescribeWorkspaces (batched) until none of ``workspace_ids`` is returned; return the IDs still there.

    TERMINATED is not the end: AWS still holds the directory's metadata until the ID disappears, and a
    new WorkSpace for the same user fails until then. An empty return means all are gone.
    """
    sleep = sleep or time.sleep
    clock = clock or time.monotonic
    deadline = clock() + timeout
    interval = WAIT_FIRST_INTERVAL
    remaining = list(workspace_ids)
    while remaining:
        sleep(max(0.0, min(interval, deadline - clock())))
        interval = next_wait_interval(interval)
        still_there = {ws["WorkspaceId"] for ws in describe_workspaces_by_ids(client, remaining, batch_size)}
        remaining = [i for i in remaining if i in still_there]
        if clock() >= deadline:
            break
    return remaining
