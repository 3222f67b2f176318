#!/usr/bin/env bash
# Installs what building and testing pm needs on Debian 12 / Ubuntu: Bazel 4 and the
# C++ libraries, all from the distribution's archive. A no-op when everything is present.
# Sourced or run by tools/pm and tools/test; safe to run by hand.
set -euo pipefail

PM_DEBIAN_PACKAGES=(
  bazel-bootstrap bazel-rules-cc bazel-rules-java bazel-platforms bazel-skylib
  g++ pkg-config
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev libre2-dev
  libcli11-dev nlohmann-json3-dev
)

pm_missing_packages() {
  local p
  for p in "${PM_DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s\n' "$p"
    fi
  done
}

pm_setup() {
  local missing
  missing=$(pm_missing_packages)
  [ -z "$missing" ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: $missing" >&2; return 1; }
    sudo=(sudo)
  fi
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/pm-setup.XXXXXX.log")
  echo "setup: installing with apt-get (first use only; log: $log):" $missing >&2
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  if ! { "${sudo[@]}" apt-get update -q &&
         "${sudo[@]}" apt-get install -y -q --no-install-recommends $missing; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "setup: apt-get failed; the full log is $log" >&2
    return 1
  fi
  echo "setup: done" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  pm_setup
fi
