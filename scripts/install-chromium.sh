#!/usr/bin/env bash
# Installs Debian's chromium, which tests/docs_site opens the built docs site in, unless it is there already.
# CI runs as root on a fresh machine; elsewhere sudo must work without a password.
set -euo pipefail

command -v chromium > /dev/null && exit 0

as_root=()
if ((EUID != 0)); then
    sudo -n true 2> /dev/null || {
        echo "install-chromium: chromium is missing; install it as root: apt-get install chromium" >&2
        exit 1
    }
    as_root=(sudo -n)
fi
install_chromium() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends chromium > /dev/null
}
update_package_lists() {
    "${as_root[@]}" apt-get update -qq
}

echo "install-chromium: installing Debian's chromium with apt-get"
# Container images often ship without package lists: fetch them when apt does not know chromium at all.
apt-cache policy chromium 2> /dev/null | grep -q 'Candidate: [0-9]' || update_package_lists
# Lists that know chromium may still be older than the mirror's security updates, whose files replace the old ones.
install_chromium || { update_package_lists && install_chromium; }
