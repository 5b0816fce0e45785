# shellcheck shell=bash
# Sourced by bootstrap.sh and test-matrix.sh: finds a runnable CPython of a given X.Y without hard-coding a path.
#
# Looks, in turn, at pythonX.Y on PATH (Ubuntu, Fedora, Homebrew and the like put it there) and at pyenv's installed
# versions. A pyenv shim of a version that is installed but not selected sits on PATH and fails when run, so a
# command counts only once it has printed its version; pyenv's own versions are found through `pyenv prefix`.

# Prints X.Y, or nothing when the interpreter does not run.
python_version_of() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2> /dev/null || true
}

# Prints a path (or command) that runs CPython X.Y, or nothing.
find_python() {
    local wanted=$1 candidate version prefix
    candidate="python$wanted"
    if [[ "$(python_version_of "$candidate")" == "$wanted" ]]; then
        command -v "$candidate"
        return
    fi
    command -v pyenv > /dev/null 2>&1 || return 0
    # Newest patch release first: pyenv lists 3.13.0 and 3.13.1 side by side.
    while read -r version; do
        prefix=$(pyenv prefix "$version" 2> /dev/null) || continue
        candidate="$prefix/bin/python$wanted"
        if [[ "$(python_version_of "$candidate")" == "$wanted" ]]; then
            echo "$candidate"
            return
        fi
    done < <(pyenv versions --bare --skip-aliases 2> /dev/null | grep -E "^${wanted//./\\.}(\.[0-9]+)?$" | sort -V -r)
}

# Prints the first of the given X.Y versions that find_python finds, or nothing.
find_first_python() {
    local version found
    for version in "$@"; do
        found=$(find_python "$version")
        if [[ -n "$found" ]]; then
            echo "$found"
            return
        fi
    done
}
