#!/usr/bin/env bash
# antsibull-docs lint-collection-docs, with amazon.aws (whose docs fragments our modules extend) visible to it.
# It copies each dependency it finds with `ansible-galaxy collection list`, and inside a git work tree
# it copies only the files git tracks: the venv's amazon.aws (git-ignored here) would arrive empty.
# So it is shown a copy outside any git work tree, kept in the user's cache and refreshed when the venv changes.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
amazon_source=$(readlink -f "$repo_root/.build/ansible_collections/amazon/aws")
deps_root="${XDG_CACHE_HOME:-$HOME/.cache}/euc-aws/docs-lint-collections"
stamp="$deps_root/.source"

if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$amazon_source $(stat -c %Y "$amazon_source/MANIFEST.json")" ]]; then
    rm -rf "$deps_root"
    mkdir -p "$deps_root/ansible_collections/amazon"
    cp -r "$amazon_source" "$deps_root/ansible_collections/amazon/aws"
    echo "$amazon_source $(stat -c %Y "$amazon_source/MANIFEST.json")" > "$stamp"
fi

cd "$repo_root"
ANSIBLE_COLLECTIONS_PATH="$deps_root" antsibull-docs lint-collection-docs --plugin-docs .
