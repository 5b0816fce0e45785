# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""DescribeWorkspaceDirectories in pages (moto returns every directory at once and refuses IDs the model allows)."""

from .paging import paged
from .paging import with_token
from .state import backend_of

OPERATION = "DescribeWorkspaceDirectories"


class Directories:
    """Mixed into WorkSpacesFidelity."""

    def describe_workspace_directories(self, params, _environ, region):
        page_size = params.get("Limit", self.model.most(OPERATION, "Limit"))
        directories = backend_of(region).workspace_directories
        wanted = params.get("DirectoryIds")
        with self.lock:
            places = self.region_state(region).directory_places
            places.number(directories)
            placed = (
                (places[directory_id], directory)
                for directory_id, directory in directories.items()
                if wanted is None or directory_id in wanted
            )
            page, token = paged(placed, params, OPERATION, ("DirectoryIds",), page_size)
            described = [directory.to_dict() for directory in page]
        return 200, with_token({"Directories": described}, token)
