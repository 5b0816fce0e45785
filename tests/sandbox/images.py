# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""WorkSpaces images as AWS makes, copies, shares and deletes them.

moto makes an image AVAILABLE at once from any WorkSpace, whatever its state, and has neither CopyWorkspaceImage nor
DeleteWorkspaceImage, nor pages. Here an image is PENDING for ``image_pending`` seconds, then AVAILABLE (or ERROR when
``fail_next_image`` armed it); its source WorkSpace is SUSPENDED meanwhile, through the WorkSpaces' own transitions
(lifecycle.py), and AVAILABLE again when the image is done. ``settle_images`` ends the images' PENDING before anything
reads them, as ``settle`` does for WorkSpaces.
"""

import botocore.session

from .lifecycle import INVALID_STATE
from .paging import in_places
from .paging import paged
from .paging import with_token
from .state import ACCOUNT_ID
from .state import ApiError
from .state import Image
from .state import new_id
from .tags import merged_tags

MODEL = botocore.session.get_session().get_service_model("workspaces")
OPERATION = "DescribeWorkspaceImages"
PERMISSIONS = "DescribeWorkspaceImagePermissions"
# The members of an image the installed model has (an older one lacks ErrorDetails; its parser would drop it anyway).
IMAGE_MEMBERS = frozenset(MODEL.shape_for("WorkspaceImage").members)
MADE_MEMBERS = frozenset(MODEL.operation_model("CreateWorkspaceImage").output_shape.members)
DETAIL_CODES = (
    frozenset(MODEL.shape_for("WorkspaceImageErrorDetailCode").enum) if "ErrorDetails" in IMAGE_MEMBERS else ()
)
# The admin guide says the WorkSpace is unavailable while its image is made; the console shows it Suspended. The API's
# state is not documented: the sandbox shows SUSPENDED, which every action refuses (TerminateWorkspaces included).
IMAGING = "SUSPENDED"
IMAGE_STATES = ("PENDING", "AVAILABLE", "ERROR")
# The codes are the model's errors of each call; AWS documents neither the cases nor the messages, but NAME_TAKEN's is
# moto's, which reads like AWS's own.
NAME_TAKEN = (
    "ResourceAlreadyExistsException",
    "A WorkSpace image with the same name exists in the destination Region. Provide a unique destination image name, "
    "and try again.",
)
BEING_MODIFIED = (
    "InvalidResourceStateException",
    "The properties of this WorkSpace are being modified: an image can be made once its ModificationStates are empty.",
)
ENCRYPTED = (
    "OperationNotSupportedException",
    "Images cannot be created from WorkSpaces with an encrypted root or user volume.",
)
UNKNOWN_IMAGE = "The image {image} could not be found in the specified region."
NOT_AVAILABLE = "The image {image} is not AVAILABLE."
NOT_OWNED = "The image {image} is owned by account {owner}, not by this one."
OWN_ACCOUNT = ("InvalidParameterValuesException", "An image cannot be shared with the account that owns it.")
BEING_CREATED = (
    "InvalidResourceStateException",
    "The image is being created: it can be deleted once AVAILABLE or ERROR.",
)
USED_BY_BUNDLES = "The image {image} is used by the bundles {bundles}: delete them first."
SHARED = "The image {image} is shared with the accounts {accounts}: unshare it first."
# What an image seeded in ERROR shows (fail_next_image gives the code and message of a made or copied one).
SEEDED_FAILURE = ("UnknownError", "The image could not be created.")
# The ErrorDetails code of an ErrorCode the model's WorkspaceImageErrorDetailCode does not have.
UNKNOWN_DETAIL = "UnknownError"


def entry_of(image, members=IMAGE_MEMBERS):
    """What AWS shows of an image: only the model's ``members``, leaving out what the image does not have."""
    entry = {
        "ImageId": image.image_id,
        "Name": image.name,
        "Description": image.description or None,
        "OperatingSystem": {"Type": image.operating_system},
        "State": image.state,
        "RequiredTenancy": "DEFAULT",
        "Created": image.created,
        "OwnerAccountId": image.owner_account_id,
    }
    if image.error is not None:
        code, message = image.error
        detail = code if code in DETAIL_CODES else UNKNOWN_DETAIL
        entry.update(
            ErrorCode=code, ErrorMessage=message, ErrorDetails=[{"ErrorCode": detail, "ErrorMessage": message}]
        )
    return {member: value for member, value in entry.items() if member in members and value is not None}


def of_type(image, image_type):
    """DescribeWorkspaceImages' ImageType: OWNED (the account's), SHARED (another's, shared with it), None (both)."""
    if image_type is None:
        return True
    return (image.owner_account_id == ACCOUNT_ID) == (image_type == "OWNED")


class Images:
    """Mixed into WorkSpacesFidelity."""

    def describe_workspace_images(self, params, _environ, region):
        page_size = params.get("MaxResults", self.model.most(OPERATION, "MaxResults"))
        with self.lock:
            state = self.settled_images(region)
            placed = in_places(state.image_places, state.images, params.get("ImageIds"))
            kind = params.get("ImageType")
            page, token = paged(
                (pair for pair in placed if of_type(pair[1], kind)),
                params,
                OPERATION,
                ("ImageIds", "ImageType"),
                page_size,
            )
            entries = [entry_of(image) for image in page]
        return 200, with_token({"Images": entries}, token)

    def create_workspace_image(self, params, _environ, region):
        with self.lock:
            self.settle(region)
            workspace = self.workspace_called(region, params["WorkspaceId"])
            if workspace.state != "AVAILABLE":
                raise ApiError(400, *INVALID_STATE)
            if workspace.modification_states:
                raise ApiError(400, *BEING_MODIFIED)
            if workspace.root_volume_encryption_enabled or workspace.user_volume_encryption_enabled:
                raise ApiError(400, *ENCRYPTED)
            tags = merged_tags([], params.get("Tags") or [])
            root_volume = workspace.workspace_properties.get("RootVolumeSizeGib", 80)
            image = self.new_image(region, params["Name"], params["Description"], tags, root_volume_gib=root_volume)
            self.begin_transition(region, workspace, IMAGING, "image_pending", "AVAILABLE")
            # The image and its source WorkSpace leave PENDING and SUSPENDED at the same instant.
            image.pending_since = self.region_state(region).transitions[workspace.workspace_id].started
        return 200, entry_of(image, MADE_MEMBERS)

    def copy_workspace_image(self, params, _environ, region):
        with self.lock:
            source = self.image_called(params["SourceRegion"], params["SourceImageId"], owned=False)
            if source.state != "AVAILABLE":
                raise ApiError(400, "ResourceUnavailableException", NOT_AVAILABLE.format(image=source.image_id))
            tags = merged_tags([], params.get("Tags") or [])
            # AWS does not say what a copy without a Description describes itself as: the sandbox gives it the source's.
            description = params.get("Description", source.description)
            image = self.new_image(
                region,
                params["Name"],
                description,
                tags,
                root_volume_gib=source.root_volume_gib,
                operating_system=source.operating_system,
            )
        return 200, {"ImageId": image.image_id}

    def delete_workspace_image(self, params, _environ, region):
        image_id = params["ImageId"]
        with self.lock:
            state = self.settled_images(region)
            if image_id not in state.images:
                return 200, {}  # the model lists no error for an unknown image: deleting one that is gone succeeds
            image = self.image_called(region, image_id)
            if image.state == "PENDING":
                raise ApiError(400, *BEING_CREATED)
            bundles = self.settled_bundles(region).bundles.values()
            users = ", ".join(bundle.bundle_id for bundle in bundles if bundle.image_id == image_id)
            if users:
                raise ApiError(
                    400, "ResourceAssociatedException", USED_BY_BUNDLES.format(image=image_id, bundles=users)
                )
            if image.shared_with:
                accounts = ", ".join(sorted(image.shared_with))
                raise ApiError(400, "ResourceAssociatedException", SHARED.format(image=image_id, accounts=accounts))
            del state.images[image_id]
            state.image_places.forget(image_id)
        return 200, {}

    def describe_workspace_image_permissions(self, params, _environ, region):
        page_size = params.get("MaxResults", self.model.most(PERMISSIONS, "MaxResults"))
        with self.lock:
            image = self.image_called(region, params["ImageId"])
            granted = sorted((number, account) for account, number in image.shared_with.items())
            page, token = paged(iter(granted), params, PERMISSIONS, ("ImageId",), page_size)
        permissions = [{"SharedAccountId": account} for account in page]
        return 200, with_token({"ImageId": image.image_id, "ImagePermissions": permissions}, token)

    def update_workspace_image_permission(self, params, _environ, region):
        account = params["SharedAccountId"]
        with self.lock:
            image = self.image_called(region, params["ImageId"])
            if image.state != "AVAILABLE":
                raise ApiError(400, "ResourceUnavailableException", NOT_AVAILABLE.format(image=image.image_id))
            if account == image.owner_account_id:
                raise ApiError(400, *OWN_ACCOUNT)
            if not params["AllowCopyImage"]:
                image.shared_with.pop(account, None)  # unsharing an account it is not shared with changes nothing
            elif account not in image.shared_with:
                image.shared_with[account] = image.grants
                image.grants += 1
        return 200, {}

    # -- shared ------------------------------------------------------------------------------------

    def image_called(self, region, image_id, owned=True):
        """The image a call acts on, or AWS's exception: ResourceNotFoundException for one the region does not have,
        AccessDeniedException for another account's when the call needs the owner (all but the copy). Call with the
        lock held."""
        image = self.settled_images(region).images.get(image_id)
        if image is None:
            raise ApiError(400, "ResourceNotFoundException", UNKNOWN_IMAGE.format(image=image_id))
        if owned and image.owner_account_id != ACCOUNT_ID:
            raise ApiError(400, "AccessDeniedException", NOT_OWNED.format(image=image_id, owner=image.owner_account_id))
        return image

    def image_name_taken(self, region, name):
        """Whether one of the account's images in the region, in any state, has the name (another account's do not
        count). Call with the lock held."""
        images = self.region_state(region).images.values()
        return any(image.name == name and image.owner_account_id == ACCOUNT_ID for image in images)

    def new_image(self, region, name, description, tags, **details):
        """A new image of the account, made or copied: PENDING from now, and ending with the failure fail_next_image
        armed for the region, if any. Call with the lock held."""
        if self.image_name_taken(region, name):
            raise ApiError(400, *NAME_TAKEN)
        image = self.stored_image(region, name, description, ACCOUNT_ID, tags=tags, **details)
        image.state, image.pending_since = "PENDING", self.clock()
        armed = self.faults.failing_images.get(region)
        image.failure = armed.pop(0) if armed else None
        return image

    def stored_image(self, region, name, description, owner_account_id, **details):
        """A new AVAILABLE image in the region. Call with the lock held."""
        images = self.region_state(region).images
        image_id = new_id("wsi-", images)
        image = Image(image_id, name, description or "", owner_account_id, self.wall_clock(), **details)
        images[image_id] = image
        return image

    def settled_images(self, region):
        """The region's state, every image whose PENDING time has come AVAILABLE or ERROR. Call with the lock held."""
        state = self.region_state(region)
        now = self.clock()
        seconds = self.transition_seconds["image_pending"]
        for image in state.images.values():
            if image.pending_since is not None and now - image.pending_since >= seconds:
                image.pending_since = None
                image.state, image.error = ("AVAILABLE", None) if image.failure is None else ("ERROR", image.failure)
        return state

    # -- for tests -----------------------------------------------------------------------------

    def seed_image(self, region, name, state="AVAILABLE", description="", owner_account_id=None):
        """An image straight into the region, no source WorkSpace needed; its ID. A PENDING one becomes AVAILABLE after
        ``image_pending`` seconds, an ERROR one shows SEEDED_FAILURE; ``owner_account_id``: another account's, shared
        with the sandbox's (DescribeWorkspaceImages' SHARED). An armed fail_next_image is left for the next made."""
        if state not in IMAGE_STATES:
            raise ValueError(f"{state!r} is not a WorkspaceImageState: one of {', '.join(IMAGE_STATES)}")
        owner = owner_account_id or ACCOUNT_ID
        with self.lock:
            if owner == ACCOUNT_ID and self.image_name_taken(region, name):
                raise ValueError(f"the account already has an image named {name} in {region}")
            image = self.stored_image(region, name, description, owner)
            if state == "PENDING":
                image.state, image.pending_since = "PENDING", self.clock()
            elif state == "ERROR":
                image.state, image.error = "ERROR", SEEDED_FAILURE
        return image.image_id

    def fail_next_image(self, region, error_code, error_message):
        """The next image made or copied in the region (after any armed before) ends in ERROR with these."""
        with self.lock:
            self.faults.failing_images.setdefault(region, []).append((error_code, error_message))

    def image_state_of(self, region, image_id):
        with self.lock:
            image = self.settled_images(region).images.get(image_id)
            return None if image is None else image.state

    def image_permissions_of(self, region, image_id):
        with self.lock:
            image = self.settled_images(region).images.get(image_id)
            return None if image is None else sorted(image.shared_with)
