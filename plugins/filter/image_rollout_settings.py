# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: image_rollout_settings
short_description: Check the inputs of an image rollout, before any AWS call
version_added: 0.4.0
description:
  - Checks the options of the role P(euc.aws.workspaces_image_rollout#role) all at once, and returns them normalised,
    or only C(problems) naming every problem.
  - The bundle, image and WorkSpace IDs, the image's name and description are checked against botocore's service
    model; the whole numbers are converted (a survey gives them as strings); one of C(image_id) and
    C(builder_workspace_id) is required, the latter with C(image_name) and C(image_description); the report's path
    must be writable.
author:
  - euc.aws maintainers (@euc-aws)
positional: option_prefix
options:
  _input:
    description: The role's options, by name without O(option_prefix).
    type: dict
    required: true
  option_prefix:
    description: The prefix of the role's variables, so that each problem names the variable to fix.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Check the inputs
  ansible.builtin.set_fact:
    rollout_settings: "{{ {'bundle': 'standard-desktop', 'image_id': 'wsi-0123456789abcdef'} | euc.aws.image_rollout_settings }}"
"""

RETURN = r"""
_value:
  description:
    - The options, with C(bundle) split into C(bundle_id) or C(bundle_name), the numbers as integers, and an empty
      C(problems); or only C(problems), the list of what is wrong.
  type: dict
"""

from ansible.errors import AnsibleFilterError

try:
    import botocore.session
except ImportError:
    HAS_BOTOCORE = False
else:
    HAS_BOTOCORE = True

from ansible_collections.euc.aws.plugins.module_utils.image_rollout import rollout_settings
from ansible_collections.euc.aws.plugins.module_utils.role_inputs import output_path_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import string_problems


def image_rollout_settings(options, option_prefix=""):
    if not HAS_BOTOCORE:
        raise AnsibleFilterError("image_rollout_settings: needs botocore on the controller, to check the IDs and names")
    model = botocore.session.get_session().get_service_model("workspaces")
    settings = rollout_settings(
        options, lambda option, value, shape_name: string_problems(model, option, value, shape_name), option_prefix
    )
    problems = settings["problems"] + output_path_problems(options.get("report_path") or "", f"{option_prefix}report_path")
    return {"problems": problems} if problems else settings


class FilterModule:
    def filters(self):
        return {"image_rollout_settings": image_rollout_settings}
