# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""WorkSpaces images as a resource: the golden image, made from a WorkSpace or copied from another region or account,
shared with other accounts, and deleted once no bundle uses it.

An image is found by ID or by name; DescribeWorkspaceImages has no filter by name, so a name is looked for in the
pages of the account's own images. An image's name and description are set when it is made, and AWS has no call
that changes either; what it can change is whom the image is shared with (UpdateWorkspaceImagePermission, one account
a call) and its tags. AWS shares only an AVAILABLE image, and does not delete one that is shared or that a bundle
uses. A PENDING image is waited for (with ``wait``) before anything is compared, since what follows depends on how it
settles.
"""

from collections import namedtuple


from ansible_collections.euc.aws.plugins.module_utils.concurrency import map_bounded
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
from ansible_collections.euc.aws.plugins.module_utils.workspaces import all_pages
from ansible_collections.euc.aws.plugins.module_utils.workspaces import as_utc_iso
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_tags
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_workspaces
from ansible_collections.euc.aws.plugins.module_utils.workspaces import in_batches
from ansible_collections.euc.aws.plugins.module_utils.workspaces import string_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import strings_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order

AVAILABLE = "AVAILABLE"
PENDING = "PENDING"
ERROR = "ERROR"
# The images of the account itself, as DescribeWorkspaceImages' ImageType names them.
OWNED = "OWNED"
# The option -> the shape of botocore's model its value must fit.
OPTION_SHAPES = {
    "image_id": "WorkspaceImageId",
    "name": "WorkspaceImageName",
    "description": "WorkspaceImageDescription",
    "source_workspace_id": "WorkspaceId",
    "source_image_id": "WorkspaceImageId",
    "source_region": "Region",
}


# ---------------------------------------------------------------------------------------------
# Images as results carry them (pure)
# ---------------------------------------------------------------------------------------------


def as_image(entry, shared_account_ids=None, tags=None):
    """A DescribeWorkspaceImages entry as results carry it; ``shared_account_ids`` and ``tags`` when read, and AWS's
    error fields when it is in ERROR."""
    image = {
        "image_id": entry.get("ImageId"),
        "name": entry.get("Name"),
        "description": entry.get("Description") or "",
        "state": entry.get("State"),
        "operating_system": (entry.get("OperatingSystem") or {}).get("Type"),
        "required_tenancy": entry.get("RequiredTenancy"),
        "created": as_utc_iso(entry.get("Created")),
        "owner_account_id": entry.get("OwnerAccountId"),
    }
    if shared_account_ids is not None:
        image["shared_account_ids"] = list(shared_account_ids)
    if tags is not None:
        image["tags"] = tags
    if entry.get("State") == ERROR:
        image["error_code"] = entry.get("ErrorCode")
        image["error_message"] = entry.get("ErrorMessage")
        image["error_details"] = [
            {"error_code": detail.get("ErrorCode"), "error_message": detail.get("ErrorMessage")} for detail in entry.get("ErrorDetails") or ()
        ]
    return image


def image_label(image):
    """An image in messages: its ID and name."""
    return f"{image['image_id']} ({image['name']})" if image.get("name") else str(image["image_id"])


def aws_error_of(image):
    """What AWS says of an image in ERROR: "ErrorCode: ErrorMessage", then each of its ErrorDetails (the checks of
    AWS's image checker that the WorkSpace failed)."""
    text = f"{image.get('error_code') or 'no ErrorCode'}: {image.get('error_message') or 'AWS gave no ErrorMessage'}"
    details = [f"{detail['error_code']}: {detail['error_message']}" for detail in image.get("error_details") or ()]
    return f"{text} (ErrorDetails: {'; '.join(details)})" if details else text


def sharing_plan(current, desired, purge):
    """(the accounts after, those to allow, those to revoke) for an image shared with ``current`` when ``desired``
    (None: leave them) is asked for; with ``purge`` the others are revoked."""
    if desired is None:
        return list(current), [], []
    desired = unique_in_order(desired)
    to_allow = [account for account in desired if account not in current]
    to_revoke = [account for account in current if account not in desired] if purge else []
    after = [account for account in current if account not in to_revoke] + to_allow
    return after, to_allow, to_revoke


# ---------------------------------------------------------------------------------------------
# The options (pure but for the model)
# ---------------------------------------------------------------------------------------------


def image_problems(service_model, params):
    """What is wrong with workspaces_image's options, before any call: each value against its shape in botocore's
    model, the shared accounts as 12-digit account IDs, and the tags."""
    problems = []
    for option, shape_name in OPTION_SHAPES.items():
        if params.get(option):
            problems += string_problems(service_model, option, params[option], shape_name)
    problems += strings_problems(service_model, "shared_account_ids:", params.get("shared_account_ids") or [], "AwsAccount")
    return problems + tag_problems(service_model, params.get("tags"))


# ---------------------------------------------------------------------------------------------
# The calls
# ---------------------------------------------------------------------------------------------


@WorkSpacesErrorHandler.common_error_handler("describe workspace images")
def describe_images(client, **filters):
    """DescribeWorkspaceImages entries matching ``filters``, every page."""
    return all_pages(client.describe_workspace_images, "Images", **filters)


def images_by_ids(client, image_ids, max_workers=1):
    """The entries of ``image_ids`` in the order asked (those AWS does not return left out): as many IDs a call as the
    model allows, the calls on the pool."""
    image_ids = unique_in_order(image_ids)
    size = client.meta.service_model.operation_model("DescribeWorkspaceImages").input_shape.members["ImageIds"].metadata["max"]
    pages = map_bounded(lambda batch: describe_images(client, ImageIds=batch), in_batches(image_ids, size), max_workers)
    by_id = {entry["ImageId"]: entry for page in pages for entry in page}
    return [by_id[image_id] for image_id in image_ids if image_id in by_id]


def images_named(client, name, image_type=OWNED):
    """The entries of the images of ``image_type`` named ``name``: DescribeWorkspaceImages has no filter by name."""
    return [entry for entry in describe_images(client, ImageType=image_type) if entry.get("Name") == name]


@WorkSpacesErrorHandler.common_error_handler("describe workspace image permissions")
def shared_account_ids(client, image_id):
    """The accounts the image is shared with, every page of DescribeWorkspaceImagePermissions."""
    permissions = all_pages(client.describe_workspace_image_permissions, "ImagePermissions", ImageId=image_id)
    return [permission["SharedAccountId"] for permission in permissions]


@WorkSpacesErrorHandler.common_error_handler("describe workspace bundles")
def describe_bundles(client, **filters):
    """DescribeWorkspaceBundles entries matching ``filters`` (none: the account's own bundles), every page. Here,
    where an image's deletion asks which bundles use it; bundles.py builds on it."""
    return all_pages(client.describe_workspace_bundles, "Bundles", **filters)


def read_image(client, image_id):
    """The image as a wait sees it (without permissions or tags), or None while AWS does not return it."""
    entries = describe_images(client, ImageIds=[image_id])
    return as_image(entries[0]) if entries else None


def settled_image(image):
    """Whether a PENDING image found by a run has settled (AVAILABLE, ERROR, or gone)."""
    return image is None or image["state"] != PENDING


def available(image):
    """Whether an image being made is AVAILABLE; ERROR fails with AWS's ErrorCode, ErrorMessage and ErrorDetails."""
    if image and image["state"] == ERROR:
        raise AnsibleWorkSpacesError(message=f"The image {image_label(image)} ended in ERROR: {aws_error_of(image)}", image=image)
    return bool(image) and image["state"] == AVAILABLE


def wait_available(client, image_id, timeout):
    """Wait until the image is AVAILABLE (within ``timeout`` seconds); return it as a wait sees it."""
    return wait_for_own_state(lambda: read_image(client, image_id), available, timeout, f"The image {image_id}", "be AVAILABLE")


class ImageCalls:
    """The calls that change an image, each through the one error handler."""

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("create workspace image")
    def create(client, name, description, workspace_id, tags):
        request = {"Name": name, "Description": description, "WorkspaceId": workspace_id}
        if tags:
            request["Tags"] = boto3_tags(tags)
        return client.create_workspace_image(**request, aws_retry=True)["ImageId"]

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("copy workspace image")
    def copy(client, name, description, source_image_id, source_region, tags):
        request = {"Name": name, "SourceImageId": source_image_id, "SourceRegion": source_region}
        if description:
            request["Description"] = description
        if tags:
            request["Tags"] = boto3_tags(tags)
        return client.copy_workspace_image(**request, aws_retry=True)["ImageId"]

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("update workspace image permission")
    def share(client, image_id, account_id, allow):
        client.update_workspace_image_permission(ImageId=image_id, AllowCopyImage=allow, SharedAccountId=account_id, aws_retry=True)

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("delete workspace image")
    def delete(client, image_id):
        client.delete_workspace_image(ImageId=image_id, aws_retry=True)


CALLS = ImageCalls()


def sharing_steps(image_id, to_allow, to_revoke):
    """One UpdateWorkspaceImagePermission for each account that differs, the revocations first; ``image_id()`` gives
    the image's ID when the step runs (it may be made by an earlier step)."""
    def share(account, allow):
        return Step("shared_account_ids", lambda client: CALLS.share(client, image_id(), account, allow))

    return [share(account, False) for account in to_revoke] + [share(account, True) for account in to_allow]


# ---------------------------------------------------------------------------------------------
# Why an image cannot be made (pure)
# ---------------------------------------------------------------------------------------------


def workspace_refusals(workspace_id, workspace):
    """Why AWS cannot make an image of the WorkSpace (a DescribeWorkspaces entry, None when not found), each with its
    reason."""
    if workspace is None:
        return [f"there is no WorkSpace {workspace_id} to make the image from"]
    refusals = []
    if workspace.get("State") != AVAILABLE:
        refusals.append(f"{workspace_id} is {workspace.get('State')}, and AWS makes an image only of an AVAILABLE WorkSpace")
    if workspace.get("ModificationStates"):
        under_way = ", ".join(f"{entry.get('Resource')} {entry.get('State')}" for entry in workspace["ModificationStates"])
        refusals.append(f"{workspace_id} is being modified ({under_way}); make the image once the modification has settled")
    encrypted = [volume for volume, key in (("root", "RootVolumeEncryptionEnabled"), ("user", "UserVolumeEncryptionEnabled")) if workspace.get(key)]
    if encrypted:
        refusals.append(f"{workspace_id}'s {' and '.join(encrypted)} volume is encrypted, and AWS cannot make an image of an encrypted WorkSpace")
    return refusals


def source_image_refusals(params, source):
    """Why the source image (as results carry it, None when not found in the source region) cannot be copied."""
    if source is None:
        return [f"there is no image {params['source_image_id']} in {params['source_region']} to copy"]
    if source["state"] != AVAILABLE:
        return [f"the source image {image_label(source)} is {source['state']}, and AWS copies only an AVAILABLE image"]
    return []


def making_refusals(params, facts):
    """Why the image named in ``params`` cannot be made, before any call."""
    if params.get("image_id"):
        return [f"there is no image {params['image_id']}; to make one, give its name (and a source) without image_id"]
    if params.get("source_workspace_id"):
        refusals = [] if params.get("description") else ["description is required to make an image from a WorkSpace (CreateWorkspaceImage)"]
        return refusals + workspace_refusals(params["source_workspace_id"], facts.workspace)
    if params.get("source_image_id"):
        return source_image_refusals(params, facts.source_image)
    return [f"there is no image named {params['name']!r}; give source_workspace_id or source_image_id to make one"]


# ---------------------------------------------------------------------------------------------
# The resource
# ---------------------------------------------------------------------------------------------


class ImageFacts(namedtuple("ImageFacts", ["workspace", "source_image", "bundles"], defaults=(None, None, ()))):
    """What the plan needs besides the image: the WorkSpace to make it from, the image to copy (both None when not
    found or not needed), and the account's bundles that use the image."""


NO_FACTS = ImageFacts()


class Image(Resource):
    """A WorkSpaces image, found by ``image_id`` or by ``name`` among the account's own images."""

    noun = "image"
    result_key = "image"

    def __init__(self, client_in=None):
        self.client_in = client_in

    def with_region_clients(self, client_in):
        return Image(client_in)

    def option_problems(self, service_model, params):
        return image_problems(service_model, params)

    def find(self, client, params):
        """The image with who it is shared with and its tags (once a PENDING one has settled, with ``wait``), or None."""
        entry = self.found_entry(client, params)
        if entry is None:
            return None
        image = as_image(entry)
        if image["state"] == PENDING and params["wait"]:
            image = wait_for_own_state(
                lambda: read_image(client, image["image_id"]), settled_image, params["wait_timeout"], f"The image {image_label(image)}", "settle"
            )
            if image is None:
                return None
        return dict(image, shared_account_ids=shared_account_ids(client, image["image_id"]), tags=describe_tags(client, image["image_id"]))

    @staticmethod
    def found_entry(client, params):
        if params.get("image_id"):
            entries = describe_images(client, ImageIds=[params["image_id"]])
        else:
            entries = images_named(client, params["name"])
        if len(entries) > 1:
            raise AnsibleWorkSpacesError(
                message=f"Nothing was changed: {len(entries)} images are named {params['name']!r} "
                f"({', '.join(entry['ImageId'] for entry in entries)}); name one by image_id",
                changed=False,
                changes={},
            )
        return entries[0] if entries else None

    def look_up(self, client, current, params):
        if params["state"] == "absent":
            if current is None:
                return NO_FACTS
            return ImageFacts(bundles=[bundle for bundle in describe_bundles(client) if bundle.get("ImageId") == current["image_id"]])
        if current is not None or params.get("image_id"):
            return NO_FACTS
        if params.get("source_workspace_id"):
            found = describe_workspaces(client, WorkspaceIds=[params["source_workspace_id"]])
            return ImageFacts(workspace=found[0] if found else None)
        if params.get("source_image_id"):
            source = describe_images(self.client_in(params["source_region"]), ImageIds=[params["source_image_id"]])
            return ImageFacts(source_image=as_image(source[0]) if source else None)
        return NO_FACTS

    def identity(self, resource_id):
        return {"image_id": resource_id}

    def id_of(self, current):
        return current["image_id"]

    def plan(self, current, params):
        return self.plan_with(current, params, NO_FACTS)

    def plan_with(self, current, params, facts):
        facts = facts or NO_FACTS
        if params["state"] == "absent":
            return self.deletion(current, facts)
        if current is None:
            return self.making(params, facts)
        if current["state"] == ERROR:
            refusal = f"the image {image_label(current)} is in ERROR ({aws_error_of(current)}); delete it (state: absent) and run again"
            return ResourcePlan(current, {}, [], [refusal], after=current)
        return self.modification(current, params)

    @staticmethod
    def deletion(current, facts):
        if current is None:
            return ResourcePlan(None, {}, [], [], after=None)
        if facts.bundles:
            bundles = named(facts.bundles, lambda bundle: f"{bundle['BundleId']} ({bundle.get('Name')})")
            refusal = f"the image {image_label(current)} is still used by the bundles {bundles}; point them at another image or delete them first"
            return ResourcePlan(current, {}, [], [refusal], after=current)
        changes = {}
        steps = sharing_steps(lambda: current["image_id"], [], current["shared_account_ids"])  # AWS will not delete a shared image
        if steps:
            changes["shared_account_ids"] = changed(current["shared_account_ids"], [])
        changes["state"] = changed("present", "absent")
        steps.append(Step("state", lambda client: CALLS.delete(client, current["image_id"])))
        return ResourcePlan(current, changes, steps, [], after=None)

    def making(self, params, facts):
        refusals = making_refusals(params, facts)
        accounts = unique_in_order(params.get("shared_account_ids") or [])
        if accounts and not params["wait"]:
            refusals.append("shared_account_ids needs the image AVAILABLE, and a new image is PENDING for tens of minutes; share it with wait: true")
        if refusals:
            return ResourcePlan(None, {}, [], refusals, after=None)
        tags = {key: str(value) for key, value in (params.get("tags") or {}).items()}
        created = CreatedId()
        steps = [Step("state", created.creating(self.making_call(params, facts, tags)))]
        if params["wait"]:
            steps.append(Step("state", lambda client: wait_available(client, created(), params["wait_timeout"])))
        steps += sharing_steps(created, accounts, [])
        after = self.made(params, facts, accounts, tags)
        changes = {"state": changed("absent", "present")}
        changes.update({option: changed(None, after[option]) for option in ("description", "shared_account_ids", "tags") if after[option]})
        return ResourcePlan(None, changes, steps, [], after=after)

    @staticmethod
    def making_call(params, facts, tags):
        if params.get("source_workspace_id"):
            return lambda client: CALLS.create(client, params["name"], params["description"], params["source_workspace_id"], tags)
        description = params.get("description") or facts.source_image["description"]
        return lambda client: CALLS.copy(client, params["name"], description, params["source_image_id"], params["source_region"], tags)

    @staticmethod
    def made(params, facts, accounts, tags):
        """The image as it will be once made: what AWS decides (its ID, when it was made, its owner) is None."""
        source = facts.source_image or {}
        entry = {
            "Name": params["name"],
            "Description": params.get("description") or source.get("description"),
            "State": AVAILABLE if params["wait"] else PENDING,
            "OperatingSystem": {"Type": source.get("operating_system")},
            "RequiredTenancy": source.get("required_tenancy"),
        }
        return as_image(entry, accounts, tags)

    @staticmethod
    def modification(current, params):
        image_id = current["image_id"]
        refusals = []
        for option in ("name", "description"):
            wanted = params.get(option)
            if wanted is not None and wanted != current[option]:
                refusals.append(
                    f"{image_label(current)}'s {option} is {current[option]!r}, not {wanted!r}, and AWS has no call that changes it; make a "
                    "new image with it instead"
                )
        accounts, to_allow, to_revoke = sharing_plan(current["shared_account_ids"], params.get("shared_account_ids"), params["purge_shared_accounts"])
        changes = {}
        if to_allow or to_revoke:
            changes["shared_account_ids"] = changed(current["shared_account_ids"], accounts)
            if current["state"] != AVAILABLE:
                refusals.append(f"the image {image_label(current)} is {current['state']}, and AWS shares only an AVAILABLE one; run with wait: true")
        tags_change, tags_steps = tag_steps(TAGS, lambda: image_id, current["tags"], params.get("tags"), params["purge_tags"])
        if tags_change:
            changes["tags"] = tags_change
            if len(tags_change["after"]) > MOST_TAGS:
                refusals.append(too_many_tags(image_id, len(tags_change["after"])))
        after = dict(current, shared_account_ids=accounts, tags=tags_change["after"] if tags_change else current["tags"])
        return ResourcePlan(current, changes, sharing_steps(lambda: image_id, to_allow, to_revoke) + tags_steps, refusals, after=after)


IMAGE = Image()


# ---------------------------------------------------------------------------------------------
# workspaces_image_info
# ---------------------------------------------------------------------------------------------


def image_entries(client, params):
    """The DescribeWorkspaceImages entries asked for: of ``image_ids``, or those of ``image_type`` (OWNED unless
    said), all or those named ``names``."""
    if params.get("image_ids") is not None:
        return images_by_ids(client, params["image_ids"], params["max_concurrency"])
    entries = describe_images(client, ImageType=params.get("image_type") or OWNED)
    if params.get("names") is not None:
        names = set(params["names"])
        entries = [entry for entry in entries if entry.get("Name") in names]
    return entries


def images_info(client, params):
    """workspaces_image_info's result: the images asked for, with who they are shared with and their tags when asked,
    one call an image for each on the pool."""
    problems = strings_problems(client.meta.service_model, "image_ids:", params.get("image_ids") or [], "WorkspaceImageId")
    if problems:
        raise AnsibleWorkSpacesError(message="; ".join(problems), invalid=problems)
    if params.get("image_ids") == [] or params.get("names") == []:
        return {"images": []}
    entries = image_entries(client, params)
    workers = params["max_concurrency"]
    unread = [None] * len(entries)
    accounts = map_bounded(lambda entry: shared_account_ids(client, entry["ImageId"]), entries, workers) if params["permissions"] else unread
    tags = map_bounded(lambda entry: describe_tags(client, entry["ImageId"]), entries, workers) if params["tags"] else unread
    return {"images": [as_image(entry, *read) for entry, *read in zip(entries, accounts, tags)]}
