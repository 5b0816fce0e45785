# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One sandbox per test module (moto's state is per process: one at a time), clean for every test."""

import pytest

from sandbox import Sandbox
from sandbox.lifecycle import TRANSITION_SECONDS
from sandbox.testing import TERMINATED
from sandbox.testing import TERMINATING


@pytest.fixture(name="sb", scope="module")
def fixture_sb():
    with Sandbox(terminating_seconds=TERMINATING, terminated_seconds=TERMINATED) as running:
        yield running


@pytest.fixture(autouse=True)
def fixture_clean(sb):
    sb.reset()
    sb.set_lifecycle(TERMINATING, TERMINATED)
    sb.set_transition_seconds(**TRANSITION_SECONDS)
    sb.set_latency(0)


@pytest.fixture(name="client")
def fixture_client(sb):
    # One attempt: botocore's own retries would hide how many faults the sandbox served.
    return sb.client("workspaces", retries={"total_max_attempts": 1})
