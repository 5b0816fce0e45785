# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A local Amazon WorkSpaces sandbox: moto's server plus the AWS behaviour moto lacks (see README.md)."""

from .create import BUNDLE_ID
from .create import KNOWN_BUNDLES
from .create import OTHER_BUNDLE_ID
from .server import Sandbox

__all__ = ["Sandbox", "BUNDLE_ID", "OTHER_BUNDLE_ID", "KNOWN_BUNDLES"]
