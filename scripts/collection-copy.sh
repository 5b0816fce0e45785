#!/usr/bin/env bash
# ansible-test resolves its working directory physically, so a symlinked
# ansible_collections/euc/aws is not enough: it needs a real copy of the collection.
# Copies the files git tracks (or would track) into DEST/ansible_collections/euc/aws and puts
# amazon.aws beside it. Prints the collection path.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest_root=$1
collection_dir="$dest_root/ansible_collections/euc/aws"

rm -rf "$collection_dir"
mkdir -p "$collection_dir"
cd "$repo_root"
git ls-files --cached --others --exclude-standard -z \
    | while IFS= read -r -d '' path; do [[ -e "$path" ]] && printf '%s\0' "$path"; done \
    | tar --null -T - -cf - \
    | tar -xf - -C "$collection_dir"
# Inside this repo's work tree ansible-test would ask the outer git, which ignores .build/, and so
# find no files: a repository of its own makes the copy's own files the ones under test.
git -C "$collection_dir" init --quiet
ln -sfn "$(readlink "$repo_root/.build/ansible_collections/amazon")" "$dest_root/ansible_collections/amazon"
echo "$collection_dir"
