#!/usr/bin/env bash
# antsibull-docs lint-collection-docs, with amazon.aws (whose docs fragments our modules extend) visible to it: every
# plugin's and role's documentation (--plugin-docs), and the guides of docs/docsite/ (extra-docs.yml and links.yml,
# rstcheck on each guide, its toctree and labels; --check-extra-docs-refs: each :ansplugin:, :ansopt: and :ansretval:
# in a guide names a plugin, role or option that exists).
#
# antsibull-docs copies each dependency from where `ansible-galaxy collection list` finds it, and when that
# place is inside a git work tree it copies only the files git tracks. The venv's collections sit in this
# repository's git-ignored .venv/, so they would arrive empty and every amazon.aws docs fragment would be
# "unknown". Stopping git's search for a repository at the venv's ansible_collections directory makes
# antsibull-docs copy them as plain files, wherever the clone lives (an earlier version relied on a copy in
# ~/.cache winning over the venv's, which held only when the clone's path sorted after ~/.cache).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
installed_collections=$(readlink -f "$repo_root/.build/ansible_collections/amazon/..")

cd "$repo_root"
GIT_CEILING_DIRECTORIES="$installed_collections" \
ANSIBLE_COLLECTIONS_PATH="$repo_root/.build" \
    antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs .
