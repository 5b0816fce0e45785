# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Custom WorkSpaces bundles as a resource: an image with a compute type and volumes, which new WorkSpaces (and
rebuilt ones) are made from.

A bundle is found by ID or by name among the account's bundles (DescribeWorkspaceBundles has no filter by name). Its
image is the only property AWS can change (UpdateWorkspaceBundle); its description, compute type and volumes are set
when it is made, so a difference in any of them is refused before any change, the way out being a new bundle. AWS
makes a bundle only of an AVAILABLE image, and does not delete a bundle that WorkSpaces still use.
"""

from collections import namedtuple

from ansible_collections.euc.aws.plugins.module_utils.concurrency import map_bounded
from ansible_collections.euc.aws.plugins.module_utils.images import AVAILABLE
from ansible_collections.euc.aws.plugins.module_utils.images import ERROR
from ansible_collections.euc.aws.plugins.module_utils.images import PENDING
from ansible_collections.euc.aws.plugins.module_utils.images import as_image
from ansible_collections.euc.aws.plugins.module_utils.images import aws_error_of
from ansible_collections.euc.aws.plugins.module_utils.images import describe_bundles
from ansible_collections.euc.aws.plugins.module_utils.images import describe_images
from ansible_collections.euc.aws.plugins.module_utils.images import image_label
from ansible_collections.euc.aws.plugins.module_utils.images import images_named
from ansible_collections.euc.aws.plugins.module_utils.images import read_image
from ansible_collections.euc.aws.plugins.module_utils.images import settled_image
from ansible_collections.euc.aws.plugins.module_utils.messages import named
from ansible_collections.euc.aws.plugins.module_utils.resources import CreatedId
from ansible_collections.euc.aws.plugins.module_utils.resources import Resource
from ansible_collections.euc.aws.plugins.module_utils.resources import ResourcePlan
from ansible_collections.euc.aws.plugins.module_utils.resources import Step
from ansible_collections.euc.aws.plugins.module_utils.resources import changed
from ansible_collections.euc.aws.plugins.module_utils.resources import tag_steps
from ansible_collections.euc.aws.plugins.module_utils.resources import wait_for_own_state
from ansible_collections.euc.aws.plugins.module_utils.tagging import MOST_TAGS
from ansible_collections.euc.aws.plugins.module_utils.tagging import TAGS
from ansible_collections.euc.aws.plugins.module_utils.tagging import boto3_tags
from ansible_collections.euc.aws.plugins.module_utils.tagging import tag_problems
from ansible_collections.euc.aws.plugins.module_utils.tagging import too_many_tags
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import WorkSpacesErrorHandler
from ansible_collections.euc.aws.plugins.module_utils.workspaces import as_utc_iso
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_tags
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_workspaces
from ansible_collections.euc.aws.plugins.module_utils.workspaces import in_batches
from ansible_collections.euc.aws.plugins.module_utils.workspaces import string_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import strings_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order

try:
    import botocore
except ImportError:
    pass  # AnsibleAWSModule reports a missing botocore to the user

# The option -> the shape of botocore's model its value must fit.
OPTION_SHAPES = {
    "bundle_id": "BundleId",
    "name": "WorkspaceBundleName",
    "description": "WorkspaceBundleDescription",
    "image_id": "WorkspaceImageId",
    "image_name": "WorkspaceImageName",
}
# What AWS sets when a bundle is made and has no call to change: a difference is refused before any change.
FIXED_OPTIONS = ("description", "compute_type_name", "root_volume_size_gib", "user_volume_size_gib")
# What CreateWorkspaceBundle requires besides the name (its required members, as options).
REQUIRED_TO_MAKE = ("description", "compute_type_name", "user_volume_size_gib")
VOLUME_OPTIONS = ("root_volume_size_gib", "user_volume_size_gib")
NEW_BUNDLE = "AWS can change only a bundle's image: make a new bundle (another name) with it instead"


# ---------------------------------------------------------------------------------------------
# Bundles as results carry them (pure)
# ---------------------------------------------------------------------------------------------


def capacity_gib(storage):
    """A RootStorage / UserStorage capacity in GiB: AWS sends it as a string ("80")."""
    capacity = (storage or {}).get("Capacity")
    return int(capacity) if capacity is not None and str(capacity).isdigit() else capacity


def as_bundle(entry, tags=None):
    """A DescribeWorkspaceBundles entry as results carry it; ``tags`` when read."""
    bundle = {
        "bundle_id": entry.get("BundleId"),
        "name": entry.get("Name"),
        "description": entry.get("Description") or "",
        "owner": entry.get("Owner"),
        "image_id": entry.get("ImageId"),
        "compute_type_name": (entry.get("ComputeType") or {}).get("Name"),
        "root_volume_size_gib": capacity_gib(entry.get("RootStorage")),
        "user_volume_size_gib": capacity_gib(entry.get("UserStorage")),
        "state": entry.get("State"),
        "last_updated_time": as_utc_iso(entry.get("LastUpdatedTime")),
        "creation_time": as_utc_iso(entry.get("CreationTime")),
    }
    if tags is not None:
        bundle["tags"] = tags
    return bundle


def bundle_label(bundle):
    return f"{bundle['bundle_id']} ({bundle['name']})" if bundle.get("name") else str(bundle["bundle_id"])


# ---------------------------------------------------------------------------------------------
# The options (pure but for the model)
# ---------------------------------------------------------------------------------------------


def installed_botocore():
    return getattr(botocore, "__version__", "unknown")


def compute_type_problems(service_model, value):
    """What the installed model says of a compute type: a type AWS added after this botocore is not in its enum."""
    return [
        f"{problem} (the compute types botocore {installed_botocore()} knows; a type AWS added since needs a newer botocore)"
        for problem in string_problems(service_model, "compute_type_name", value, "Compute")
    ]


def bundle_problems(service_model, params):
    """What is wrong with workspaces_bundle's options, before any call."""
    problems = []
    for option, shape_name in OPTION_SHAPES.items():
        if params.get(option):
            problems += string_problems(service_model, option, params[option], shape_name)
    if params.get("compute_type_name"):
        problems += compute_type_problems(service_model, params["compute_type_name"])
    too_small = [option for option in VOLUME_OPTIONS if params.get(option) is not None and params[option] < 1]
    problems += [f"{option} must be 1 GiB or more, not {params[option]}" for option in too_small]
    return problems + tag_problems(service_model, params.get("tags"))


# ---------------------------------------------------------------------------------------------
# The calls
# ---------------------------------------------------------------------------------------------


def read_bundle(client, bundle_id):
    """The bundle as a wait sees it (without tags), or None while AWS does not return it."""
    entries = describe_bundles(client, BundleIds=[bundle_id])
    return as_bundle(entries[0]) if entries else None


def available(bundle):
    """Whether a bundle being made or changed is AVAILABLE; ERROR fails."""
    if bundle and bundle["state"] == ERROR:
        raise AnsibleWorkSpacesError(message=f"The bundle {bundle_label(bundle)} ended in ERROR", bundle=bundle)
    return bool(bundle) and bundle["state"] == AVAILABLE


def wait_available(client, bundle_id, timeout):
    return wait_for_own_state(lambda: read_bundle(client, bundle_id), available, timeout, f"The bundle {bundle_id}", "be AVAILABLE")


def storage(size_gib):
    return {"Capacity": str(size_gib)}


class BundleCalls:
    """The calls that change a bundle, each through the one error handler."""

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("create workspace bundle")
    def create(client, params, image_id, tags):
        request = {
            "BundleName": params["name"],
            "BundleDescription": params["description"],
            "ImageId": image_id,
            "ComputeType": {"Name": params["compute_type_name"]},
            "UserStorage": storage(params["user_volume_size_gib"]),
        }
        if params.get("root_volume_size_gib") is not None:
            request["RootStorage"] = storage(params["root_volume_size_gib"])
        if tags:
            request["Tags"] = boto3_tags(tags)
        return client.create_workspace_bundle(**request, aws_retry=True)["WorkspaceBundle"]["BundleId"]

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("update workspace bundle")
    def update(client, bundle_id, image_id):
        client.update_workspace_bundle(BundleId=bundle_id, ImageId=image_id, aws_retry=True)

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("delete workspace bundle")
    def delete(client, bundle_id):
        client.delete_workspace_bundle(BundleId=bundle_id, aws_retry=True)


CALLS = BundleCalls()


# ---------------------------------------------------------------------------------------------
# The image a bundle is to have
# ---------------------------------------------------------------------------------------------


def wanted_image(params):
    """How the image is named in the options: ("image_id", ID), ("image_name", name), or None."""
    for option in ("image_id", "image_name"):
        if params.get(option):
            return option, params[option]
    return None


def look_up_image(client, params):
    """The image the options name (as results carry it; None when not found), after a PENDING one has settled when
    ``wait``. Two of the account's images of one name fail, naming both."""
    option, value = wanted_image(params)
    if option == "image_id":
        entries = describe_images(client, ImageIds=[value])
    else:
        entries = images_named(client, value)
    if len(entries) > 1:
        raise AnsibleWorkSpacesError(
            message=f"Nothing was changed: {len(entries)} images are named {value!r} ({', '.join(entry['ImageId'] for entry in entries)}); "
            "give image_id instead",
            changed=False,
            changes={},
        )
    image = as_image(entries[0]) if entries else None
    if image and image["state"] == PENDING and params["wait"]:
        image = wait_for_own_state(
            lambda: read_image(client, image["image_id"]), settled_image, params["wait_timeout"], f"The image {image_label(image)}", "settle"
        )
    return image


def missing_to_make(params):
    """The options CreateWorkspaceBundle requires that are not given."""
    missing = [option for option in REQUIRED_TO_MAKE if params.get(option) in (None, "")]
    return missing + ([] if wanted_image(params) else ["image_id or image_name"])


def image_differs(params, current, image):
    """Whether the options name an image other than the bundle's (``image`` as looked up; None when not found)."""
    wanted = wanted_image(params)
    if wanted is None or wanted == ("image_id", current["image_id"]):
        return False
    return image is None or image["image_id"] != current["image_id"]


def image_refusals(params, image):
    """Why the bundle cannot have ``image`` (as results carry it; None when not found)."""
    option, value = wanted_image(params)
    if image is None:
        return [f"there is no image {value}" if option == "image_id" else f"there is no image named {value!r} in the account"]
    if image["state"] == PENDING:
        return [f"the image {image_label(image)} is PENDING, and AWS makes a bundle only of an AVAILABLE image; run with wait: true"]
    if image["state"] == ERROR:
        return [f"the image {image_label(image)} is in ERROR ({aws_error_of(image)}), and AWS makes a bundle only of an AVAILABLE image"]
    return []


# ---------------------------------------------------------------------------------------------
# The resource
# ---------------------------------------------------------------------------------------------


class BundleFacts(namedtuple("BundleFacts", ["image", "workspace_ids"], defaults=(None, ()))):
    """What the plan needs besides the bundle: the image it is to have (when that matters), and the WorkSpaces that
    use it (for a deletion)."""


NO_FACTS = BundleFacts()


class Bundle(Resource):
    """A custom bundle, found by ``bundle_id`` or by ``name`` among the account's bundles."""

    noun = "bundle"
    result_key = "bundle"

    def option_problems(self, service_model, params):
        return bundle_problems(service_model, params)

    def find(self, client, params):
        """The bundle with its tags (once a PENDING one has settled, with ``wait``), or None."""
        if params.get("bundle_id"):
            entries = describe_bundles(client, BundleIds=[params["bundle_id"]])
        else:
            entries = [entry for entry in describe_bundles(client) if entry.get("Name") == params["name"]]
        if len(entries) > 1:
            raise AnsibleWorkSpacesError(
                message=f"Nothing was changed: {len(entries)} bundles are named {params['name']!r} "
                f"({', '.join(entry['BundleId'] for entry in entries)}); name one by bundle_id",
                changed=False,
                changes={},
            )
        if not entries:
            return None
        bundle = as_bundle(entries[0])
        if bundle["state"] == PENDING and params["wait"]:
            bundle = wait_for_own_state(
                lambda: read_bundle(client, bundle["bundle_id"]),
                lambda now: now is None or now["state"] != PENDING,
                params["wait_timeout"],
                f"The bundle {bundle_label(bundle)}",
                "settle",
            )
            if bundle is None:
                return None
        return dict(bundle, tags=describe_tags(client, bundle["bundle_id"]))

    def look_up(self, client, current, params):
        if params["state"] == "absent":
            if current is None:
                return NO_FACTS
            return BundleFacts(workspace_ids=[workspace["WorkspaceId"] for workspace in describe_workspaces(client, BundleId=current["bundle_id"])])
        wanted = wanted_image(params)
        if wanted is None or (current is None and (params.get("bundle_id") or missing_to_make(params))):
            return NO_FACTS
        if current is not None and wanted == ("image_id", current["image_id"]):
            return NO_FACTS
        return BundleFacts(image=look_up_image(client, params))

    def identity(self, resource_id):
        return {"bundle_id": resource_id}

    def id_of(self, current):
        return current["bundle_id"]

    def extra_result(self, plan):
        if plan.current is not None and "image_id" in plan.changes:
            return {"previous_image_id": plan.changes["image_id"]["before"]}
        return {}

    def plan(self, current, params):
        return self.plan_with(current, params, NO_FACTS)

    def plan_with(self, current, params, facts):
        facts = facts or NO_FACTS
        if params["state"] == "absent":
            return self.deletion(current, facts)
        if current is None:
            return self.making(params, facts)
        return self.modification(current, params, facts)

    @staticmethod
    def deletion(current, facts):
        if current is None:
            return ResourcePlan(None, {}, [], [], after=None)
        if facts.workspace_ids:
            count = len(facts.workspace_ids)
            refusal = (
                f"the bundle {bundle_label(current)} is still used by {count} WorkSpaces ({named(facts.workspace_ids)}); "
                "migrate them to another bundle (euc.aws.workspaces_migrate) or terminate them first"
            )
            return ResourcePlan(current, {}, [], [refusal], after=current)
        delete = Step("state", lambda client: CALLS.delete(client, current["bundle_id"]))
        return ResourcePlan(current, {"state": changed("present", "absent")}, [delete], [], after=None)

    @staticmethod
    def making(params, facts):
        if params.get("bundle_id"):
            return ResourcePlan(None, {}, [], [f"there is no bundle {params['bundle_id']}; to make one, give its name without bundle_id"], after=None)
        missing = missing_to_make(params)
        refusals = [f"to make the bundle {params['name']!r}, give {', '.join(missing)} too"] if missing else image_refusals(params, facts.image)
        if refusals:
            return ResourcePlan(None, {}, [], refusals, after=None)
        tags = {key: str(value) for key, value in (params.get("tags") or {}).items()}
        image_id = facts.image["image_id"]
        created = CreatedId()
        steps = [Step("state", created.creating(lambda client: CALLS.create(client, params, image_id, tags)))]
        if params["wait"]:
            steps.append(Step("state", lambda client: wait_available(client, created(), params["wait_timeout"])))
        entry = {
            "Name": params["name"],
            "Description": params["description"],
            "ImageId": image_id,
            "ComputeType": {"Name": params["compute_type_name"]},
            "RootStorage": storage(params["root_volume_size_gib"]) if params.get("root_volume_size_gib") is not None else None,
            "UserStorage": storage(params["user_volume_size_gib"]),
            "State": AVAILABLE if params["wait"] else PENDING,
        }
        after = as_bundle(entry, tags)
        changes = {"state": changed("absent", "present")}
        changes.update({option: changed(None, after[option]) for option in ("description", "image_id", "tags") if after[option]})
        return ResourcePlan(None, changes, steps, [], after=after)

    @staticmethod
    def modification(current, params, facts):
        bundle_id = current["bundle_id"]
        refusals = []
        for option in ("name",) + FIXED_OPTIONS:
            wanted = params.get(option)
            if wanted is not None and wanted != current[option]:
                refusals.append(f"{bundle_label(current)}'s {option} is {current[option]!r}, not {wanted!r}; {NEW_BUNDLE}")
        changes, steps = {}, []
        image_id = current["image_id"]
        if image_differs(params, current, facts.image):
            refusals += image_refusals(params, facts.image)
        if facts.image is not None and facts.image["image_id"] != current["image_id"]:
            image_id = facts.image["image_id"]
            changes["image_id"] = changed(current["image_id"], image_id)
            steps.append(Step("image_id", lambda client: CALLS.update(client, bundle_id, image_id)))
            if params["wait"]:
                steps.append(Step("image_id", lambda client: wait_available(client, bundle_id, params["wait_timeout"])))
        tags_change, tags_steps = tag_steps(TAGS, lambda: bundle_id, current["tags"], params.get("tags"), params["purge_tags"])
        if tags_change:
            changes["tags"] = tags_change
            if len(tags_change["after"]) > MOST_TAGS:
                refusals.append(too_many_tags(bundle_id, len(tags_change["after"])))
        after = dict(current, image_id=image_id, tags=tags_change["after"] if tags_change else current["tags"])
        return ResourcePlan(current, changes, steps + tags_steps, refusals, after=after)


BUNDLE = Bundle()


# ---------------------------------------------------------------------------------------------
# workspaces_bundle_info
# ---------------------------------------------------------------------------------------------


def bundle_entries(client, params):
    """The DescribeWorkspaceBundles entries asked for: of ``bundle_ids`` (as many a call as the model allows, on the
    pool, in the order asked), or the account's bundles (AWS's own with ``owner``), all or those named ``names``."""
    if params.get("bundle_ids") is not None:
        bundle_ids = unique_in_order(params["bundle_ids"])
        size = client.meta.service_model.operation_model("DescribeWorkspaceBundles").input_shape.members["BundleIds"].metadata["max"]
        pages = map_bounded(lambda batch: describe_bundles(client, BundleIds=batch), in_batches(bundle_ids, size), params["max_concurrency"])
        by_id = {entry["BundleId"]: entry for page in pages for entry in page}
        return [by_id[bundle_id] for bundle_id in bundle_ids if bundle_id in by_id]
    entries = describe_bundles(client, **({"Owner": params["owner"]} if params.get("owner") else {}))
    if params.get("names") is not None:
        names = set(params["names"])
        entries = [entry for entry in entries if entry.get("Name") in names]
    return entries


def bundles_info(client, params):
    """workspaces_bundle_info's result: the bundles asked for, with their tags when asked (one call a bundle, on the
    pool)."""
    problems = strings_problems(client.meta.service_model, "bundle_ids:", params.get("bundle_ids") or [], "BundleId")
    if problems:
        raise AnsibleWorkSpacesError(message="; ".join(problems), invalid=problems)
    if params.get("bundle_ids") == [] or params.get("names") == []:
        return {"bundles": []}
    entries = bundle_entries(client, params)
    tags = [None] * len(entries)
    if params["tags"]:
        tags = map_bounded(lambda entry: describe_tags(client, entry["BundleId"]), entries, params["max_concurrency"])
    return {"bundles": [as_bundle(entry, entry_tags) for entry, entry_tags in zip(entries, tags)]}
