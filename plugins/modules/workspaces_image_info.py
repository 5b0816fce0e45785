#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_image_info
short_description: List Amazon WorkSpaces images, with whom they are shared and their tags
version_added: 0.4.0
description:
  - Returns the images named by O(image_ids) or O(names), or every image the account owns (O(image_type=OWNED), the
    default) or that other accounts share with it (O(image_type=SHARED)).
  - DescribeWorkspaceImages takes at most 25 IDs a call (the limit in botocore's service model), each call followed to
    its last page; without O(image_ids) it reads every page of the images of O(image_type), since it has no filter
    by name. With O(permissions=true), one DescribeWorkspaceImagePermissions an image (every page); with O(tags=true),
    one DescribeTags an image. The calls run side by side on the bounded pool.
  - Image IDs that do not match the pattern in botocore's service model fail before any call. An image that does not
    exist is simply absent from RV(images).
author:
  - euc.aws maintainers (@euc-aws)
options:
  image_ids:
    description:
      - IDs of the images, for example V(wsi-0123456789abcdef). Duplicates count once. An empty list returns no images
        and makes no AWS call. Mutually exclusive with O(names) and O(image_type).
    type: list
    elements: str
  names:
    description:
      - Names of the images, among those of O(image_type). An empty list returns no images and makes no AWS call.
    type: list
    elements: str
  image_type:
    description:
      - Without O(image_ids), which images to list; V(OWNED) when not given.
    type: str
    choices: [OWNED, SHARED]
  permissions:
    description:
      - Add to each image its C(shared_account_ids), the accounts it is shared with. Only the owner of an image may
        read them, so leave this V(false) for the images other accounts share (V(SHARED)); AWS's refusal fails the
        task.
    type: bool
    default: false
  tags:
    description:
      - Add to each image its C(tags); DescribeTags takes one image a call.
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
  - "IAM actions: C(workspaces:DescribeWorkspaceImages), and with O(permissions=true)
    C(workspaces:DescribeWorkspaceImagePermissions), with O(tags=true) C(workspaces:DescribeTags)."
"""

EXAMPLES = r"""
- name: Every image of the account, with whom each is shared
  euc.aws.workspaces_image_info:
    permissions: true
  register: images

- name: The images other accounts share with this one
  euc.aws.workspaces_image_info:
    image_type: SHARED
  register: shared

- name: The golden images, oldest first, all but the newest three
  ansible.builtin.debug:
    msg: "{{ (images.images | selectattr('name', 'match', '^golden-') | sort(attribute='created'))[:-3] | map(attribute='name') | list }}"
"""

RETURN = r"""
images:
  description:
    - The images, each as M(euc.aws.workspaces_image) returns it in RV(euc.aws.workspaces_image#module:image);
      C(shared_account_ids) only with O(permissions=true), C(tags) only with O(tags=true).
  returned: always
  type: list
  elements: dict
  sample: [{"image_id": "wsi-0123456789abcdef", "name": "golden-2025-06", "description": "Golden image of June 2025",
            "state": "AVAILABLE", "operating_system": "WINDOWS", "required_tenancy": "DEFAULT",
            "created": "2025-06-02T09:30:00+00:00", "owner_account_id": "111122223333"}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.concurrency import DEFAULT_MAX_CONCURRENCY
from ansible_collections.euc.aws.plugins.module_utils.images import images_info
from ansible_collections.euc.aws.plugins.module_utils.wiring import run_info_module


def main():
    argument_spec = dict(
        image_ids=dict(type="list", elements="str"),
        names=dict(type="list", elements="str"),
        image_type=dict(type="str", choices=["OWNED", "SHARED"]),
        permissions=dict(type="bool", default=False),
        tags=dict(type="bool", default=False),
        max_concurrency=dict(type="int", default=DEFAULT_MAX_CONCURRENCY),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec, mutually_exclusive=[("image_ids", "names"), ("image_ids", "image_type")], supports_check_mode=True
    )
    run_info_module(module, images_info)


if __name__ == "__main__":
    main()
