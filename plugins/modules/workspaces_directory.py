#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_directory
short_description: Register a directory with Amazon WorkSpaces and manage its settings
version_added: 0.4.0
description:
  - Registers a Directory Service directory with WorkSpaces, brings its settings, IP access control groups and tags to
    the options given, or deregisters it.
  - One DescribeWorkspaceDirectories look-up first (with DescribeClientProperties and DescribeTags), then only the
    calls that change something; C(changed) only when something changed. Each setting is a dict of which only the
    keys given are desired and compared; a setting that already matches gets no call.
  - A directory that is V(REGISTERING) or V(DEREGISTERING) is waited for (within O(wait_timeout)) before anything is
    compared.
  - Every choice and limit below comes from botocore's service model. A suboption that the installed botocore's model
    does not have fails before any call, naming the botocore version that has it.
  - B(Never open a directory to the world by accident.) AWS lets users in from any IP address when a directory has no
    IP access control group associated. A run that would leave a directory that has groups today with none is refused
    before any call (in check mode too), unless O(allow_any_ip=true).
author:
  - euc.aws maintainers (@euc-aws)
options:
  directory_id:
    description:
      - The ID of the directory in Directory Service, for example V(d-1234567890); it must match the pattern in
        botocore's service model.
    type: str
    required: true
  state:
    description:
      - V(present) registers the directory when it is not registered (RegisterWorkspaceDirectory), waits until
        DescribeWorkspaceDirectories shows it V(REGISTERED), then applies the settings. A registration that ends in
        V(ERROR) fails the task with AWS's C(ErrorMessage).
      - Registration errors are explained. C(WorkspacesDefaultRoleNotFoundException) says that the IAM role
        C(workspaces_DefaultRole) must exist first, and how to create it. C(InvalidResourceStateException) (the
        directory is not Active in Directory Service yet) is retried for up to two minutes first. Any other error
        fails with AWS's code and message.
      - V(absent) deregisters the directory (DeregisterWorkspaceDirectory), then waits until it is no longer
        returned. A directory that still has WorkSpaces is refused before any call, with their number and the first
        IDs; terminate or migrate them first. A directory that is not registered is V(ok), with no call.
    type: str
    choices: [present, absent]
    default: present
  subnet_ids:
    description:
      - The subnets of the directory's WorkSpaces, at most 2 (the limit in botocore's service model); each must match
        its pattern there.
      - Fixed at registration. On a registered directory, a different set fails before any change; deregister the
        directory and register it again to change it.
    type: list
    elements: str
  enable_self_service:
    description:
      - Whether self-service capabilities are on at registration. It applies at registration only; after it,
        O(self_service_permissions) is the way.
    type: bool
  tenancy:
    description:
      - V(DEDICATED) for Bring Your Own License images. Fixed at registration, as O(subnet_ids) is.
    type: str
    choices: [DEDICATED, SHARED]
  self_service_permissions:
    description:
      - What users may do themselves from the WorkSpaces client (ModifySelfservicePermissions).
      - Only the keys given are desired. The call carries them on top of the values read back.
    type: dict
    suboptions:
      restart_workspace:
        description: Whether users may restart their WorkSpace.
        type: str
        choices: [ENABLED, DISABLED]
      increase_volume_size:
        description: Whether users may increase the volume size of their WorkSpace.
        type: str
        choices: [ENABLED, DISABLED]
      change_compute_type:
        description: Whether users may change the compute type (bundle) of their WorkSpace.
        type: str
        choices: [ENABLED, DISABLED]
      switch_running_mode:
        description: Whether users may switch the running mode of their WorkSpace.
        type: str
        choices: [ENABLED, DISABLED]
      rebuild_workspace:
        description: Whether users may rebuild their WorkSpace.
        type: str
        choices: [ENABLED, DISABLED]
      nested_virtualization:
        description: Whether users may turn nested virtualization on. Needs botocore 1.44.5 or newer.
        type: str
        choices: [ENABLED, DISABLED]
      enable_end_user_advisor:
        description: Whether the end-user advisor is on. Needs botocore 1.44.5 or newer.
        type: str
        choices: [ENABLED, DISABLED]
  workspace_creation_properties:
    description:
      - What new WorkSpaces of the directory get (ModifyWorkspaceCreationProperties).
      - Only the keys given are desired. The call carries them on top of the values read back.
    type: dict
    suboptions:
      enable_internet_access:
        description: Whether new WorkSpaces get internet access.
        type: bool
      default_ou:
        description: The organizational unit for the computer accounts of new WorkSpaces.
        type: str
      custom_security_group_id:
        description: A security group new WorkSpaces get, for example V(sg-0123456789abcdef0).
        type: str
      user_enabled_as_local_administrator:
        description: Whether users are local administrators of their new WorkSpaces.
        type: bool
      enable_maintenance_mode:
        description: Whether maintenance mode is on for new WorkSpaces.
        type: bool
      instance_iam_role_arn:
        description: The IAM role new WorkSpaces get. Needs botocore 1.34.135 or newer.
        type: str
  workspace_access_properties:
    description:
      - Which devices may connect to the directory's WorkSpaces (ModifyWorkspaceAccessProperties).
      - Only the keys given are desired. The call carries them on top of the values read back.
    type: dict
    suboptions:
      device_type_windows:
        description: Windows clients.
        type: str
        choices: [ALLOW, DENY]
      device_type_osx:
        description: macOS clients.
        type: str
        choices: [ALLOW, DENY]
      device_type_web:
        description: Web browsers.
        type: str
        choices: [ALLOW, DENY]
      device_type_ios:
        description: iOS clients.
        type: str
        choices: [ALLOW, DENY]
      device_type_android:
        description: Android clients.
        type: str
        choices: [ALLOW, DENY]
      device_type_chrome_os:
        description: ChromeOS clients.
        type: str
        choices: [ALLOW, DENY]
      device_type_zero_client:
        description: Zero clients.
        type: str
        choices: [ALLOW, DENY]
      device_type_linux:
        description: Linux clients.
        type: str
        choices: [ALLOW, DENY]
      device_type_workspaces_thin_client:
        description: WorkSpaces Thin Client devices. Needs botocore 1.37.7 or newer.
        type: str
        choices: [ALLOW, DENY]
  client_properties:
    description:
      - The WorkSpaces client's behaviour (ModifyClientProperties), read back with DescribeClientProperties.
      - Only the keys given are desired. The call carries them on top of the values read back.
    type: dict
    suboptions:
      reconnect_enabled:
        description: Whether users may save their credentials and reconnect without entering them again.
        type: str
        choices: [ENABLED, DISABLED]
      log_upload_enabled:
        description: Whether the client uploads its diagnostic logs.
        type: str
        choices: [ENABLED, DISABLED]
      client_experience_policy:
        description:
          - The client experience policy, upper case letters, digits and underscores. Needs botocore 1.43.64 or newer.
        type: str
  saml_properties:
    description:
      - SAML 2.0 authentication (ModifySamlProperties).
      - Only the keys given are desired. The call carries them on top of the values read back.
      - Certificate-based authentication needs SAML on. When both change, SAML is switched on before
        certificate-based authentication, and certificate-based authentication is switched off before SAML. A run that
        would leave certificate-based authentication on with SAML off fails before any call.
    type: dict
    suboptions:
      status:
        description: Whether SAML is on, and whether users may still sign in with their directory credentials.
        type: str
        choices: [DISABLED, ENABLED, ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK]
      user_access_url:
        description: The identity provider's user access URL, V(http://) or V(https://).
        type: str
      relay_state_parameter_name:
        description: The name of the relay state parameter of the identity provider.
        type: str
  certificate_based_auth_properties:
    description:
      - Certificate-based authentication (ModifyCertificateBasedAuthProperties); it needs SAML on, see
        O(saml_properties).
      - Only the keys given are desired. The call carries them on top of the values read back.
    type: dict
    suboptions:
      status:
        description: Whether certificate-based authentication is on.
        type: str
        choices: [DISABLED, ENABLED]
      certificate_authority_arn:
        description: The ARN of the AWS Private CA that issues the certificates.
        type: str
  ip_group_ids:
    description:
      - The IP access control groups of the directory, for example V(wsipg-abcd1234) (AssociateIpGroups,
        DisassociateIpGroups). Without O(ip_group_ids) the groups are left as they are.
      - New groups are associated before the others are disassociated. A group that does not exist fails before any
        call. Associating a group that has no rules locks every user out, so the module warns, naming the group.
      - Leaving a directory that has groups with none (purging, disassociating the last group, V([])) is refused unless
        O(allow_any_ip=true).
    type: list
    elements: str
  purge_ip_groups:
    description:
      - With V(true) the directory gets exactly O(ip_group_ids); with V(false) the groups given are added to the others.
    type: bool
    default: true
  allow_any_ip:
    description:
      - Allow a run to leave a directory that has IP access control groups with none, which lets users in from any IP
        address.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait for a registration to reach V(REGISTERED), a deregistration to end, or a directory
        found V(REGISTERING) or V(DEREGISTERING) to settle. DescribeWorkspaceDirectories is polled backing off from 2 to
        15 seconds.
    type: int
    default: 900
extends_documentation_fragment:
  - amazon.aws.tags
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    description:
      - Looks up and predicts C(changed), RV(changes) and the refusals exactly; changes nothing. A directory to be
        registered is predicted with the options given, since AWS's defaults are known only once it is registered.
  diff_mode:
    support: full
    description: The directory before and after.
notes:
  - "IAM actions: C(workspaces:DescribeWorkspaceDirectories), C(workspaces:DescribeClientProperties),
    C(workspaces:DescribeTags), C(workspaces:DescribeIpGroups) (to associate groups), C(workspaces:DescribeWorkspaces)
    (to deregister), and to change it C(workspaces:RegisterWorkspaceDirectory), C(workspaces:DeregisterWorkspaceDirectory),
    C(workspaces:ModifySelfservicePermissions), C(workspaces:ModifyWorkspaceCreationProperties),
    C(workspaces:ModifyWorkspaceAccessProperties), C(workspaces:ModifyClientProperties), C(workspaces:ModifySamlProperties),
    C(workspaces:ModifyCertificateBasedAuthProperties), C(workspaces:AssociateIpGroups), C(workspaces:DisassociateIpGroups),
    C(workspaces:CreateTags), C(workspaces:DeleteTags). Registering and deregistering also take the Directory Service,
    EC2 and IAM actions AWS documents for them (C(ds:*) on the directory, C(ec2:*) on its network, C(iam:PassRole) of
    C(workspaces_DefaultRole))."
  - Use the action group C(group/euc.aws.aws) in C(module_defaults) to set the connection options.
"""

EXAMPLES = r"""
- name: Register a directory, with its settings and the office's IP group
  euc.aws.workspaces_directory:
    directory_id: d-1234567890
    subnet_ids: [subnet-0123456789abcdef0, subnet-0fedcba9876543210]
    self_service_permissions:
      restart_workspace: ENABLED
      rebuild_workspace: DISABLED
    workspace_creation_properties:
      enable_internet_access: false
      user_enabled_as_local_administrator: false
    workspace_access_properties:
      device_type_web: DENY
      device_type_linux: ALLOW
    client_properties:
      reconnect_enabled: DISABLED
    ip_group_ids: [wsipg-abcd1234]
    tags:
      team: euc

- name: Switch SAML and certificate-based authentication on (SAML first)
  euc.aws.workspaces_directory:
    directory_id: d-1234567890
    saml_properties:
      status: ENABLED
      user_access_url: https://idp.example.com/sso
    certificate_based_auth_properties:
      status: ENABLED
      certificate_authority_arn: arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/abcd-1234

- name: Deregister the directory (once it has no WorkSpaces)
  euc.aws.workspaces_directory:
    directory_id: d-1234567890
    state: absent
"""

RETURN = r"""
directory:
  description:
    - The directory as M(euc.aws.workspaces_directory_info) returns it, with its tags (in check mode, as it would be);
      V(null) once deregistered, or when it is not registered.
    - The settings are under the names of their options, each {} when AWS gives none; every other field of
      DescribeWorkspaceDirectories is there too, in snake_case.
  returned: always
  type: dict
  contains:
    directory_id:
      description: The ID of the directory.
      type: str
      sample: d-1234567890
    state:
      description: Its state in WorkSpaces.
      type: str
      sample: REGISTERED
    directory_name:
      description: Its DNS name.
      type: str
      sample: corp.example.com
    directory_type:
      description: Its type.
      type: str
      sample: SIMPLE_AD
    registration_code:
      description: The registration code users enter in the WorkSpaces client.
      type: str
      sample: SLiad+ABCDEF
    subnet_ids:
      description: Its subnets.
      type: list
      elements: str
      sample: ["subnet-0123456789abcdef0"]
    tenancy:
      description: Its tenancy.
      type: str
      sample: SHARED
    error_message:
      description: Why it is in V(ERROR), when it is.
      type: str
      sample: The directory is not Active.
    self_service_permissions:
      description: Its self-service permissions, keyed as O(self_service_permissions).
      type: dict
      sample: {"restart_workspace": "ENABLED", "rebuild_workspace": "DISABLED"}
    workspace_creation_properties:
      description: What new WorkSpaces get, keyed as O(workspace_creation_properties).
      type: dict
      sample: {"enable_internet_access": false}
    workspace_access_properties:
      description: Which devices may connect, keyed as O(workspace_access_properties).
      type: dict
      sample: {"device_type_web": "DENY"}
    client_properties:
      description: The client's behaviour, keyed as O(client_properties); {} while not V(REGISTERED).
      type: dict
      sample: {"reconnect_enabled": "DISABLED"}
    saml_properties:
      description: SAML, keyed as O(saml_properties).
      type: dict
      sample: {"status": "DISABLED"}
    certificate_based_auth_properties:
      description: Certificate-based authentication, keyed as O(certificate_based_auth_properties).
      type: dict
      sample: {"status": "DISABLED"}
    ip_group_ids:
      description: Its IP access control groups.
      type: list
      elements: str
      sample: ["wsipg-abcd1234"]
    tags:
      description: Its tags.
      type: dict
      sample: {"team": "euc"}
changes:
  description:
    - What this run changed (in check mode, would change), keyed by the option, each with C(before) and C(after);
      C(state) for a registration or a deregistration (where the settings given have C(before) V(null)). Empty when
      nothing changed.
    - Also returned when the task fails midway, with what was changed before the failure.
  returned: always
  type: dict
  sample: {"saml_properties": {"before": {"status": "DISABLED"}, "after": {"status": "ENABLED"}},
           "ip_group_ids": {"before": [], "after": ["wsipg-abcd1234"]}}
invalid:
  description: What is wrong with the options given; nothing was called.
  returned: when the task fails because of them
  type: list
  elements: str
  sample: ["subnet_ids: at most 2 subnets, not 3"]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.directories import DIRECTORY
from ansible_collections.euc.aws.plugins.module_utils.resources import resource_argument_spec
from ansible_collections.euc.aws.plugins.module_utils.resources import run_resource_module


def choices(*values):
    return dict(type="str", choices=list(values))


def main():
    enabled = ("ENABLED", "DISABLED")
    access = ("ALLOW", "DENY")
    argument_spec = resource_argument_spec(
        directory_id=dict(type="str", required=True),
        subnet_ids=dict(type="list", elements="str"),
        enable_self_service=dict(type="bool"),
        tenancy=choices("DEDICATED", "SHARED"),
        self_service_permissions=dict(type="dict", options={
            name: choices(*enabled) for name in (
                "restart_workspace", "increase_volume_size", "change_compute_type", "switch_running_mode", "rebuild_workspace",
                "nested_virtualization", "enable_end_user_advisor",
            )
        }),
        workspace_creation_properties=dict(type="dict", options=dict(
            enable_internet_access=dict(type="bool"), default_ou=dict(type="str"), custom_security_group_id=dict(type="str"),
            user_enabled_as_local_administrator=dict(type="bool"), enable_maintenance_mode=dict(type="bool"),
            instance_iam_role_arn=dict(type="str"),
        )),
        workspace_access_properties=dict(type="dict", options={
            f"device_type_{name}": choices(*access)
            for name in ("windows", "osx", "web", "ios", "android", "chrome_os", "zero_client", "linux", "workspaces_thin_client")
        }),
        client_properties=dict(type="dict", options=dict(
            reconnect_enabled=choices(*enabled), log_upload_enabled=choices(*enabled), client_experience_policy=dict(type="str"),
        )),
        saml_properties=dict(type="dict", options=dict(
            status=choices("DISABLED", "ENABLED", "ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK"),
            user_access_url=dict(type="str"), relay_state_parameter_name=dict(type="str"),
        )),
        certificate_based_auth_properties=dict(type="dict", options=dict(
            status=choices("DISABLED", "ENABLED"), certificate_authority_arn=dict(type="str"),
        )),
        ip_group_ids=dict(type="list", elements="str"),
        purge_ip_groups=dict(type="bool", default=True),
        allow_any_ip=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=900),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    run_resource_module(module, DIRECTORY)


if __name__ == "__main__":
    main()
