# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Without credentials, a module's failure says where credentials come from: botocore's "Unable to locate
credentials" names none of the places it looked in. Modules run through main() with real botocore clients and no
credentials anywhere botocore looks (no Stubber: it answers before botocore signs, where NoCredentialsError is
raised); the endpoint is a closed port that no call reaches."""

import json
import os

import pytest
from botocore.exceptions import ClientError
from botocore.exceptions import NoCredentialsError
from botocore.exceptions import PartialCredentialsError

from ansible_collections.euc.aws.plugins.module_utils.workspaces import NO_CREDENTIALS_HELP
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import Interrupted
from ansible_collections.euc.aws.plugins.module_utils.workspaces import error_text
from ansible_collections.euc.aws.plugins.module_utils.workspaces import fail_module
from ansible_collections.euc.aws.plugins.module_utils.workspaces import missing_credentials
from ansible_collections.euc.aws.plugins.modules import workspaces_directory_info
from ansible_collections.euc.aws.plugins.modules import workspaces_info
from ansible_collections.euc.aws.plugins.modules import workspaces_terminate

from module_harness import patch_module_args

# Each module wiring: workspaces_info's own main(), an action module's (run_action_module), an _info module's
# (run_info_module).
MODULES = {
    "workspaces_info": (workspaces_info, {"workspace_ids": ["ws-abc12345d"]}, "Failed to describe workspaces"),
    "workspaces_terminate": (
        workspaces_terminate,
        {"workspace_ids": ["ws-abc12345d"]},
        "Failed to describe workspaces",
    ),
    "workspaces_directory_info": (workspaces_directory_info, {}, "Failed to describe workspace directories"),
}


@pytest.fixture(name="no_credentials")
def fixture_no_credentials(monkeypatch, tmp_path):
    """No credentials in the environment, in the files botocore reads, or from the instance metadata service."""
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO")):
            monkeypatch.delenv(name)
    empty = tmp_path / "empty"
    empty.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("BOTO_CONFIG", str(empty))


@pytest.mark.parametrize("module, args, failed_call", MODULES.values(), ids=MODULES.keys())
def test_a_module_without_credentials_says_where_credentials_come_from(
    no_credentials, capsys, module, args, failed_call
):
    with patch_module_args(dict(args, region="us-east-1", endpoint_url="http://127.0.0.1:9")):
        with pytest.raises(SystemExit):
            module.main()
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] is True
    assert result["msg"] == f"{failed_call}: Unable to locate credentials. {NO_CREDENTIALS_HELP}"
    for place in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_PROFILE",
        "profile option",
        "access_key",
        "secret_key",
    ):
        assert place in result["msg"]
    assert "Amazon Web Services credential" in result["msg"]


class FakeModule:
    def __init__(self):
        self.failed_with = None

    def fail_json(self, **result):
        self.failed_with = ("fail_json", result)
        raise SystemExit(1)

    def fail_json_aws(self, exception, msg=None, **result):
        self.failed_with = ("fail_json_aws", dict(result, msg=msg, exception=exception))
        raise SystemExit(1)


def failed(error, **result):
    module = FakeModule()
    with pytest.raises(SystemExit):
        fail_module(module, error, **result)
    return module.failed_with


def test_an_interruption_that_missing_credentials_caused_says_where_credentials_come_from_and_keeps_its_result():
    cause = AnsibleWorkSpacesError(message="Failed to terminate workspaces", exception=NoCredentialsError())
    with pytest.raises(Interrupted) as caught:
        raise Interrupted(
            "Failed to terminate workspaces: Unable to locate credentials; outcome unknown for ws-1", None, [], []
        ) from cause
    interrupted = caught.value
    how, result = failed(interrupted, terminated=["ws-0"], changed=True)
    assert how == "fail_json"
    assert result == {
        "msg": f"{interrupted.message}. {NO_CREDENTIALS_HELP}",
        "terminated": ["ws-0"],
        "changed": True,
    }


def test_any_other_aws_error_fails_as_amazon_aws_words_it():
    refusal = ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "DescribeWorkspaces")
    how, result = failed(
        AnsibleWorkSpacesError(message="Failed to describe workspaces", exception=refusal), changed=False
    )
    assert (
        how == "fail_json_aws" and result["msg"] == "Failed to describe workspaces" and result["exception"] is refusal
    )
    assert NO_CREDENTIALS_HELP not in error_text(AnsibleWorkSpacesError(message="Failed", exception=refusal))


@pytest.mark.parametrize(
    "exception, missing",
    [
        (NoCredentialsError(), True),
        (AnsibleWorkSpacesError(message="Failed", exception=NoCredentialsError()), True),
        # Some credentials were found: botocore's message already names what is missing.
        (PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY"), False),
        (ClientError({"Error": {"Code": "UnrecognizedClientException"}}, "DescribeWorkspaces"), False),
        (None, False),
    ],
)
def test_missing_credentials_is_botocores_no_credentials_error_alone(exception, missing):
    assert missing_credentials(exception) is missing
