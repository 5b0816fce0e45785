# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CreateTags / DeleteTags / DescribeTags as AWS has them, on every WorkSpaces resource that takes tags.

moto appends a second tag with the same key instead of replacing its value, has no DeleteTags, crashes on
DescribeTags of an unknown ID, and knows tags of WorkSpaces, directories and images only. AWS tags WorkSpaces,
directories, IP access control groups, images, bundles and connection aliases.
"""

from .state import ApiError
from .state import Tagged
from .state import backend_of
from .state import new_id

# AWS's limit of tags per WorkSpaces resource, from its documentation (botocore's model does not carry it).
MOST_TAGS = 50
TOO_MANY_TAGS = ("ResourceLimitExceededException", f"A resource can have at most {MOST_TAGS} tags.")
UNKNOWN_RESOURCE = ("ResourceNotFoundException", "The resource could not be found.")
# AWS reserves the aws: prefix of tag keys, in any case, for its own tags; the code is the model's error for bad
# parameters of CreateTags, the message the sandbox's.
RESERVED_PREFIX = "aws:"
RESERVED_KEY = ("InvalidParameterValuesException", "Tag keys may not begin with aws:, which is reserved for AWS's use.")


def merged_tags(current, added):
    """The tag list once ``added`` are put on a resource that has ``current``: a key given again takes its new value.
    AWS's refusals (a reserved key, more than 50 tags) leave the resource as it was."""
    if any(tag["Key"].casefold().startswith(RESERVED_PREFIX) for tag in added):
        raise ApiError(400, *RESERVED_KEY)
    merged = {tag["Key"]: tag for tag in current or ()}  # moto leaves an image created untagged None
    merged.update((tag["Key"], dict(tag)) for tag in added)
    if len(merged) > MOST_TAGS:
        raise ApiError(400, *TOO_MANY_TAGS)
    return list(merged.values())


class Tags:
    """Mixed into WorkSpacesFidelity."""

    def create_tags(self, params, _environ, region):
        with self.lock:
            resource = self.tagged(region, params["ResourceId"])
            resource.tags = merged_tags(resource.tags, params["Tags"])
        return 200, {}

    def delete_tags(self, params, _environ, region):
        with self.lock:
            resource = self.tagged(region, params["ResourceId"])
            resource.tags = [tag for tag in resource.tags or () if tag["Key"] not in params["TagKeys"]]
        return 200, {}

    def describe_tags(self, params, _environ, region):
        with self.lock:
            return 200, {"TagList": list(self.tagged(region, params["ResourceId"]).tags or ())}

    def tagged(self, region, resource_id):
        """The object (moto's WorkSpace or directory; the sandbox's IP group, image, bundle or connection alias) whose
        ``tags`` the call reads or writes. Call with the lock held."""
        backend = backend_of(region)
        state = self.region_state(region)
        self.settle_directories(region)
        kept = (
            backend.workspaces, backend.workspace_directories, state.ip_groups, state.images, state.bundles,
            state.connection_aliases,
        )
        for resources in kept:
            if resource_id in resources:
                return resources[resource_id]
        # A WorkSpace being terminated keeps its tags while AWS still shows it.
        for workspace, _phase in self.still_visible(region):
            if workspace.workspace_id == resource_id:
                return workspace
        raise ApiError(400, *UNKNOWN_RESOURCE)

    def tags_of(self, region, resource_id):
        with self.lock:
            return {tag["Key"]: tag.get("Value", "") for tag in self.tagged(region, resource_id).tags or ()}

    def seed_connection_alias(self, region, connection_string):
        """A connection alias (moto has none) that only tags know of; its ID."""
        with self.lock:
            aliases = self.region_state(region).connection_aliases
            alias_id = new_id("wsca-", aliases)
            aliases[alias_id] = Tagged(connection_string=connection_string)
        return alias_id
