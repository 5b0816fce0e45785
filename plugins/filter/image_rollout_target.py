# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: image_rollout_target
short_description: Check the bundle and the image of an image rollout
version_added: 0.4.0
description:
  - Checks what M(euc.aws.workspaces_bundle_info) and M(euc.aws.workspaces_image_info) found for an image rollout;
    the bundle must be one custom bundle of the account (not one of AWS's public bundles), and an image given by ID
    must exist and be V(AVAILABLE).
  - Without an image ID, the image named C(image_name) found is taken, so that a run that made it and stopped resumes
    on it; none found means the image is still to be made.
  - The role P(euc.aws.workspaces_image_rollout#role) uses it.
author:
  - euc.aws maintainers (@euc-aws)
positional: bundles, images
options:
  _input:
    description: The result of P(euc.aws.image_rollout_settings#filter), without problems.
    type: dict
    required: true
  bundles:
    description: The bundles M(euc.aws.workspaces_bundle_info) found for the settings' bundle.
    type: list
    elements: dict
    required: true
  images:
    description: The images M(euc.aws.workspaces_image_info) found for the settings' image ID or name.
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Check the bundle and the image
  ansible.builtin.set_fact:
    rollout_target: "{{ rollout_settings | euc.aws.image_rollout_target(bundle.bundles, image.images) }}"
"""

RETURN = r"""
_value:
  description: The target.
  type: dict
  contains:
    bundle_id:
      description: The bundle's ID.
      type: str
    previous_image_id:
      description: The bundle's image now, to point it back at.
      type: str
    image_id:
      description: The image to roll out; V(null) while it is still to be made.
      type: str
    problems:
      description: What is wrong with the bundle or the image; empty when the run may go on.
      type: list
      elements: str
"""

from ansible_collections.euc.aws.plugins.module_utils.image_rollout import bundle_target


def image_rollout_target(settings, bundles, images):
    return bundle_target(settings, bundles, images)


class FilterModule:
    def filters(self):
        return {"image_rollout_target": image_rollout_target}
