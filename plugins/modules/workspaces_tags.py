#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_tags
short_description: Manage tags on Amazon WorkSpaces resources, a fleet in one task
version_added: 0.4.0
description:
  - Sets or removes tags on any WorkSpaces resource, whoever created it. WorkSpaces (V(ws-)), directories (V(d-)),
    IP access control groups (V(wsipg-)), images (V(wsi-)), bundles (V(wsb-)) and connection aliases (V(wsca-)).
  - AWS tags one resource a call. The module looks up every resource's tags with DescribeTags, then calls CreateTags
    and DeleteTags only for the resources whose tags differ, side by side on the bounded pool.
  - The tags mean what they mean in M(amazon.aws.ec2_tag).
  - Keys that begin with V(aws:) (in any case, since AWS reserves them), and keys and values beyond the lengths in
    botocore's service model, fail before any call. A resource that would end with more than 50 tags (AWS's limit)
    fails after the look-up, before any change. A resource AWS does not know fails the task, naming it.
  - When a call fails midway, the task fails naming the resources already tagged, the ones that failed and those
    never attempted.
author:
  - euc.aws maintainers (@euc-aws)
options:
  resource_ids:
    description: The resources to tag. Duplicates count once.
    type: list
    elements: str
    required: true
  state:
    description:
      - V(present) sets O(tags) on each resource.
      - V(absent) removes the keys of O(tags) from each resource. A key given with a value is removed only while it has
        that value; a key given with no value (V(null)) is removed whatever its value.
    type: str
    choices: [present, absent]
    default: present
  tags:
    description: The tags to set, or with O(state=absent) to remove.
    type: dict
    required: true
  purge_tags:
    description:
      - With O(state=present), also remove the tags not in O(tags), except those whose keys begin with V(aws:).
      - V(false) by default, as in M(amazon.aws.ec2_tag), since a fleet's resources carry tags of other owners.
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
    description: Looks every resource up and predicts C(changed) and RV(resources) exactly; changes nothing.
  diff_mode:
    support: full
    description: Each resource's tags before and after.
notes:
  - "IAM actions: C(workspaces:DescribeTags), and to change them C(workspaces:CreateTags) and C(workspaces:DeleteTags)."
"""

EXAMPLES = r"""
- name: Tag a team's WorkSpaces and their directory
  euc.aws.workspaces_tags:
    resource_ids: "{{ team_workspace_ids + ['d-1234567890'] }}"
    tags:
      cost-centre: "4711"
      team: finance

- name: Remove the temporary tag, only where it still says yes
  euc.aws.workspaces_tags:
    resource_ids: "{{ team_workspace_ids }}"
    state: absent
    tags:
      temporary: "yes"
"""

RETURN = r"""
resources:
  description: Per resource, in the order given, what this run changed (in check mode, would change).
  returned: always
  type: list
  elements: dict
  contains:
    resource_id:
      description: The resource.
      type: str
      sample: ws-abc12345d
    added:
      description: The tags it did not have, with their values.
      type: dict
      sample: {"team": "finance"}
    updated:
      description: The tags whose values changed, each with C(before) and C(after).
      type: dict
      sample: {"cost-centre": {"before": "1000", "after": "4711"}}
    removed:
      description: The tags removed, with the values they had.
      type: dict
      sample: {"temporary": "yes"}
    tags:
      description: Its tags after the run, as M(euc.aws.workspaces_info) returns a WorkSpace's tags.
      type: dict
      sample: {"team": "finance", "cost-centre": "4711"}
tagged:
  description: The resources whose tags were changed before a call failed midway.
  returned: when a call fails midway
  type: list
  elements: str
  sample: ["ws-abc12345d"]
failed_resources:
  description: The resources whose call failed midway; their tags may or may not have changed.
  returned: when a call fails midway
  type: list
  elements: str
  sample: ["ws-def67890g"]
not_attempted:
  description: The resources whose calls were never sent, after a call failed midway.
  returned: when a call fails midway
  type: list
  elements: str
  sample: []
invalid:
  description: What is wrong with the options given; nothing was called.
  returned: when the task fails because of them
  type: list
  elements: str
  sample: ["tags: key 'aws:owner' begins with aws:, which AWS reserves"]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.concurrency import DEFAULT_MAX_CONCURRENCY
from ansible_collections.euc.aws.plugins.module_utils.wiring import run_read_module
from ansible_collections.euc.aws.plugins.module_utils.tagging import run_tags


def main():
    argument_spec = dict(
        resource_ids=dict(type="list", elements="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        tags=dict(type="dict", required=True),
        purge_tags=dict(type="bool", default=False),
        max_concurrency=dict(type="int", default=DEFAULT_MAX_CONCURRENCY),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    run_read_module(module, lambda client, params: run_tags(client, params, module.check_mode, module._diff), changes=True)


if __name__ == "__main__":
    main()
