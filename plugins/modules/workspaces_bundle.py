#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_bundle
short_description: Make an Amazon WorkSpaces custom bundle, point it at a new image, or delete it
version_added: 0.4.0
description:
  - Makes a custom bundle (CreateWorkspaceBundle) of an image, a compute type and volumes, points an existing one at
    another image (UpdateWorkspaceBundle), brings its tags to the options given, or deletes it.
  - The bundle is found by O(bundle_id), or by O(name) among the account's bundles. DescribeWorkspaceBundles has no
    filter by name, so the module reads the pages of the account's bundles; two bundles of that name fail the task
    before any change, naming both IDs.
  - One look-up first (DescribeWorkspaceBundles and DescribeTags, with DescribeWorkspaceImages for the image named),
    then only the calls that change something; C(changed) only when something changed. On an existing bundle only the
    options given are compared.
  - The image is the only property of a bundle AWS can change. A different O(description), O(compute_type_name),
    O(root_volume_size_gib) or O(user_volume_size_gib) on an existing bundle fails before any change; the way out is a
    new bundle, with another name.
  - New WorkSpaces get the bundle's new image; existing ones get it when they are rebuilt (M(euc.aws.workspaces_rebuild)).
  - Every value is checked against botocore's service model before any call. The compute types are the values of its
    enum; a type AWS added after the installed botocore fails before any call, saying that it needs a newer botocore.
author:
  - euc.aws maintainers (@euc-aws)
options:
  state:
    description:
      - V(present) makes the bundle when there is none, or brings an existing one to the options given.
      - V(absent) deletes the bundle (DeleteWorkspaceBundle). A bundle that WorkSpaces still use (DescribeWorkspaces by
        bundle) is refused before any call, with their number and the first IDs; migrate them to another bundle
        (M(euc.aws.workspaces_migrate)) or terminate them first. A bundle that does not exist is V(ok).
      - AWS keeps a deleted bundle's name for a while (its guide says to wait at least 2 hours); making a bundle of
        the same name before then fails with AWS's answer.
    type: str
    choices: [present, absent]
    default: present
  bundle_id:
    description:
      - The ID of the bundle, for example V(wsb-0123456789); one of O(bundle_id) and O(name) is required. A bundle of
        this ID that does not exist is not made (AWS gives a new bundle its own ID); name it by O(name) instead.
    type: str
  name:
    description:
      - The name of the bundle; required to make one. With O(bundle_id) too, it must be the bundle's name.
    type: str
  description:
    description:
      - The description of the bundle, set when it is made; required to make one.
    type: str
  image_id:
    description:
      - The image of the bundle, for example V(wsi-0123456789abcdef); one of O(image_id) and O(image_name) is required
        to make a bundle.
      - On an existing bundle, a different image is set with UpdateWorkspaceBundle, and RV(previous_image_id) says
        which it had, so that a play can go back.
      - The image must be V(AVAILABLE). A V(PENDING) one is waited for (within O(wait_timeout)) when O(wait=true), and
        refused before any change otherwise; one in V(ERROR), or not found, is refused before any change.
    type: str
  image_name:
    description:
      - The name of the image, looked up among the account's images (DescribeWorkspaceImages, every page), as
        O(image_id) otherwise. Mutually exclusive with O(image_id).
    type: str
  compute_type_name:
    description:
      - The compute type, one of the values of botocore's service model, for example V(STANDARD), V(POWER) or
        V(GRAPHICS_G4DN); required to make a bundle. Set when the bundle is made.
    type: str
  root_volume_size_gib:
    description:
      - The size of the root volume in GiB; AWS decides it when not given. Set when the bundle is made. AWS refuses
        volumes smaller than the image's.
    type: int
  user_volume_size_gib:
    description:
      - The size of the user volume in GiB; required to make a bundle. Set when the bundle is made.
    type: int
  wait:
    description:
      - Wait until a new bundle, or one pointed at another image, is V(AVAILABLE) before the module returns. A bundle
        that ends in V(ERROR) fails the task.
      - An existing bundle that is V(PENDING) is waited for too (in check mode too) before anything is compared.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait, for the bundle and for a V(PENDING) image.
    type: int
    default: 600
extends_documentation_fragment:
  - amazon.aws.tags
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    description:
      - Looks up and predicts C(changed), RV(changes), RV(bundle) and RV(previous_image_id) exactly; changes nothing.
        What AWS decides when it makes a bundle (its ID, owner and times, a root volume not given) is V(null) in the
        prediction.
  diff_mode:
    support: full
    description: The bundle before and after.
notes:
  - "IAM actions: C(workspaces:DescribeWorkspaceBundles), C(workspaces:DescribeTags), C(workspaces:DescribeWorkspaceImages),
    C(workspaces:DescribeWorkspaces) (to delete), and to change it C(workspaces:CreateWorkspaceBundle),
    C(workspaces:UpdateWorkspaceBundle), C(workspaces:DeleteWorkspaceBundle), C(workspaces:CreateTags),
    C(workspaces:DeleteTags)."
  - Use the action group C(group/euc.aws.aws) in C(module_defaults) to set the connection options.
"""

EXAMPLES = r"""
- name: The standard desktop, on this month's golden image
  euc.aws.workspaces_bundle:
    name: standard-desktop
    description: Standard desktop
    image_name: golden-2025-06
    compute_type_name: STANDARD
    root_volume_size_gib: 80
    user_volume_size_gib: 50
    tags:
      team: euc
  register: bundle

- name: Go back to the image it had, if the new one misbehaves
  euc.aws.workspaces_bundle:
    name: standard-desktop
    image_id: "{{ bundle.previous_image_id }}"
  when: bundle.previous_image_id is defined and rollback | default(false) | bool

- name: Delete a bundle no WorkSpace uses any more
  euc.aws.workspaces_bundle:
    name: old-desktop
    state: absent
"""

RETURN = r"""
bundle:
  description:
    - The bundle as M(euc.aws.workspaces_bundle_info) returns it, with its tags (in check mode, as it would be);
      V(null) once deleted, or when there is none.
  returned: always
  type: dict
  contains:
    bundle_id:
      description: The ID of the bundle; V(null) in check mode before it is made.
      type: str
      sample: wsb-0123456789
    name:
      description: Its name.
      type: str
      sample: standard-desktop
    description:
      description: Its description; empty when it has none.
      type: str
      sample: Standard desktop
    owner:
      description: Its owner, V(AMAZON) for AWS's own bundles.
      type: str
      sample: "111122223333"
    image_id:
      description: Its image.
      type: str
      sample: wsi-0123456789abcdef
    compute_type_name:
      description: Its compute type.
      type: str
      sample: STANDARD
    root_volume_size_gib:
      description: The size of its root volume in GiB.
      type: int
      sample: 80
    user_volume_size_gib:
      description: The size of its user volume in GiB.
      type: int
      sample: 50
    state:
      description: Its state, V(PENDING), V(AVAILABLE) or V(ERROR).
      type: str
      sample: AVAILABLE
    last_updated_time:
      description: When it was last changed (its image), in ISO 8601, UTC.
      type: str
      sample: "2025-06-03T08:00:00+00:00"
    creation_time:
      description: When it was made, in ISO 8601, UTC.
      type: str
      sample: "2024-01-15T08:00:00+00:00"
    tags:
      description: Its tags.
      type: dict
      sample: {"team": "euc"}
previous_image_id:
  description: The image the bundle had before this run pointed it at another (in check mode, would point).
  returned: when the image changed
  type: str
  sample: wsi-0fedcba987654321
changes:
  description:
    - What this run changed (in check mode, would change), keyed by the option, each with C(before) and C(after);
      C(state) for making or deleting the bundle. Empty when nothing changed.
    - Also returned when the task fails midway, with what was changed before the failure.
  returned: always
  type: dict
  sample: {"image_id": {"before": "wsi-0fedcba987654321", "after": "wsi-0123456789abcdef"}}
invalid:
  description: What is wrong with the options given; nothing was called.
  returned: when the task fails because of them
  type: list
  elements: str
  sample: ["user_volume_size_gib must be 1 GiB or more, not 0"]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.bundles import BUNDLE
from ansible_collections.euc.aws.plugins.module_utils.resources import resource_argument_spec
from ansible_collections.euc.aws.plugins.module_utils.resources import run_resource_module


def main():
    argument_spec = resource_argument_spec(
        bundle_id=dict(type="str"),
        name=dict(type="str"),
        description=dict(type="str"),
        image_id=dict(type="str"),
        image_name=dict(type="str"),
        compute_type_name=dict(type="str"),
        root_volume_size_gib=dict(type="int"),
        user_volume_size_gib=dict(type="int"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        required_one_of=[("bundle_id", "name")],
        mutually_exclusive=[("image_id", "image_name")],
        supports_check_mode=True,
    )
    run_resource_module(module, BUNDLE)


if __name__ == "__main__":
    main()
