#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_bundle_info
short_description: List Amazon WorkSpaces bundles, the account's own or AWS's
version_added: 0.4.0
description:
  - Returns the bundles named by O(bundle_ids) or O(names), or every bundle of the account, or AWS's own public
    bundles with O(owner=AMAZON).
  - DescribeWorkspaceBundles takes at most 25 IDs a call (the limit in botocore's service model), each call followed to
    its last page (NextToken), the calls side by side on the bounded pool; without O(bundle_ids) it reads every page of
    the bundles of the account (or of O(owner)), since it has no filter by name. With O(tags=true), one DescribeTags a
    bundle, on the pool too.
  - Bundle IDs that do not match the pattern in botocore's service model fail before any call. A bundle that does not
    exist is simply absent from RV(bundles).
author:
  - euc.aws maintainers (@euc-aws)
options:
  bundle_ids:
    description:
      - IDs of the bundles, for example V(wsb-0123456789). Duplicates count once. An empty list returns no bundles and
        makes no AWS call. Mutually exclusive with O(names) and O(owner).
    type: list
    elements: str
  names:
    description:
      - Names of the bundles, among those of the account (or of O(owner)). An empty list returns no bundles and makes
        no AWS call.
    type: list
    elements: str
  owner:
    description:
      - V(AMAZON) lists AWS's own public bundles instead of the account's.
    type: str
    choices: [AMAZON]
  tags:
    description:
      - Add to each bundle its C(tags); DescribeTags takes one bundle a call.
    type: bool
    default: false
extends_documentation_fragment:
  - euc.aws.concurrency
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    description: Changes nothing in any mode.
notes:
  - "IAM actions: C(workspaces:DescribeWorkspaceBundles), and with O(tags=true) C(workspaces:DescribeTags)."
"""

EXAMPLES = r"""
- name: Every bundle of the account
  euc.aws.workspaces_bundle_info:
  register: bundles

- name: AWS's public bundles, to pick one for new WorkSpaces
  euc.aws.workspaces_bundle_info:
    owner: AMAZON
  register: public

- name: Which bundles still use an old image
  ansible.builtin.debug:
    msg: "{{ bundles.bundles | selectattr('image_id', 'equalto', old_image_id | default('wsi-0fedcba987654321')) | map(attribute='name') | list }}"
"""

RETURN = r"""
bundles:
  description:
    - The bundles, each as M(euc.aws.workspaces_bundle) returns it in RV(euc.aws.workspaces_bundle#module:bundle);
      C(tags) only with O(tags=true).
  returned: always
  type: list
  elements: dict
  sample: [{"bundle_id": "wsb-0123456789", "name": "standard-desktop", "description": "Standard desktop",
            "owner": "111122223333", "image_id": "wsi-0123456789abcdef", "compute_type_name": "STANDARD",
            "root_volume_size_gib": 80, "user_volume_size_gib": 50, "state": "AVAILABLE",
            "last_updated_time": "2025-06-03T08:00:00+00:00", "creation_time": "2024-01-15T08:00:00+00:00"}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.bundles import bundles_info
from ansible_collections.euc.aws.plugins.module_utils.concurrency import DEFAULT_MAX_CONCURRENCY
from ansible_collections.euc.aws.plugins.module_utils.wiring import run_info_module


def main():
    argument_spec = dict(
        bundle_ids=dict(type="list", elements="str"),
        names=dict(type="list", elements="str"),
        owner=dict(type="str", choices=["AMAZON"]),
        tags=dict(type="bool", default=False),
        max_concurrency=dict(type="int", default=DEFAULT_MAX_CONCURRENCY),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec, mutually_exclusive=[("bundle_ids", "names"), ("bundle_ids", "owner")], supports_check_mode=True
    )
    run_info_module(module, bundles_info)


if __name__ == "__main__":
    main()
