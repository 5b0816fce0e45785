# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Tags on any WorkSpaces resource (WorkSpaces, directories, IP groups, images, bundles, connection aliases):
the checks AWS would make, and the calls. AWS tags a resource one call at a time (CreateTags, DeleteTags,
DescribeTags take one ResourceId)."""

from collections import namedtuple

from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.euc.aws.plugins.module_utils.concurrency import map_bounded
from ansible_collections.euc.aws.plugins.module_utils.concurrency import run_bounded
from ansible_collections.euc.aws.plugins.module_utils.messages import named
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import WorkSpacesErrorHandler
from ansible_collections.euc.aws.plugins.module_utils.workspaces import breakers_by_rule
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_tags
from ansible_collections.euc.aws.plugins.module_utils.workspaces import strings_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order

# AWS documents at most 50 tags a resource; the service model does not carry that limit.
MOST_TAGS = 50
# AWS reserves the keys that begin with aws:, in any case.
RESERVED_PREFIX = "aws:"


def boto3_tags(tags):
    """``tags`` (module option form) as the Tags list AWS takes, every value a string, as AWS stores it."""
    return ansible_dict_to_boto3_tag_list({key: str(value) for key, value in tags.items()})


def tag_problems(service_model, tags, option="tags"):
    """What AWS would refuse in ``tags`` (a dict), whatever the resource: reserved keys, and the model's lengths; one
    problem for each rule broken, naming the keys (the first ten and their count, when there are more)."""
    tags = tags or {}
    keys = list(tags)
    reserved = [key for key in keys if key.lower().startswith(RESERVED_PREFIX)]
    problems = [f"{option}: key {named(reserved, repr)} begins with {RESERVED_PREFIX}, which AWS reserves"] if reserved else []
    problems.extend(strings_problems(service_model, f"{option}: key", keys, "TagKey"))
    values = ["" if tags[key] is None else str(tags[key]) for key in keys]
    broken_values = breakers_by_rule(service_model, "TagValue", values, names=keys)
    return problems + [f"{option}: the value of {named(names, repr)} {rule}" for rule, names in broken_values.items()]


def too_many_tags(resource_id, count):
    return f"{resource_id} would have {count} tags; AWS allows at most {MOST_TAGS} a resource"


class TagCalls:
    """The calls that change a resource's tags."""

    @staticmethod
    def read(client, resource_id):
        return describe_tags(client, resource_id)

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("create tags")
    def set(client, resource_id, tags):
        client.create_tags(ResourceId=resource_id, Tags=boto3_tags(tags), aws_retry=True)

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("delete tags")
    def remove(client, resource_id, keys):
        client.delete_tags(ResourceId=resource_id, TagKeys=list(keys), aws_retry=True)


TAGS = TagCalls()


# ---------------------------------------------------------------------------------------------
# workspaces_tags: tags on a list of resources
# ---------------------------------------------------------------------------------------------


class TagPlan(namedtuple("TagPlan", ["resource_id", "before", "to_set", "to_remove"])):
    """What tagging one resource takes (pure): its tags ``before``, those to set and the keys to remove."""

    @property
    def after(self):
        after = {key: value for key, value in self.before.items() if key not in self.to_remove}
        after.update(self.to_set)
        return after

    @property
    def changed(self):
        return bool(self.to_set or self.to_remove)

    def as_result(self):
        return {
            "resource_id": self.resource_id,
            "added": {key: value for key, value in self.to_set.items() if key not in self.before},
            "updated": {key: {"before": self.before[key], "after": value} for key, value in self.to_set.items() if key in self.before},
            "removed": {key: self.before[key] for key in self.to_remove},
            "tags": self.after,
        }


def plan_tags(resource_id, current, tags, purge_tags, state):
    """The TagPlan of ``tags`` on a resource that has ``current``, as amazon.aws's ec2_tag means them: with
    ``present`` the tags given are set (and, with ``purge_tags``, the others removed but the aws: ones); with
    ``absent`` each key given is removed, and a key given with a value only while it has that value."""
    tags = {key: None if value is None else str(value) for key, value in (tags or {}).items()}
    if state == "absent":
        to_remove = [key for key, value in tags.items() if key in current and value in (None, current[key])]
        return TagPlan(resource_id, current, {}, to_remove)
    to_set, to_remove = compare_aws_tags(current, {key: value or "" for key, value in tags.items()}, purge_tags)
    return TagPlan(resource_id, current, {key: str(value) for key, value in to_set.items()}, to_remove)


@WorkSpacesErrorHandler.common_error_handler("describe tags")
def existing_tags(client, resource_id):
    """The resource's tags; an unknown resource fails (ResourceNotFoundException), unlike describe_tags."""
    return boto3_tag_list_to_ansible_dict(client.describe_tags(ResourceId=resource_id, aws_retry=True).get("TagList", []))


def apply_tag_plan(client, plan):
    if plan.to_remove:
        TAGS.remove(client, plan.resource_id, plan.to_remove)
    if plan.to_set:
        TAGS.set(client, plan.resource_id, plan.to_set)
    return plan.resource_id


def run_tags(client, params, check_mode, diff_mode=False):
    """workspaces_tags' result: look every resource's tags up (on the pool), refuse, then change only what differs."""
    problems = tag_problems(client.meta.service_model, params.get("tags"))
    empty = [resource_id for resource_id in params["resource_ids"] if not resource_id]
    problems += [f"resource_ids: {len(empty)} empty, and each must name a resource"] if empty else []
    if problems:
        raise AnsibleWorkSpacesError(message="; ".join(problems), invalid=problems, changed=False, resources=[])
    resource_ids = unique_in_order(params["resource_ids"])
    workers = params["max_concurrency"]
    currents = map_bounded(lambda resource_id: existing_tags(client, resource_id), resource_ids, workers)
    plans = [plan_tags(i, current, params.get("tags"), params["purge_tags"], params["state"]) for i, current in zip(resource_ids, currents)]
    too_many = [too_many_tags(plan.resource_id, len(plan.after)) for plan in plans if len(plan.after) > MOST_TAGS]
    if too_many:
        raise AnsibleWorkSpacesError(message=f"Nothing was tagged: {named(too_many, separator='; ')}", changed=False, resources=[])
    result = {"changed": any(plan.changed for plan in plans), "resources": [plan.as_result() for plan in plans]}
    if diff_mode:
        result["diff"] = {"before": {p.resource_id: p.before for p in plans}, "after": {p.resource_id: p.after for p in plans}}
    if check_mode:
        return result
    return apply_tag_plans(client, [plan for plan in plans if plan.changed], workers, result)


def apply_tag_plans(client, plans, max_workers, result):
    """Each resource's calls, on the pool; a failure names the resources tagged, failed and never attempted."""
    run = run_bounded(lambda plan: apply_tag_plan(client, plan), plans, max_workers)
    if not run.errors:
        return result
    first = run.first_error()
    tagged = run.ordered_results()
    failed = [plans[index].resource_id for index in sorted(run.errors)]
    never = [plans[index].resource_id for index in run.not_started]
    message = f"{first.message if isinstance(first, AnsibleWorkSpacesError) else first}: tagged {', '.join(tagged) or 'nothing'}; failed {', '.join(failed)}"
    if never:
        message += f"; not attempted {', '.join(never)}"
    raise AnsibleWorkSpacesError(
        message=message,
        exception=getattr(first, "exception", None),
        tagged=tagged,
        failed_resources=failed,
        not_attempted=never,
        **dict(result, changed=bool(tagged)),
    )
