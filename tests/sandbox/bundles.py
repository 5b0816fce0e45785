# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""WorkSpace bundles, which moto lacks: AWS's public bundles (owner AMAZON) in every region, and the account's own, made
from its images, PENDING for ``bundle_pending`` seconds after CreateWorkspaceBundle and UpdateWorkspaceBundle.

CreateWorkspaces and MigrateWorkspace take the bundles of their region: the public ones and the account's own there.
"""

from .create import BUNDLE_ID
from .create import BUNDLE_PROPERTIES
from .create import OTHER_BUNDLE_ID
from .images import MODEL
from .paging import in_places
from .paging import paged
from .paging import with_token
from .state import ACCOUNT_ID
from .state import ApiError
from .state import Bundle
from .state import backend_of
from .state import new_id
from .tags import merged_tags

OPERATION = "DescribeWorkspaceBundles"
AMAZON = "AMAZON"
BUNDLE_MEMBERS = frozenset(MODEL.shape_for("WorkspaceBundle").members)
COMPUTE_TYPES = tuple(MODEL.shape_for("Compute").enum)
# AWS's public bundles as the sandbox has them: name, image, description (names and images are the sandbox's).
PUBLIC = {
    BUNDLE_ID: ("Standard with Windows Server 2022", "wsi-0123456789", "Standard with Windows Server 2022 and PCoIP"),
    OTHER_BUNDLE_ID: (
        "Performance with Windows Server 2022",
        "wsi-9876543210",
        "Performance with Windows Server 2022 and PCoIP",
    ),
}
PUBLIC_SINCE = 1704067200.0  # 2024-01-01T00:00:00Z: the public bundles' CreationTime and LastUpdatedTime
# The codes are the model's errors of each call; AWS documents neither the cases nor the messages, the sandbox's.
BAD_VALUES = "InvalidParameterValuesException"
COMBINED = (BAD_VALUES, "BundleIds cannot be combined with Owner.")
UNKNOWN_OWNER = "The owner {owner} is neither AMAZON nor this account."
UNKNOWN_BUNDLE = "The bundle {bundle} could not be found in the specified region."
NO_BUNDLE_ID = (BAD_VALUES, "BundleId is required.")
NO_IMAGE_ID = (BAD_VALUES, "ImageId is required.")
NO_COMPUTE_TYPE = (BAD_VALUES, "ComputeType must name a compute type.")
NOT_A_CAPACITY = "The Capacity {capacity!r} is not a whole number of GiB."
ROOT_TOO_SMALL = "The root volume ({bundle} GiB) cannot be smaller than the image's ({image} GiB)."
NAME_TAKEN = ("ResourceAlreadyExistsException", "A bundle with the same name exists in this Region.")
IMAGE_UNKNOWN = "The image {image} could not be found in the specified region."
IMAGE_NOT_AVAILABLE = "The image {image} is not AVAILABLE."
PUBLIC_UNCHANGEABLE = ("OperationNotSupportedException", "AWS's public bundles cannot be updated.")
PUBLIC_UNDELETABLE = (BAD_VALUES, "AWS's public bundles cannot be deleted.")
BEING_CHANGED = "The bundle {bundle} is PENDING: wait until it is AVAILABLE."
IN_USE = "The bundle {bundle} is used by the WorkSpaces {workspaces}: terminate or migrate them first."


def public_bundles():
    """AWS's public bundles of one region, fresh: BUNDLE_ID and OTHER_BUNDLE_ID with their compute types and volumes."""
    bundles = {}
    for bundle_id, (name, image_id, description) in PUBLIC.items():
        shape = BUNDLE_PROPERTIES[bundle_id]
        bundles[bundle_id] = Bundle(
            bundle_id=bundle_id,
            name=name,
            owner=AMAZON,
            description=description,
            image_id=image_id,
            compute_type=shape["ComputeTypeName"],
            root_volume_gib=shape["RootVolumeSizeGib"],
            user_volume_gib=shape["UserVolumeSizeGib"],
            created=PUBLIC_SINCE,
            last_updated=PUBLIC_SINCE,
            protocols=tuple(shape["Protocols"]),
        )
    return bundles


def entry_of(bundle):
    """What AWS shows of a bundle: the model's members only, volumes as strings (as AWS sends them)."""
    entry = {
        "BundleId": bundle.bundle_id,
        "Name": bundle.name,
        "Owner": bundle.owner,
        "Description": bundle.description or None,
        "ImageId": bundle.image_id,
        "RootStorage": {"Capacity": str(bundle.root_volume_gib)},
        "UserStorage": {"Capacity": str(bundle.user_volume_gib)},
        "ComputeType": {"Name": bundle.compute_type},
        "LastUpdatedTime": bundle.last_updated,
        "CreationTime": bundle.created,
        "State": bundle.state,
        "BundleType": "REGULAR",
    }
    return {member: value for member, value in entry.items() if member in BUNDLE_MEMBERS and value is not None}


def capacity(storage):
    """A RootStorage or UserStorage Capacity, a string, as whole GiB."""
    value = storage["Capacity"]
    if not value.isdigit() or int(value) < 1:
        raise ApiError(400, BAD_VALUES, NOT_A_CAPACITY.format(capacity=value))
    return int(value)


def owner_asked(owner):
    """The Owner DescribeWorkspaceBundles lists: AMAZON, or the account (none given, or its ID)."""
    if owner in (None, ACCOUNT_ID):
        return ACCOUNT_ID
    if owner != AMAZON:
        raise ApiError(400, BAD_VALUES, UNKNOWN_OWNER.format(owner=owner))
    return AMAZON


class Bundles:
    """Mixed into WorkSpacesFidelity."""

    def describe_workspace_bundles(self, params, _environ, region):
        if "BundleIds" in params and "Owner" in params:
            raise ApiError(400, *COMBINED)
        owner = owner_asked(params.get("Owner"))
        wanted = params.get("BundleIds")
        # AWS does not say how many bundles a page holds: the sandbox's 25 is the most BundleIds a call may name.
        page_size = self.model.most(OPERATION, "BundleIds")
        with self.lock:
            state = self.settled_bundles(region)
            placed = in_places(state.bundle_places, state.bundles, wanted)
            chosen = (pair for pair in placed if wanted is not None or pair[1].owner == owner)
            page, token = paged(chosen, params, OPERATION, ("BundleIds", "Owner"), page_size)
            entries = [entry_of(bundle) for bundle in page]
        return 200, with_token({"Bundles": entries}, token)

    def create_workspace_bundle(self, params, _environ, region):
        with self.lock:
            if self.bundle_name_taken(region, params["BundleName"]):
                raise ApiError(400, *NAME_TAKEN)
            image = self.image_for_bundle(region, params["ImageId"])
            compute_type = params["ComputeType"].get("Name")
            if compute_type is None:
                raise ApiError(400, *NO_COMPUTE_TYPE)
            # AWS does not say what a bundle without RootStorage gets: the sandbox gives it the image's root volume.
            root = capacity(params["RootStorage"]) if "RootStorage" in params else image.root_volume_gib
            check_root(root, image)
            user = capacity(params["UserStorage"])
            tags = merged_tags([], params.get("Tags") or [])
            bundle = self.new_bundle(
                region, params["BundleName"], params["BundleDescription"], image.image_id, compute_type, root, user
            )
            bundle.tags = tags
            bundle.state, bundle.pending_since = "PENDING", self.clock()
        return 200, {"WorkspaceBundle": entry_of(bundle)}

    def update_workspace_bundle(self, params, _environ, region):
        if params.get("ImageId") is None:
            raise ApiError(400, *NO_IMAGE_ID)
        with self.lock:
            bundle = self.own_bundle(region, params.get("BundleId"), PUBLIC_UNCHANGEABLE)
            if bundle.state == "PENDING":
                raise ApiError(400, "ResourceUnavailableException", BEING_CHANGED.format(bundle=bundle.bundle_id))
            image = self.image_for_bundle(region, params["ImageId"])
            check_root(bundle.root_volume_gib, image)
            bundle.image_id = image.image_id
            bundle.last_updated = self.wall_clock()
            bundle.state, bundle.pending_since = "PENDING", self.clock()
        return 200, {}

    def delete_workspace_bundle(self, params, _environ, region):
        with self.lock:
            bundle = self.own_bundle(region, params.get("BundleId"), PUBLIC_UNDELETABLE)
            users = self.workspaces_on(region, bundle.bundle_id)
            if users:
                message = IN_USE.format(bundle=bundle.bundle_id, workspaces=", ".join(users))
                raise ApiError(400, "ResourceAssociatedException", message)
            state = self.region_state(region)
            del state.bundles[bundle.bundle_id]
            state.bundle_places.forget(bundle.bundle_id)
        return 200, {}

    # -- shared ------------------------------------------------------------------------------------

    def own_bundle(self, region, bundle_id, public_refusal):
        """The account's bundle a call changes, or AWS's exception (``public_refusal`` for a public one). Call with the
        lock held."""
        if bundle_id is None:
            raise ApiError(400, *NO_BUNDLE_ID)
        bundle = self.settled_bundles(region).bundles.get(bundle_id)
        if bundle is None:
            raise ApiError(400, "ResourceNotFoundException", UNKNOWN_BUNDLE.format(bundle=bundle_id))
        if bundle.owner != ACCOUNT_ID:
            raise ApiError(400, *public_refusal)
        return bundle

    def image_for_bundle(self, region, image_id):
        """The account's AVAILABLE image a bundle is made from, or AWS's exception. Call with the lock held."""
        image = self.settled_images(region).images.get(image_id)
        if image is None or image.owner_account_id != ACCOUNT_ID:
            raise ApiError(400, "ResourceNotFoundException", IMAGE_UNKNOWN.format(image=image_id))
        if image.state != "AVAILABLE":
            raise ApiError(400, "ResourceUnavailableException", IMAGE_NOT_AVAILABLE.format(image=image_id))
        return image

    def bundle_name_taken(self, region, name):
        """Whether one of the account's bundles in the region has the name (AWS's public ones do not count). Call with
        the lock held."""
        bundles = self.settled_bundles(region).bundles.values()
        return any(bundle.name == name and bundle.owner == ACCOUNT_ID for bundle in bundles)

    def new_bundle(self, region, name, description, image_id, compute_type, root, user):
        """A new AVAILABLE bundle of the account, in the region. Call with the lock held."""
        bundles = self.region_state(region).bundles
        now = self.wall_clock()
        bundle = Bundle(
            new_id("wsb-", bundles), name, ACCOUNT_ID, description or "", image_id, compute_type, root, user, now, now
        )
        bundles[bundle.bundle_id] = bundle
        return bundle

    def workspaces_on(self, region, bundle_id):
        """The WorkSpaces on a bundle, those being terminated included until they are gone. Call with the lock held."""
        present = list(backend_of(region).workspaces.values())
        leaving = [workspace for workspace, _phase in self.still_visible(region)]
        return [workspace.workspace_id for workspace in present + leaving if workspace.bundle_id == bundle_id]

    def workspace_bundle(self, region, bundle_id):
        """The bundle CreateWorkspaces and MigrateWorkspace may use (a public one, or the account's in the region, in
        any state), or None. Call with the lock held."""
        return self.settled_bundles(region).bundles.get(bundle_id)

    def settled_bundles(self, region):
        """The region's state, every bundle whose PENDING time has come AVAILABLE. Call with the lock held."""
        state = self.region_state(region)
        now = self.clock()
        seconds = self.transition_seconds["bundle_pending"]
        for bundle in state.bundles.values():
            if bundle.pending_since is not None and now - bundle.pending_since >= seconds:
                bundle.state, bundle.pending_since = "AVAILABLE", None
        return state

    # -- for tests -----------------------------------------------------------------------------

    def seed_bundle(
        self, region, name, image_id, compute_type, root_volume_size_gib, user_volume_size_gib, description
    ):
        """An AVAILABLE bundle of the account straight into the region, from one of its images (any state); its ID."""
        if compute_type not in COMPUTE_TYPES:
            raise ValueError(f"{compute_type!r} is not a Compute: one of {', '.join(COMPUTE_TYPES)}")
        with self.lock:
            image = self.settled_images(region).images.get(image_id)
            if image is None or image.owner_account_id != ACCOUNT_ID:
                raise ValueError(f"no image {image_id} of the account in {region}: seed_image makes one")
            if self.bundle_name_taken(region, name):
                raise ValueError(f"the account already has a bundle named {name} in {region}")
            bundle = self.new_bundle(
                region, name, description, image_id, compute_type, int(root_volume_size_gib), int(user_volume_size_gib)
            )
        return bundle.bundle_id

    def bundle_state_of(self, region, bundle_id):
        with self.lock:
            bundle = self.settled_bundles(region).bundles.get(bundle_id)
            return None if bundle is None else bundle.state


def check_root(root, image):
    """The admin guide: custom bundle storage volumes cannot be smaller than the image's (the root volume here)."""
    if root < image.root_volume_gib:
        raise ApiError(400, BAD_VALUES, ROOT_TOO_SMALL.format(bundle=root, image=image.root_volume_gib))
