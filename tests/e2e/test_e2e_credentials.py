# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""No credentials anywhere botocore looks: a module run ad hoc and the inventory plugin fail saying where credentials
come from, not only botocore's "Unable to locate credentials"."""

import subprocess

import yaml

from e2e_support import ansible_env

PLACES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "profile option", "access_key", "secret_key")
AWX_CREDENTIAL = "in AWX, from an Amazon Web Services credential"


def without_credentials(tmp_path):
    """The environment's overrides: no keys, empty credentials and config files, no instance metadata lookup."""
    empty = tmp_path / "empty"
    empty.write_text("")
    return {
        "AWS_ACCESS_KEY_ID": None,
        "AWS_SECRET_ACCESS_KEY": None,
        "AWS_SESSION_TOKEN": None,
        "AWS_PROFILE": None,
        "AWS_SHARED_CREDENTIALS_FILE": str(empty),
        "AWS_CONFIG_FILE": str(empty),
        "AWS_EC2_METADATA_DISABLED": "true",
        "BOTO_CONFIG": str(empty),
    }


def test_a_module_run_without_credentials_says_where_they_come_from(ws, adhoc, tmp_path):
    ws.reset_calls()
    run = adhoc(
        {"workspace_ids": ["ws-abc12345d"], "endpoint_url": ws.endpoint_url},
        env=without_credentials(tmp_path),
        module="euc.aws.workspaces_info",
    )
    assert run.returncode != 0 and run.status == "FAILED!", run.output
    message = run.result["msg"]
    assert message.startswith("Failed to describe workspaces: Unable to locate credentials. AWS credentials come from")
    assert all(place in message for place in PLACES) and AWX_CREDENTIAL in message
    assert ws.calls() == []


def test_an_inventory_sync_without_credentials_says_where_they_come_from(ws, tmp_path):
    config = tmp_path / "corp.workspaces.yml"
    config.write_text(
        yaml.safe_dump({"plugin": "euc.aws.workspaces", "endpoint_url": ws.endpoint_url, "regions": ["us-east-1"]})
    )
    ws.reset_calls()
    run = subprocess.run(
        ["ansible-inventory", "-i", str(config), "--list"],
        env=ansible_env(ws, ANSIBLE_INVENTORY_UNPARSED_FAILED="True", **without_credentials(tmp_path)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode != 0
    assert (
        "could not list region us-east-1: Failed to describe workspace directories: Unable to locate credentials."
        in run.stderr
    )
    assert all(place in run.stderr for place in PLACES) and AWX_CREDENTIAL in run.stderr
    assert ws.calls() == []
