#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_image
short_description: Make, copy, share or delete an Amazon WorkSpaces image
version_added: 0.4.0
description:
  - Makes a WorkSpaces image of a WorkSpace (CreateWorkspaceImage) or copies one from another region or account
    (CopyWorkspaceImage), shares it with other accounts, brings its tags to the options given, or deletes it.
  - The image is found by O(image_id), or by O(name) among the account's own images. DescribeWorkspaceImages has no
    filter by name, so the module reads the pages of the account's images; two images of that name fail the task
    before any change, naming both IDs.
  - One look-up first (DescribeWorkspaceImages, with DescribeWorkspaceImagePermissions and DescribeTags for an image
    found), then only the calls that change something; C(changed) only when something changed. An image of that name
    that already exists is V(ok), with no call, whatever its source was.
  - An image's name and description are set when it is made, and AWS has no call that changes either. A different
    O(description) on an existing image fails before any change; the way out is a new image.
  - Every value is checked against its pattern and length in botocore's service model before any call.
  - B(Before making an image of a WorkSpace), prepare it from inside. On a Windows WorkSpace, open the Image Checker
    app (on its desktop) and run it; fix each check it fails, and run it again until every check passes. AWS runs the
    same checks when it makes the image, and an image that fails them ends in V(ERROR) with one C(ErrorDetails) entry
    for each. AWS also needs more than 12 GiB free on the C drive and a user profile smaller than 10 GiB. See
    "Create a custom WorkSpaces image and bundle" in the Amazon WorkSpaces Administration Guide.
  - B(The WorkSpace cannot be used while the image is made.) It is unavailable to its user until the image is done,
    which takes tens of minutes; tell its user first.
author:
  - euc.aws maintainers (@euc-aws)
options:
  state:
    description:
      - V(present) makes the image when there is none (from O(source_workspace_id), or from O(source_image_id)), or
        brings an existing one to the options given.
      - An existing image found in V(ERROR) (from a failed earlier run) fails the task before any change, naming
        AWS's error; delete it (V(absent)) and run again.
      - V(absent) deletes the image (DeleteWorkspaceImage). An image that one of the account's bundles still uses is
        refused before any call, naming the bundles; point them at another image with M(euc.aws.workspaces_bundle)
        first. The accounts it is shared with are revoked first, since AWS does not delete a shared image. An image in
        V(ERROR) is deleted like any other. An image that does not exist is V(ok).
    type: str
    choices: [present, absent]
    default: present
  image_id:
    description:
      - The ID of the image, for example V(wsi-0123456789abcdef); one of O(image_id) and O(name) is required. An image
        of this ID that does not exist is not made (AWS gives a new image its own ID); name it by O(name) instead.
    type: str
  name:
    description:
      - The name of the image; required to make one. With O(image_id) too, it must be the image's name.
    type: str
  description:
    description:
      - The description of the image, set when it is made; required to make one of a WorkSpace.
      - A copy without O(description) gets the description of its source image.
    type: str
  source_workspace_id:
    description:
      - The WorkSpace to make the image of, for example V(ws-0123456789). Used only to make an image.
      - Refused before any call, each with its reason, are a WorkSpace that is not found, one that is not
        V(AVAILABLE), one whose C(ModificationStates) is not empty (a modification still under way), and one whose root
        or user volume is encrypted (AWS cannot make an image of those).
      - Mutually exclusive with O(source_image_id).
    type: str
  source_image_id:
    description:
      - The image to copy, in O(source_region), for example V(wsi-0123456789abcdef); an image of another account must
        be shared with this one. Used only to make an image. The copy is made in the module's region.
      - The source image is read in O(source_region) first (DescribeWorkspaceImages there); one that is not found, or
        that is not V(AVAILABLE), is refused before any change.
    type: str
  source_region:
    description:
      - The region of O(source_image_id); required with it.
    type: str
  shared_account_ids:
    description:
      - The AWS accounts that may copy the image (UpdateWorkspaceImagePermission, one call for each account that
        differs). Each must be a 12-digit account ID, checked before any call. Without O(shared_account_ids) the
        sharing is left as it is.
      - AWS shares only an V(AVAILABLE) image. With O(wait=true) the module waits for a V(PENDING) one first; with
        O(wait=false) sharing a V(PENDING) image is refused before any call.
    type: list
    elements: str
  purge_shared_accounts:
    description:
      - With O(purge_shared_accounts=true) the image is shared with exactly O(shared_account_ids), and the other
        accounts are revoked (first); with V(false) the accounts given are added.
    type: bool
    default: true
  wait:
    description:
      - Wait until a new image is V(AVAILABLE) before the module returns (and before sharing it). An image that ends
        in V(ERROR) fails the task with AWS's C(ErrorCode), C(ErrorMessage) and C(ErrorDetails).
      - An existing image that is V(PENDING) is waited for too (in check mode too, since what follows depends on how it
        settles) before anything is compared.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait. Images take tens of minutes to make.
    type: int
    default: 5400
extends_documentation_fragment:
  - amazon.aws.tags
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    description:
      - Looks up and predicts C(changed), RV(changes) and RV(image) exactly; changes nothing. What AWS decides when it
        makes an image (its ID, when it was made, its owner) is V(null) in the prediction.
  diff_mode:
    support: full
    description: The image before and after.
notes:
  - "IAM actions: C(workspaces:DescribeWorkspaceImages), C(workspaces:DescribeWorkspaceImagePermissions),
    C(workspaces:DescribeTags), C(workspaces:DescribeWorkspaceBundles) (to delete), C(workspaces:DescribeWorkspaces) (to
    make an image of a WorkSpace), and to change it C(workspaces:CreateWorkspaceImage), C(workspaces:CopyWorkspaceImage),
    C(workspaces:UpdateWorkspaceImagePermission), C(workspaces:DeleteWorkspaceImage), C(workspaces:CreateTags),
    C(workspaces:DeleteTags). A copy also needs C(workspaces:DescribeWorkspaceImages) in O(source_region)."
  - Use the action group C(group/euc.aws.aws) in C(module_defaults) to set the connection options.
"""

EXAMPLES = r"""
- name: Make this month's golden image of the builder WorkSpace (its Image Checker passed)
  euc.aws.workspaces_image:
    name: golden-2025-06
    description: Golden image of June 2025
    source_workspace_id: ws-0123456789
    tags:
      team: euc
  register: golden

- name: Copy it to another region
  euc.aws.workspaces_image:
    region: eu-west-1
    name: golden-2025-06
    source_image_id: "{{ golden.image.image_id }}"
    source_region: us-east-1

- name: Share it with the test account, and no other
  euc.aws.workspaces_image:
    name: golden-2025-06
    shared_account_ids: ["123456789012"]

- name: Delete last year's image once no bundle uses it
  euc.aws.workspaces_image:
    name: golden-2024-06
    state: absent
"""

RETURN = r"""
image:
  description:
    - The image as M(euc.aws.workspaces_image_info) returns it, with whom it is shared and its tags (in check mode, as
      it would be); V(null) once deleted, or when there is none.
  returned: always
  type: dict
  contains:
    image_id:
      description: The ID of the image; V(null) in check mode before it is made.
      type: str
      sample: wsi-0123456789abcdef
    name:
      description: Its name.
      type: str
      sample: golden-2025-06
    description:
      description: Its description; empty when it has none.
      type: str
      sample: Golden image of June 2025
    state:
      description: Its state, V(PENDING) while AWS makes it, then V(AVAILABLE) or V(ERROR).
      type: str
      sample: AVAILABLE
    operating_system:
      description: The type of its operating system, V(WINDOWS) or V(LINUX).
      type: str
      sample: WINDOWS
    required_tenancy:
      description: V(DEDICATED) for an image of Bring Your Own License, else V(DEFAULT).
      type: str
      sample: DEFAULT
    created:
      description: When it was made, in ISO 8601, UTC.
      type: str
      sample: "2025-06-02T09:30:00+00:00"
    owner_account_id:
      description: The account that owns it.
      type: str
      sample: "111122223333"
    shared_account_ids:
      description: The accounts it is shared with (that may copy it).
      type: list
      elements: str
      sample: ["123456789012"]
    tags:
      description: Its tags.
      type: dict
      sample: {"team": "euc"}
    error_code:
      description: AWS's C(ErrorCode).
      returned: when the image is in V(ERROR)
      type: str
    error_message:
      description: AWS's C(ErrorMessage).
      returned: when the image is in V(ERROR)
      type: str
    error_details:
      description: AWS's C(ErrorDetails), each check of the image checker the WorkSpace failed.
      returned: when the image is in V(ERROR)
      type: list
      elements: dict
      sample: [{"error_code": "PendingReboot", "error_message": "The WorkSpace has a pending reboot."}]
changes:
  description:
    - What this run changed (in check mode, would change), keyed by the option, each with C(before) and C(after);
      C(state) for making or deleting the image. Empty when nothing changed.
    - Also returned when the task fails midway, with what was changed before the failure.
  returned: always
  type: dict
  sample: {"shared_account_ids": {"before": [], "after": ["123456789012"]}}
invalid:
  description: What is wrong with the options given; nothing was called.
  returned: when the task fails because of them
  type: list
  elements: str
  sample: ["shared_account_ids: '12345' must match ^\\d{12}$"]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.images import IMAGE
from ansible_collections.euc.aws.plugins.module_utils.resources import resource_argument_spec
from ansible_collections.euc.aws.plugins.module_utils.resources import run_resource_module


def main():
    argument_spec = resource_argument_spec(
        image_id=dict(type="str"),
        name=dict(type="str"),
        description=dict(type="str"),
        source_workspace_id=dict(type="str"),
        source_image_id=dict(type="str"),
        source_region=dict(type="str"),
        shared_account_ids=dict(type="list", elements="str"),
        purge_shared_accounts=dict(type="bool", default=True),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=5400),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        required_one_of=[("image_id", "name")],
        mutually_exclusive=[("source_workspace_id", "source_image_id")],
        required_together=[("source_image_id", "source_region")],
        supports_check_mode=True,
    )
    run_resource_module(module, IMAGE)


if __name__ == "__main__":
    main()
