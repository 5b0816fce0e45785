# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the end-to-end tests of the role euc.aws.workspaces_image_rollout share: the estate they roll an image out
to, the playbook, and readers of the result and the sandbox's calls."""

import pytest

from e2e_support import play
import pytest

from e2e_support import playbook_text

ROLE_PLAYBOOK = playbook_text(play("Roll the image out", roles=[{"role": "euc.aws.workspaces_image_rollout"}]))
MARKER = "euc.aws:image-id"
# A waiting module looks first 2 s after its call and must see REBUILDING to know that the rebuild happened.
REBUILDING_SECONDS = 3


class Estate:
    """A custom bundle on an old image, a new image, and ``count`` WorkSpaces on the bundle, their IDs sorted (the
    order the role plans in)."""

    def __init__(self, ws, count):
        self.ws = ws
        self.old_image = ws.seed_image("golden-2026-11")
        self.new_image = ws.seed_image("golden-2026-12")
        self.bundle_id = ws.seed_bundle("standard-desktop", self.old_image)
        self.directory_id = ws.seed_directory()
        self.workspace_ids = sorted(ws.seed_workspaces(self.directory_id, count=count, bundle_id=self.bundle_id))
        ws.reset_calls()

    def extra_vars(self, **options):
        """The role's variables: this bundle and the new image, waves of 2, and ``options`` without the prefix."""
        given = {
            "endpoint_url": self.ws.endpoint_url,
            "workspaces_image_rollout_bundle": self.bundle_id,
            "workspaces_image_rollout_image_id": self.new_image,
            "workspaces_image_rollout_wave_size": 2,
        }
        given.update({f"workspaces_image_rollout_{name}": value for name, value in options.items()})
        return given

    def bundle_image(self):
        return self.ws.client("workspaces").describe_workspace_bundles(BundleIds=[self.bundle_id])["Bundles"][0]["ImageId"]

    def marked(self):
        """The WorkSpaces whose marker tag names the new image."""
        return [workspace_id for workspace_id in self.workspace_ids if self.ws.tags_of(workspace_id).get(MARKER) == self.new_image]


@pytest.fixture(name="estate")
def fixture_estate(ws):
    """Five WorkSpaces on the bundle, rebuilt in REBUILDING_SECONDS; the sandbox's own times again afterwards."""
    ws.set_transition_seconds(rebuilding=REBUILDING_SECONDS, stopping=0.5)
    yield Estate(ws, 5)
    ws.set_transition_seconds(rebuilding=2, stopping=1)


def rollout_result(run):
    return run.task("Set workspaces_image_rollout_result")["ansible_facts"]["workspaces_image_rollout_result"]


def ids(entries):
    return [entry["workspace_id"] for entry in entries]


def reasons(entries):
    return {entry["workspace_id"]: entry["reason"] for entry in entries}


def rebuilt_in_calls(ws):
    """The WorkSpaces RebuildWorkspaces was called for, in call order."""
    return [request["WorkspaceId"] for call in ws.calls("RebuildWorkspaces") for request in call["params"]["RebuildWorkspaceRequests"]]


def changing_calls(ws):
    """The operations called that are not look-ups."""
    return [call["operation"] for call in ws.calls() if not call["operation"].startswith("Describe")]
