# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CreateTags / DeleteTags / DescribeTags as AWS has them.

moto appends a second tag with the same key instead of replacing its value, has no DeleteTags, and crashes on
DescribeTags of an unknown ID.
"""

from .state import ApiError
from .state import backend_of

# AWS's limit of tags per WorkSpaces resource, from its documentation (botocore's model does not carry it).
MOST_TAGS = 50
TOO_MANY_TAGS = ("ResourceLimitExceededException", f"A resource can have at most {MOST_TAGS} tags.")
UNKNOWN_RESOURCE = ("ResourceNotFoundException", "The resource could not be found.")


class Tags:
    """Mixed into WorkSpacesFidelity."""

    def create_tags(self, params, _environ, region):
        with self.lock:
            resource = self.tagged(region, params["ResourceId"])
            merged = {tag["Key"]: tag for tag in resource.tags}
            merged.update((tag["Key"], tag) for tag in params["Tags"])
            if len(merged) > MOST_TAGS:
                raise ApiError(400, *TOO_MANY_TAGS)
            resource.tags = list(merged.values())
        return 200, {}

    def delete_tags(self, params, _environ, region):
        with self.lock:
            resource = self.tagged(region, params["ResourceId"])
            resource.tags = [tag for tag in resource.tags if tag["Key"] not in params["TagKeys"]]
        return 200, {}

    def describe_tags(self, params, _environ, region):
        with self.lock:
            return 200, {"TagList": list(self.tagged(region, params["ResourceId"]).tags)}

    def tagged(self, region, resource_id):
        """The moto object (WorkSpace, directory or image) whose ``tags`` the call reads or writes."""
        backend = backend_of(region)
        for resources in (backend.workspaces, backend.workspace_directories, backend.workspace_images):
            if resource_id in resources:
                return resources[resource_id]
        # A WorkSpace being terminated keeps its tags while AWS still shows it.
        for workspace, _phase in self.still_visible(region):
            if workspace.workspace_id == resource_id:
                return workspace
        raise ApiError(400, *UNKNOWN_RESOURCE)

    def tags_of(self, region, resource_id):
        with self.lock:
            return {tag["Key"]: tag.get("Value", "") for tag in self.tagged(region, resource_id).tags}
