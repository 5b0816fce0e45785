# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which botocore model the tests run on: some pin members that only newer models have."""

import botocore
import pytest

from ansible.module_utils.compat.version import LooseVersion

# The directory settings' newest members (NestedVirtualization, EnableEndUserAdvisor) came with botocore 1.44.5.
NEWEST_DIRECTORY_MEMBERS = "1.44.5"

needs_the_newest_directory_model = pytest.mark.skipif(
    LooseVersion(botocore.__version__) < LooseVersion(NEWEST_DIRECTORY_MEMBERS),
    reason=f"pins the directory members of botocore {NEWEST_DIRECTORY_MEMBERS} and newer (the matrix's floor leg runs the "
    "directory's end-to-end scenario instead)",
)
