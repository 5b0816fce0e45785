#!/usr/bin/env bash
# Builds the collection's HTML documentation into .build/docs-site/build/html/ (index.html): antsibull-docs
# sphinx-init lays out a Sphinx project whose build.sh renders every plugin's and role's own documentation and
# then runs Sphinx, treating every warning as an error. The README and CHANGELOG.rst join the generated pages.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
release_bin=$(bash "$repo_root/scripts/release-venv.sh")
site="$repo_root/.build/docs-site"
export PATH="$release_bin:$PATH"
# This work tree as euc.aws, and amazon.aws, whose doc fragments our modules extend (scripts/bootstrap.sh).
export ANSIBLE_COLLECTIONS_PATH="$repo_root/.build"

rm -rf "$site"
# antsibull-docs writes only into a directory that no one else may write to.
mkdir -m 700 "$site"
antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir "$site" \
    --index-rst-source "$repo_root/scripts/docs_site/index.rst" \
    --project euc.aws --title euc.aws --copyright "Contributors to the euc.aws collection" \
    euc.aws > /dev/null
cat >> "$site/conf.py" <<PY

# Added by euc.aws scripts/docs-site.sh. intersphinx would download docs.ansible.com's inventories, which CI
# cannot reach; euc_docsite resolves the docs.ansible.com references antsibull-docs writes without them.
# myst_parser reads the README.
import sys
sys.path.insert(0, "$repo_root/scripts/docs_site")
extensions = [extension for extension in extensions if extension != "sphinx.ext.intersphinx"]
extensions += ["myst_parser", "euc_docsite"]
PY
cp "$repo_root/README.md" "$repo_root/CHANGELOG.rst" "$site/rst/"
bash "$site/build.sh" > "$site/build.log" 2>&1 || {
    cat "$site/build.log" >&2
    echo "docs-site: FAILED (log: $site/build.log)" >&2
    exit 1
}
echo "docs-site: $site/build/html/index.html"
