# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for driving modules' main(): a Stubber behind AnsibleAWSModule.client, and time that passes at once."""

import types

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.euc.aws.plugins.module_utils import workspaces as ws_utils

from fake_time import FakeTime
from module_harness import SECRET_KEY


@pytest.fixture(name="stubber")
def fixture_stubber(monkeypatch):
    """Every AWS call the module makes must be the next one pinned on this Stubber."""
    client = boto3.client(
        "workspaces", region_name="us-east-1", aws_access_key_id="AKIAUNITTEST", aws_secret_access_key=SECRET_KEY
    )
    stubber = Stubber(client)

    def stubbed_client(module, service, retry_decorator=None, **_extra):
        assert service == "workspaces"
        return RetryingBotoClientWrapper(client, retry_decorator)

    monkeypatch.setattr(AnsibleAWSModule, "client", stubbed_client)
    # AWSRetry sleeps through the time module of amazon.aws's cloud utils.
    monkeypatch.setattr(cloud, "time", types.SimpleNamespace(sleep=lambda seconds: None))
    with stubber:
        yield stubber
    stubber.assert_no_pending_responses()


@pytest.fixture(name="fake_time")
def fixture_fake_time(monkeypatch):
    fake = FakeTime(1000.0)
    monkeypatch.setattr(ws_utils, "time", fake)
    return fake
