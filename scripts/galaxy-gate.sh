#!/usr/bin/env bash
# make importer, the Galaxy gate: builds the collection tarball into .build/release/ and runs galaxy-importer, the
# checks Galaxy runs on a published tarball, on it. galaxy-importer exits 0 even when ansible-doc cannot read a
# module's documentation (it logs an ERROR line and goes on), so every WARNING or ERROR line it prints fails the gate.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
release_bin=$(bash "$repo_root/scripts/release-venv.sh")
out_dir="$repo_root/.build/release"

rm -rf "$out_dir"
mkdir -p "$out_dir"
"$release_bin/ansible-galaxy" collection build --output-path "$out_dir" "$repo_root" > /dev/null
tarballs=("$out_dir"/euc-aws-*.tar.gz)
tarball=${tarballs[0]}
echo "galaxy-gate: $tarball"

# Two things galaxy-importer accepts: a collection without a licence file, though the GPL-3.0 that galaxy.yml and
# every file header name requires its text to travel with the code; and local state (a venv, caches) that
# build_ignore misses, which would ship to every user.
"$release_bin/python" - "$tarball" "$repo_root" <<'PY'
import subprocess
import sys
import tarfile

tarball, repo_root = sys.argv[1:]
with tarfile.open(tarball) as archive:
    shipped = {member.name for member in archive.getmembers() if member.isfile()}
    licence = archive.extractfile("COPYING").read().decode("utf-8") if "COPYING" in shipped else ""
if "GNU GENERAL PUBLIC LICENSE" not in licence or "Version 3, 29 June 2007" not in licence:
    sys.exit("galaxy-gate: the tarball has no COPYING with the GPL-3.0 text that galaxy.yml's licence refers to")
# Files git tracks or would track; the build itself adds MANIFEST.json and FILES.json.
wanted = set(subprocess.run(["git", "-C", repo_root, "ls-files", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, text=True, check=True).stdout.splitlines())
leaked = sorted(shipped - wanted - {"MANIFEST.json", "FILES.json"})
if leaked:
    sys.exit("galaxy-gate: the tarball holds %d git-ignored files (build_ignore in galaxy.yml misses them): %s"
             % (len(leaked), ", ".join(leaked[:10])))
PY

# The importer must see only the tarball and amazon.aws from its own venv, not the work tree that make puts on
# ANSIBLE_COLLECTIONS_PATH, and it must run this venv's ansible-doc and ansible-lint, found on PATH.
for name in "${!ANSIBLE_@}"; do
    unset "$name"
done
cd "$out_dir"  # it writes importer_result.json into its working directory
import_status=0
PATH="$release_bin:$PATH" GALAXY_IMPORTER_CONFIG="$repo_root/scripts/galaxy-importer.cfg" \
    "$release_bin/python" -m galaxy_importer.main "$tarball" | tee importer.log || import_status=$?
if ((import_status != 0)) || grep -E '^(WARNING|ERROR|CRITICAL):|Traceback' importer.log > /dev/null \
    || ! grep -Fx 'Importer processing completed successfully' importer.log > /dev/null; then
    echo "galaxy-gate: FAILED: the import above reports problems (log: $out_dir/importer.log)" >&2
    exit 1
fi
