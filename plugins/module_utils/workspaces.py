# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Amazon WorkSpaces API use shared by the euc.aws modules and plugins.

Three layers, each usable on its own:
- pure helpers (ID checks, batching) that need neither Ansible nor boto3;
- thin API wrappers that batch to the service's limits (read from botocore's model), follow paging, retry
  throttling and turn botocore errors into AnsibleWorkSpacesError;
- the generic steps every action shares: act in batches collecting FailedRequests, act on one WorkSpace a call
  collecting each one's refusal the same way, wait until each WorkSpace has settled.
The actions themselves (which states each acts on, what its result says) are data in actions.py.
"""

import re
import time
from collections import namedtuple
from datetime import timezone

try:
    import botocore
    import botocore.exceptions
    import botocore.session
except ImportError:
    pass  # AnsibleAWSModule reports a missing botocore to the user

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.cloud import BackoffIterator
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

from ansible_collections.euc.aws.plugins.module_utils.concurrency import THROTTLING_ERROR_CODES
from ansible_collections.euc.aws.plugins.module_utils.concurrency import map_bounded
from ansible_collections.euc.aws.plugins.module_utils.concurrency import run_bounded
from ansible_collections.euc.aws.plugins.module_utils.messages import named

# The actions that take a list of {"WorkspaceId": ...} requests and answer with FailedRequests.
BATCHED_ACTIONS = ("TerminateWorkspaces", "StartWorkspaces", "StopWorkspaces", "RebootWorkspaces", "RebuildWorkspaces")

# AWS leaves fields out until they have a value (a PENDING WorkSpace has no IP address yet); results always
# carry these, as None when absent, so that playbooks can rely on them.
ALWAYS_RETURNED_FIELDS = ("WorkspaceId", "UserName", "State", "DirectoryId", "BundleId", "ComputerName", "IpAddress", "WorkspaceProperties")

# The state a WorkSpace has once DescribeWorkspaces no longer returns it.
GONE = None

# How the APIs that take one WorkSpace a call (ModifyWorkspaceState, RestoreWorkspace, MigrateWorkspace,
# ModifyWorkspaceProperties) refuse that one WorkSpace: as an exception, where the batched APIs answer with a
# FailedRequests entry. Any other error is an error of the call itself and stops the run.
PER_WORKSPACE_REFUSAL_CODES = frozenset(
    (
        "InvalidResourceStateException",
        "OperationInProgressException",
        "UnsupportedWorkspaceConfigurationException",
        "InvalidParameterValuesException",
        "ResourceNotFoundException",
        "OperationNotSupportedException",
    )
)
# AWS answers OperationInProgressException while an earlier change to the WorkSpace is still settling, and asks to
# "try again in a moment". Jittered waits of at most 4, 8, 16, 16 and 16 seconds between six attempts: at most
# a minute in all before the answer counts as that WorkSpace's refusal.
OPERATION_IN_PROGRESS_ATTEMPTS = 6
OPERATION_IN_PROGRESS_FIRST_DELAY = 4
OPERATION_IN_PROGRESS_MAX_DELAY = 16

WAIT_FIRST_INTERVAL = 2.0
WAIT_MAX_INTERVAL = 15.0
WAIT_BACKOFF = 1.5


class AnsibleWorkSpacesError(AnsibleAWSError):
    """Any failure of a WorkSpaces step. ``kwargs`` carries the result gathered before the failure."""


class Interrupted(AnsibleWorkSpacesError):
    """A run of calls that an error of a call itself stopped midway, built with what it had done by then.

    ``outcome`` holds what the calls that did answer did (a BatchOutcome, or a OneAtATimeOutcome), ``unknown`` the
    items whose call failed (AWS may or may not have acted on them) and ``not_attempted`` those never sent.
    """

    def __init__(self, message, outcome, unknown, not_attempted, exception=None):
        super().__init__(message=message, exception=exception)
        self.outcome = outcome
        self.unknown = list(unknown)
        self.not_attempted = list(not_attempted)

    def with_outcome(self, outcome):
        """The same interruption, reporting ``outcome`` instead (the same items, told in more detail)."""
        return Interrupted(self.message, outcome, self.unknown, self.not_attempted, exception=self.exception)


class WorkSpacesErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleWorkSpacesError


# botocore's NoCredentialsError says only "Unable to locate credentials", none of the places it looked in.
NO_CREDENTIALS_HELP = (
    "AWS credentials come from the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE), from the "
    "profile option (or access_key and secret_key) of the module or the inventory file, or, in AWX, from an Amazon Web "
    "Services credential on the job template or the inventory source"
)


def missing_credentials(error):
    """Whether ``error`` is botocore's NoCredentialsError, or was caused by it (an AnsibleAWSError's ``exception``, or a
    ``raise ... from`` chain)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, botocore.exceptions.NoCredentialsError):
            return True
        seen.add(id(error))
        error = getattr(error, "exception", None) or error.__cause__
    return False


def error_text(error):
    """An AnsibleWorkSpacesError as text: its message and its AWS error's, as amazon.aws words a failure, and where
    credentials come from when the cause is that botocore found none."""
    text = f"{error.message}: {error.exception}" if error.exception else error.message
    return and_then(text, NO_CREDENTIALS_HELP) if missing_credentials(error) else text


def and_then(text, sentence):
    """``text`` followed by ``sentence``, with one full stop between them, whether or not ``text`` (often AWS's) ends
    with one."""
    return f"{text.rstrip('.')}. {sentence}"


def fail_module(module, error, **result):
    """The one way our modules fail: with the AWS error's details when there is one, and ``result`` so far."""
    if missing_credentials(error):
        module.fail_json(msg=error_text(error), **result)
    if error.exception:
        module.fail_json_aws(error.exception, msg=error.message, **result)
    module.fail_json(msg=error.message, **result)


def workspaces_retry(retries=10, delay=1, max_delay=30, backoff=None):
    """AWSRetry decorator that also retries WorkSpaces' own throttling code (ThrottlingException, not in AWSRetry's list).

    With ``backoff`` (a concurrency.SharedBackoff) every attempt first waits its turn there, so that the calls of a
    run running side by side back off together.
    """
    aws_retry = AWSRetry.jittered_backoff(
        retries=retries, delay=delay, max_delay=max_delay, catch_extra_error_codes=sorted(THROTTLING_ERROR_CODES)
    )
    if backoff is None:
        return aws_retry
    return lambda func: aws_retry(backoff.gate(func))


def operation_in_progress_retry():
    """A retry of OperationInProgressException alone, to stack on the client's workspaces_retry.

    amazon.aws's jittered backoff, but not AWSRetry.jittered_backoff itself: that also retries the throttling and
    server errors the client's own retry has already given up on, which would multiply its attempts. A new
    decorator each time, since a backoff schedule is state that calls running side by side must not share.
    """
    return AWSRetry.base_decorator(
        retries=OPERATION_IN_PROGRESS_ATTEMPTS,
        found=lambda code, codes: code in codes,
        status_code_from_exception=AWSRetry.status_code_from_exception,
        catch_extra_error_codes=("OperationInProgressException",),
        sleep_time_generator=BackoffIterator(
            delay=OPERATION_IN_PROGRESS_FIRST_DELAY, backoff=2, max_delay=OPERATION_IN_PROGRESS_MAX_DELAY, jitter=True
        ),
    )


class ApiLimits(
    namedtuple(
        "ApiLimits",
        ["workspace_id_pattern", "describe_batch_size", "connection_status_batch_size", "create_batch_size", "action_requests"],
    )
):
    """The WorkSpaces API limits this collection respects, read from botocore's service model.

    The model is the data AWS's SDKs are generated from, so the limits follow the service rather than
    a copy kept here. ``action_requests`` maps each batched action (TerminateWorkspaces, RebootWorkspaces, ...)
    to the name of its one list of requests and that list's maximum length.
    """

    @classmethod
    def from_service_model(cls, service_model):
        describe_input = service_model.operation_model("DescribeWorkspaces").input_shape
        return cls(
            workspace_id_pattern=service_model.shape_for("WorkspaceId").metadata["pattern"],
            describe_batch_size=describe_input.members["WorkspaceIds"].metadata["max"],
            connection_status_batch_size=service_model.operation_model("DescribeWorkspacesConnectionStatus")
            .input_shape.members["WorkspaceIds"]
            .metadata["max"],
            create_batch_size=service_model.operation_model("CreateWorkspaces").input_shape.members["Workspaces"].metadata["max"],
            action_requests={
                operation: request_list_of(service_model.operation_model(operation).input_shape)
                for operation in BATCHED_ACTIONS
            },
        )

    @classmethod
    def from_client(cls, client):
        return cls.from_service_model(client.meta.service_model)

    def batch_size(self, operation):
        return self.action_requests[operation][1]

    def requests(self, operation, workspace_ids):
        """The request body of ``operation`` for ``workspace_ids``: one ``{"WorkspaceId": ...}`` entry each."""
        return {self.action_requests[operation][0]: [{"WorkspaceId": workspace_id} for workspace_id in workspace_ids]}


def request_list_of(input_shape):
    """(member name, maximum length) of an action's one list of requests, e.g. ("RebuildWorkspaceRequests", 1)."""
    (name, member), = input_shape.members.items()
    return name, member.metadata["max"]


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


def malformed_ids_problem(malformed, pattern):
    return f"Invalid WorkSpace IDs (each must match {pattern}): {named(malformed, repr)}"


def ensure_well_formed(workspace_ids, pattern):
    malformed = malformed_workspace_ids(workspace_ids, pattern)
    if malformed:
        raise AnsibleWorkSpacesError(message=malformed_ids_problem(malformed, pattern), malformed_ids=malformed)


def string_rules_broken(shape, value):
    """The rules of the model's string ``shape`` that ``value`` breaks (its length, pattern and enum), each worded to
    follow the value: "must match ^wsb-[0-9a-z]{8,63}$"."""
    limits = shape.metadata
    broken = []
    if "min" in limits and len(value) < limits["min"] or "max" in limits and len(value) > limits["max"]:
        broken.append(f"must be {limits.get('min', 0)} to {limits['max']} characters long")
    if "pattern" in limits and not re.fullmatch(limits["pattern"], value):
        broken.append(f"must match {limits['pattern']}")
    if shape.enum and value not in shape.enum:
        broken.append(f"must be one of {', '.join(shape.enum)}")
    return broken


def breakers_by_rule(service_model, shape_name, values, names=None):
    """{rule broken: the names of the values that break it}, in the order first broken, for strings of ``shape_name``;
    ``names`` (by default the values) say which is which in a message: the key of a tag value, say."""
    shape = service_model.shape_for(shape_name)
    breakers = {}
    for value, name in zip(values, values if names is None else names):
        for rule in string_rules_broken(shape, value):
            breakers.setdefault(rule, []).append(name)
    return breakers


def strings_problems(service_model, option, values, shape_name):
    """What the service would refuse in ``values`` (one option's list), one problem per rule broken, naming the values
    that break it (the first ten and their count, when there are more): "user_names: 'a', 'b' must match ..."."""
    return [f"{option} {named(breakers, repr)} {rule}" for rule, breakers in breakers_by_rule(service_model, shape_name, values).items()]


def string_problems(service_model, option, value, shape_name):
    """What the service would refuse in ``value`` for a string of ``shape_name``: its length, pattern and enum."""
    return strings_problems(service_model, option, [value], shape_name)


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


def as_utc_iso(timestamp):
    return timestamp.astimezone(timezone.utc).isoformat() if timestamp else None


def as_connection_status(entry, now):
    """A DescribeWorkspacesConnectionStatus entry as results carry it; all None when AWS gave no entry."""
    entry = entry or {}
    last_connection = entry.get("LastKnownUserConnectionTimestamp")
    return {
        "connection_state": entry.get("ConnectionState"),
        "connection_state_check_timestamp": as_utc_iso(entry.get("ConnectionStateCheckTimestamp")),
        "last_known_user_connection_timestamp": as_utc_iso(last_connection),
        "days_since_last_connection": (now - last_connection).days if last_connection else None,
    }


def next_wait_interval(interval):
    return min(interval * WAIT_BACKOFF, WAIT_MAX_INTERVAL)


# ---------------------------------------------------------------------------------------------
# API wrappers
# ---------------------------------------------------------------------------------------------


def all_pages(call, result_key, **params):
    """Every item of a paginated call, following NextToken to the last page, each page retried on its own.

    boto3's paginators bypass the client's retry wrapper and can only be retried as a whole walk: one throttled
    page of a long listing would repeat every page before it, and a throttle storm would never let it end.
    """
    items = []
    while True:
        page = call(**params, aws_retry=True)
        items.extend(page.get(result_key, []))
        if not page.get("NextToken"):
            return items
        params = dict(params, NextToken=page["NextToken"])


@WorkSpacesErrorHandler.common_error_handler("describe workspaces")
def describe_workspaces(client, **filters):
    """Every WorkSpace matching ``filters``, following NextToken to the last page."""
    return all_pages(client.describe_workspaces, "Workspaces", **filters)


@WorkSpacesErrorHandler.common_error_handler("describe workspace directories")
def describe_workspace_directories(client, **filters):
    """Every directory registered with WorkSpaces in the client's region, following NextToken to the last page."""
    return all_pages(client.describe_workspace_directories, "Directories", **filters)


def workspaces_regions():
    """The regions botocore's endpoint data has WorkSpaces in (the aws partition).

    Not EC2's DescribeRegions, which amazon.aws's inventory plugins fall back to: EC2 is in regions WorkSpaces is not.
    """
    return botocore.session.get_session().get_available_regions("workspaces")


@WorkSpacesErrorHandler.common_error_handler("describe workspaces connection status")
def describe_connection_status(client, workspace_ids):
    return all_pages(client.describe_workspaces_connection_status, "WorkspacesConnectionStatus", WorkspaceIds=workspace_ids)


def connection_status_by_id(client, limits, workspace_ids, max_workers):
    """DescribeWorkspacesConnectionStatus entries by WorkSpace ID: one call per 25 IDs (the API's limit), on the pool.

    AWS returns no entry for some WorkSpaces (new ones, some in ERROR); they are simply absent here.
    """
    batches = in_batches(list(workspace_ids), limits.connection_status_batch_size)
    pages = map_bounded(lambda batch: describe_connection_status(client, batch), batches, max_workers)
    return {entry["WorkspaceId"]: entry for page in pages for entry in page}


@WorkSpacesErrorHandler.common_error_handler("describe workspace tags")
def describe_tags(client, workspace_id):
    """The WorkSpace's tags as a dict; empty when it is gone (terminated since it was listed)."""
    try:
        return boto3_tag_list_to_ansible_dict(client.describe_tags(ResourceId=workspace_id, aws_retry=True).get("TagList", []))
    except is_boto3_error_code("ResourceNotFoundException"):
        return {}


def tags_by_id(client, workspace_ids, max_workers):
    """Each WorkSpace's tags: DescribeTags takes one resource a call, so the calls run side by side on the pool."""
    workspace_ids = list(workspace_ids)
    return dict(zip(workspace_ids, map_bounded(lambda workspace_id: describe_tags(client, workspace_id), workspace_ids, max_workers)))


def describe_workspaces_by_ids(client, workspace_ids, batch_size, max_workers=1):
    """The WorkSpaces DescribeWorkspaces still returns among ``workspace_ids``, one call per ``batch_size`` IDs.

    The calls run on the pool, at most ``max_workers`` at once; what they return keeps the order of the batches.
    """
    pages = map_bounded(lambda batch: describe_workspaces(client, WorkspaceIds=batch), in_batches(workspace_ids, batch_size), max_workers)
    return [workspace for page in pages for workspace in page]


def find_workspaces(client, limits, workspace_ids=None, directory_id=None, user_name=None, bundle_id=None, max_workers=1):
    """WorkSpaces by IDs (in request order, absent ones left out), or by directory/user or bundle, or all of them."""
    if workspace_ids is not None:
        workspace_ids = unique_in_order(workspace_ids)
        ensure_well_formed(workspace_ids, limits.workspace_id_pattern)
        found = describe_workspaces_by_ids(client, workspace_ids, limits.describe_batch_size, max_workers)
        by_id = {ws["WorkspaceId"]: ws for ws in found}
        return [by_id[i] for i in workspace_ids if i in by_id]
    filters = {"DirectoryId": directory_id, "UserName": user_name, "BundleId": bundle_id}
    return describe_workspaces(client, **{key: value for key, value in filters.items() if value})


def with_details(client, limits, workspaces, connection_status=False, tags=False, now=None, max_workers=1):
    """WorkSpaces as results carry them (as_ansible_workspace), with their connection status and tags when asked.

    ``now`` (timezone-aware) is the moment days since the last connection are counted to.
    """
    results = [as_ansible_workspace(ws) for ws in workspaces]
    workspace_ids = [ws["WorkspaceId"] for ws in workspaces]
    if connection_status:
        statuses = connection_status_by_id(client, limits, workspace_ids, max_workers)
        for result, workspace_id in zip(results, workspace_ids):
            result["connection_status"] = as_connection_status(statuses.get(workspace_id), now)
    if tags:
        tags_of = tags_by_id(client, workspace_ids, max_workers)
        for result, workspace_id in zip(results, workspace_ids):
            result["tags"] = tags_of[workspace_id]
    return results


class BatchOutcome(namedtuple("BatchOutcome", ["succeeded", "failed_requests"])):
    """What an action succeeded for, and the FailedRequests entries of the rest."""


def act_on_batch(client, limits, operation, description):
    """One call of a batched action (``operation``) for a batch of IDs, returning its BatchOutcome."""
    call = getattr(client, botocore.xform_name(operation))

    @WorkSpacesErrorHandler.common_error_handler(description)
    def act(workspace_ids):
        response = call(**limits.requests(operation, workspace_ids), aws_retry=True)
        failures = [FailedRequest.from_api(entry) for entry in response.get("FailedRequests", [])]
        failed_ids = {failure.workspace_id for failure in failures}
        return BatchOutcome([i for i in workspace_ids if i not in failed_ids], failures)

    return act


def act_in_batches(action, items, batch_size, max_workers=1, label=str):
    """Run ``action`` (one API call for a batch, returning its BatchOutcome) over all items, in batches.

    Knows nothing of the action, so every verb shares it. At most ``max_workers`` batches are in flight at once;
    results keep the order of ``items``. A call that raises stops new batches from starting and lets those in
    flight finish; the error then names, using ``label`` for items, what was done, what AWS refused, whose
    outcome is unknown (the batches that failed) and what was never sent; it is an Interrupted that carries the same as
    data, so that nothing done is lost. No item is ever sent twice.
    """
    batches = in_batches(items, batch_size)
    run = run_bounded(action, batches, max_workers)
    answered = run.ordered_results()
    outcome = BatchOutcome(
        [item for batch in answered for item in batch.succeeded], [failure for batch in answered for failure in batch.failed_requests]
    )
    if not run.errors:
        return outcome
    first = run.first_error()
    if not isinstance(first, AnsibleWorkSpacesError):
        raise first
    unknown = [item for index in sorted(run.errors) for item in batches[index]]
    never_sent = [item for index in run.not_started for item in batches[index]]
    details = [f"{first.message}: {first.exception}" if first.exception else first.message]
    details.append(f"outcome unknown for {', '.join(map(label, unknown))}")
    if never_sent:
        details.append(f"not attempted: {', '.join(map(label, never_sent))}")
    if outcome.succeeded:
        details.append(f"already done: {', '.join(map(label, outcome.succeeded))}")
    if outcome.failed_requests:
        details.append(f"refused earlier: {'; '.join(str(failure) for failure in outcome.failed_requests)}")
    raise Interrupted("; ".join(details), outcome, unknown, never_sent) from first


class OneAtATimeOutcome(namedtuple("OneAtATimeOutcome", ["succeeded", "failed_requests", "answers"])):
    """What a one-WorkSpace-a-call action succeeded for, each refusal as a FailedRequest, and each success's answer."""


def error_code(error):
    """The AWS error code of a botocore error, or of the one an AnsibleWorkSpacesError wraps; None for anything else."""
    error = getattr(error, "exception", None) or error
    response = getattr(error, "response", None)
    return (response or {}).get("Error", {}).get("Code")


def error_message(error):
    error = getattr(error, "exception", None) or error
    return (getattr(error, "response", None) or {}).get("Error", {}).get("Message")


def act_one_at_a_time(act_one, items, max_workers=1, label=str, workspace_id_of=None):
    """Run ``act_one(item)`` (the call or calls for one WorkSpace) for each item, on the pool, as act_in_batches does.

    An error whose code is in PER_WORKSPACE_REFUSAL_CODES is that item's refusal: a FailedRequest for it (its
    WorkSpace ID from ``workspace_id_of``, the item itself by default), and the others proceed. Any other error
    stops the run exactly as in act_in_batches (an Interrupted whose ``outcome`` is a OneAtATimeOutcome). Each
    success's return value is kept in ``answers[item]``.
    """
    workspace_id_of = workspace_id_of or (lambda item: item)
    answers = {}

    def act_on_batch_of_one(batch):
        (item,) = batch
        try:
            answers[item] = act_one(item)
        except (AnsibleWorkSpacesError, botocore.exceptions.ClientError) as error:
            if error_code(error) not in PER_WORKSPACE_REFUSAL_CODES:
                raise
            return BatchOutcome([], [FailedRequest(workspace_id_of(item), error_code(error), error_message(error))])
        return BatchOutcome([item], [])

    def with_answers(outcome):
        return OneAtATimeOutcome(outcome.succeeded, outcome.failed_requests, {item: answers[item] for item in outcome.succeeded})

    try:
        return with_answers(act_in_batches(act_on_batch_of_one, items, 1, max_workers, label))
    except Interrupted as error:
        raise error.with_outcome(with_answers(error.outcome)) from error


def act_on_one(client, operation, description, request_of):
    """One call of ``operation`` for one WorkSpace (its parameters ``request_of(item)``), OperationInProgress retried.

    Returns the call's answer.
    """
    call = getattr(client, botocore.xform_name(operation))

    @WorkSpacesErrorHandler.common_error_handler(description)
    def act(item):
        return operation_in_progress_retry()(call)(**request_of(item), aws_retry=True)

    return act


class WaitOutcome(namedtuple("WaitOutcome", ["reached", "failed", "not_ready"])):
    """Which WorkSpaces reached the target, which landed elsewhere and which were still on their way.

    ``failed`` and ``not_ready`` hold (workspace_id, state) pairs; the state is None for a WorkSpace no longer
    returned.
    """


# What a wait's verdict says of one WorkSpace; None: still on its way.
REACHED = "reached"
FAILED = "failed"


def state_of(workspace):
    return workspace["State"] if workspace else GONE


class Verdict:
    """How a wait judges one WorkSpace at one look: REACHED, FAILED or None (still on its way).

    Pure: the answer depends on what it is given alone. AWS may answer with a WorkSpace as it was before the action
    for a moment, so a verdict may want to know whether the WorkSpace has moved since (``has_moved``, judged on
    each look); the wait remembers that and gives it to ``judge``.
    """

    def has_moved(self, workspace_id, workspace):  # pylint: disable=unused-argument
        """Whether this look differs from how the WorkSpace was before the action; by default there is no before."""
        return True

    def judge(self, workspace_id, workspace, moved):
        """The answer for ``workspace`` (None once no longer returned), which has ``moved`` at this look or earlier."""
        raise NotImplementedError


def wait_until(client, workspace_ids, batch_size, timeout, verdict, max_workers=1, sleep=None, clock=None, describe=state_of):
    """Poll DescribeWorkspaces (batched, backing off) until ``verdict`` (a Verdict) has settled each of ``workspace_ids``.

    Those that failed, and those still on their way when ``timeout`` runs out, are reported with
    ``describe(workspace)`` of the last look (their state by default).
    """
    sleep = sleep or time.sleep
    clock = clock or time.monotonic
    deadline = clock() + timeout
    interval = WAIT_FIRST_INTERVAL
    remaining = list(workspace_ids)
    moved = set()
    last_seen = {}
    reached = []
    failed = []
    while remaining:
        sleep(max(0.0, min(interval, deadline - clock())))
        interval = next_wait_interval(interval)
        now = {ws["WorkspaceId"]: ws for ws in describe_workspaces_by_ids(client, remaining, batch_size, max_workers)}
        on_the_way = []
        for workspace_id in remaining:
            workspace = now.get(workspace_id)
            if verdict.has_moved(workspace_id, workspace):
                moved.add(workspace_id)
            answer = verdict.judge(workspace_id, workspace, workspace_id in moved)
            if answer == REACHED:
                reached.append(workspace_id)
            elif answer == FAILED:
                failed.append((workspace_id, describe(workspace)))
            else:
                last_seen[workspace_id] = describe(workspace)
                on_the_way.append(workspace_id)
        remaining = on_the_way
        if clock() >= deadline:
            break
    return WaitOutcome(reached, failed, [(workspace_id, last_seen[workspace_id]) for workspace_id in remaining])


class StateVerdict(Verdict):
    """Waiting until each WorkSpace is in its target state (``targets``: ID -> state, or GONE).

    GONE means "no longer returned": TERMINATED is not the end, since AWS still holds the directory's metadata
    until the ID disappears and a new WorkSpace for the same user fails until then. Otherwise a WorkSpace no
    longer returned, or found in one of ``failure_states``, has failed. A WorkSpace still in the state it had
    before the action (``states_before``) has not moved yet: AWS may answer with the old state for a moment, so
    that state neither counts as reached nor as failed until it has changed once.
    """

    def __init__(self, targets, failure_states=(), states_before=None):
        self.targets = targets
        self.failure_states = failure_states
        self.states_before = states_before or {}

    def has_moved(self, workspace_id, workspace):
        state = state_of(workspace)
        return state != self.states_before.get(workspace_id, state)

    def judge(self, workspace_id, workspace, moved):
        state = state_of(workspace)
        target = self.targets[workspace_id]
        settled = moved or workspace_id not in self.states_before
        if state == target and (settled or target is GONE):
            return REACHED
        if state is GONE or (settled and state in self.failure_states):
            return FAILED
        return None


def wait_for_state(
    client, workspace_ids, batch_size, timeout, target, failure_states=(), states_before=None, max_workers=1, sleep=None, clock=None
):
    """Poll until each of ``workspace_ids`` has reached ``target`` (a state, or GONE), as StateVerdict judges."""
    workspace_ids = list(workspace_ids)
    verdict = StateVerdict(dict.fromkeys(workspace_ids, target), failure_states, states_before)
    return wait_until(client, workspace_ids, batch_size, timeout, verdict, max_workers, sleep, clock)
