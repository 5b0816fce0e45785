# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The resource pattern: things with a desired state (directories, IP access control groups), reconciled as
Terraform's find / status / wait functions and amazon.aws's ``state: present/absent`` modules do.

The runner's steps are the same for every resource: check the options -> find it -> compare the desired options with
what is there, only the options given (``Resource.plan``, pure) -> refuse before any call what AWS cannot do or what
would open access -> create / modify / delete, one call only for each thing that differs -> wait for the resource's
own states -> one result: the resource as its ``_info`` module returns it, and ``changes`` with before and after.
Check mode and diff mode come from the same plan. A failure midway reports the changes already made.
"""

import time
from collections import namedtuple

from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.euc.aws.plugins.module_utils.concurrency import SharedBackoff
from ansible_collections.euc.aws.plugins.module_utils.workspaces import WAIT_FIRST_INTERVAL
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import fail_module
from ansible_collections.euc.aws.plugins.module_utils.workspaces import next_wait_interval
from ansible_collections.euc.aws.plugins.module_utils.workspaces import workspaces_retry


class ResourcePlan(namedtuple("ResourcePlan", ["current", "changes", "steps", "refusals", "warnings", "after"], defaults=((), ()))):
    """What reconciling a resource takes: ``changes`` ({option: {"before", "after"}}), the ``steps`` that make them
    (each a Step, in the order they must run), why it cannot be done (``refusals``), what the user should know
    (``warnings``), and the resource as it will be (``after``, as the result shows it; None once deleted)."""


class Step(namedtuple("Step", ["option", "call"])):
    """One change: the option it makes true, and ``call(client)`` that makes it (returns the new ID on creation)."""


def changed(before, after):
    return {"before": before, "after": after}


class CreatedId:
    """The ID a creation step gets from AWS, for the steps after it (wait, share) that need it: ``creating(call)`` is
    the step's call, and calling the CreatedId gives the ID once that step has run."""

    def __init__(self):
        self.value = None

    def __call__(self):
        return self.value

    def creating(self, call):
        def create(client):
            self.value = call(client)
            return self.value

        return create


def wait_for_own_state(read, settled, timeout, what, waiting_for):
    """Poll ``read()`` (the resource as results show it; None while AWS does not return it), backing off as the waits
    on WorkSpaces do, until ``settled(resource)``; return that resource. ``settled`` raises AnsibleWorkSpacesError for
    a state that ends the wait in failure (ERROR). Timing out fails, naming ``what`` and its last state."""
    deadline = time.monotonic() + timeout
    interval = WAIT_FIRST_INTERVAL
    while True:
        time.sleep(max(0.0, min(interval, deadline - time.monotonic())))
        interval = next_wait_interval(interval)
        resource = read()
        if settled(resource):
            return resource
        if time.monotonic() >= deadline:
            state = resource.get("state") if resource else "not returned"
            raise AnsibleWorkSpacesError(message=f"{what} was still {state} after {timeout} seconds of waiting for it to {waiting_for}")


def tag_steps(tag_calls, resource_id, current, desired, purge_tags):
    """(change or None, steps): the tags ``desired`` (None: leave them) on a resource that has ``current``.

    amazon.aws's compare_aws_tags decides, so that ``tags`` / ``purge_tags`` mean what they mean there (its purge
    keeps the ``aws:`` tags AWS reserves).
    """
    if desired is None:
        return None, []
    to_set, to_remove = compare_aws_tags(current, desired, purge_tags)
    if not to_set and not to_remove:
        return None, []
    after = {key: value for key, value in current.items() if key not in to_remove}
    after.update({key: str(value) for key, value in to_set.items()})
    steps = []
    if to_remove:
        steps.append(Step("tags", lambda client: tag_calls.remove(client, resource_id(), to_remove)))
    if to_set:
        steps.append(Step("tags", lambda client: tag_calls.set(client, resource_id(), to_set)))
    return changed(current, after), steps


class Resource:
    """A kind of thing with a desired state. A subclass names it and writes its own find, plan and read."""

    noun = None  # in messages: "IP access control group"
    result_key = None  # the result key of the resource as its _info module returns it: "ip_group"

    def option_problems(self, service_model, params):  # pylint: disable=unused-argument
        """What is wrong with the options, before any AWS call."""
        return []

    def find(self, client, params):
        """The resource as the result shows it, or None when there is none."""
        raise NotImplementedError

    def plan(self, current, params):
        """The ResourcePlan of reaching ``params`` from ``current`` (pure)."""
        raise NotImplementedError

    def look_up(self, client, current, params):  # pylint: disable=unused-argument
        """What else the plan needs to know besides the resource itself (read calls only, after ``find``); None:
        nothing."""
        return None

    def plan_with(self, current, params, facts):  # pylint: disable=unused-argument
        """The ResourcePlan, given what ``look_up`` found (pure); by default ``plan(current, params)``."""
        return self.plan(current, params)

    def after_apply(self, client, plan, params, created_id):
        """The resource once the steps ran, read back by its ID (None once deleted)."""
        if plan.after is None:
            return None
        return self.find(client, dict(params, **self.identity(created_id or self.id_of(plan.current))))

    def identity(self, resource_id):
        """The options that name the resource by its ID."""
        raise NotImplementedError

    def extra_result(self, plan):  # pylint: disable=unused-argument
        """Result keys besides ``changed``, ``changes`` and the resource (a bundle's ``previous_image_id``, say)."""
        return {}

    def with_region_clients(self, client_in):  # pylint: disable=unused-argument
        """The resource, told how to get a client of another region (``client_in(region)``): an image copied from
        another region reads its source there. By default a resource needs none."""
        return self

    def id_of(self, current):
        """The ID of the resource as the result shows it."""
        raise NotImplementedError


class Progress:
    """The changes a run has made so far, for a failure midway to report."""

    def __init__(self):
        self.made = {}
        self.created_id = None


def apply_steps(client, plan, progress):
    for step in plan.steps:
        answer = step.call(client)
        if answer and progress.created_id is None and isinstance(answer, str):
            progress.created_id = answer
        progress.made[step.option] = plan.changes[step.option]


def run_resource(client, resource, params, check_mode, diff_mode=False, warn=None):
    """The whole reconciliation: check the options, find, plan, refuse, apply (not in check mode), read back.

    ``warn(message)`` is told what the user should know (an IP group with no rules locks users out, say).
    """
    problems = resource.option_problems(client.meta.service_model, params)
    if problems:
        raise AnsibleWorkSpacesError(message="; ".join(problems), invalid=problems, changed=False, changes={})
    current = resource.find(client, params)
    plan = resource.plan_with(current, params, resource.look_up(client, current, params))
    if plan.refusals:
        raise AnsibleWorkSpacesError(
            message=f"Nothing was changed: {'; '.join(plan.refusals)}", changed=False, changes={}, **{resource.result_key: current}
        )
    for warning in plan.warnings:
        if warn:
            warn(warning)
    result = dict({"changed": bool(plan.changes), "changes": plan.changes, resource.result_key: plan.after}, **resource.extra_result(plan))
    if diff_mode:
        result["diff"] = {"before": current or {}, "after": plan.after or {}}
    if check_mode or not plan.changes:
        return result
    progress = Progress()
    try:
        apply_steps(client, plan, progress)
    except AnsibleWorkSpacesError as error:
        done = ", ".join(progress.made) or "nothing"
        raise AnsibleWorkSpacesError(
            message=f"{error.message} (changed before the failure: {done})",
            exception=error.exception,
            changed=bool(progress.made),
            changes=progress.made,
            **{resource.result_key: error.kwargs.get(resource.result_key, current)},
        ) from error
    return dict(result, **{resource.result_key: resource.after_apply(client, plan, params, progress.created_id)})


def resource_argument_spec(**options):
    """The argument spec of a resource module: ``options`` with ``state``, and ``tags`` / ``purge_tags`` as amazon.aws's
    resource modules take them (documented by its amazon.aws.tags fragment; amazon.aws spells them out in each module
    rather than offering a helper)."""
    spec = dict(state=dict(type="str", choices=["present", "absent"], default="present"))
    spec.update(options)
    spec.update(tags=dict(type="dict", aliases=["resource_tags"]), purge_tags=dict(type="bool", default=True))
    return spec


def run_resource_module(module, resource):
    """main() of every resource module: reconcile ``resource`` with the module's options, exit or fail once."""
    retry = workspaces_retry(backoff=SharedBackoff())
    client = module.client("workspaces", retry_decorator=retry)
    resource = resource.with_region_clients(lambda region: module.client("workspaces", region=region, retry_decorator=retry))
    try:
        result = run_resource(client, resource, module.params, module.check_mode, module._diff, module.warn)
    except AnsibleWorkSpacesError as error:
        fail_module(module, error, **dict({"changed": False, "changes": {}}, **error.kwargs))
    module.exit_json(**result)
