# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # How the modules whose API takes one WorkSpace a call (maintenance, restore, migrate, properties) report AWS's
    # answers for each WorkSpace.
    # Notes alone; Ansible requires every fragment to carry options (none here) or attributes.
    DOCUMENTATION = r"""
options: {}
notes:
  - The API takes one WorkSpace a call and refuses a WorkSpace with an exception, not with a C(FailedRequests) entry.
    Each such refusal (C(InvalidResourceStateException), C(OperationInProgressException),
    C(UnsupportedWorkspaceConfigurationException), C(InvalidParameterValuesException), C(ResourceNotFoundException),
    C(OperationNotSupportedException)) is that WorkSpace's failure, listed in RV(failed_requests) with AWS's code and
    message as the other modules list C(FailedRequests) entries. The other WorkSpaces still proceed, and the task
    fails naming each refused WorkSpace.
  - C(OperationInProgressException) comes while an earlier change to the WorkSpace is still settling, so it is
    retried with jittered backoff, for up to a minute, before it counts as a refusal.
  - Any other error is an error of the call itself (access denied, throttling that outlasts the retries, no
    endpoint). It stops the run, as in the other modules; the failure lists in RV(outcome_unknown) the WorkSpaces
    whose call failed and in RV(not_attempted) those never sent, besides what was done and refused.
"""
