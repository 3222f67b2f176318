#!/usr/bin/env bash
# benchmarks/compare.sh: pm against ss, lsof and fuser on the same load, side by
# side. Builds pm with -c opt, starts benchmarks/load_generator (N processes x M
# listening sockets), checks that every tool names the same owner, then times
# every command in alternation (benchmarks/time_commands: posix_spawn to exit,
# many rounds) and prints medians and ratios against the issue's targets, for
# N x M = 50x5, 300x20 and 1000x20; then runs the library micro-benchmarks under
# the 300x20 load. About 2-3 minutes once built. See benchmarks/README.md.
#
# Environment:
#   PM_BENCH_SIZES="50x5 300x20 1000x20"   loads to run
#   PM_BENCH_ROUNDS=N                      rounds per load (default 25/21/11)
#   PM_BENCH_MICRO=0                       skip the micro-benchmarks
#   PM_BENCH_OUTPUT_BASE=DIR               bazel --output_base (keeps this opt
#                                          build off a shared Bazel server)
# Installs lsof and psmisc (fuser) from Debian on first use (sudo if not root).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

sizes=${PM_BENCH_SIZES:-"50x5 300x20 1000x20"}
bazel_cmd=(bazel)
if [[ -n "${PM_BENCH_OUTPUT_BASE:-}" ]]; then
  bazel_cmd+=("--output_base=$PM_BENCH_OUTPUT_BASE")
fi
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)

# --- tools -------------------------------------------------------------------
missing=()
command -v lsof >/dev/null || missing+=(lsof)
command -v fuser >/dev/null || missing+=(psmisc)
command -v ss >/dev/null || missing+=(iproute2)
if ((${#missing[@]})); then
  echo "installing ${missing[*]} from Debian..." >&2
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
    "${missing[@]}" >&2
fi
SS=$(command -v ss); LSOF=$(command -v lsof); FUSER=$(command -v fuser)

# --- build -------------------------------------------------------------------
targets=(//cli:pm //benchmarks:load_generator //benchmarks:time_commands
  //benchmarks:discovery_benchmark)
# --symlink_prefix=/: leave the workspace's bazel-* links to the fastbuild.
"${bazel_cmd[@]}" build -c opt --symlink_prefix=/ "${targets[@]}" >&2
bin=$("${bazel_cmd[@]}" info -c opt bazel-bin 2>/dev/null)
PM="$bin/cli/pm"
GEN="$bin/benchmarks/load_generator"
TIMER="$bin/benchmarks/time_commands"

# pm links Abseil, RE2 and (Linux, not under sanitizers) libstdc++ statically:
# bazel/system_libs.bzl and bazel/cxx_runtime.bzl. Show what it still loads.
PM_LOADS=$(ldd "$PM" | awk '{print $1}' | grep -v '^linux-vdso' | tr '\n' ' ')

# --- helpers -----------------------------------------------------------------
gen_pid=""
stop_load() {
  if [[ -n "$gen_pid" ]]; then
    kill "$gen_pid" 2>/dev/null || true
    wait "$gen_pid" 2>/dev/null || true
    gen_pid=""
  fi
}
trap 'stop_load' EXIT

# start_load N M OWNER [generator flags...]: sets PORT and OWNER_PID.
start_load() {
  local ready
  ready=$(mktemp)
  rm -f "$ready"
  "$GEN" --processes="$1" --sockets="$2" --owner="$3" "${@:4}" \
    --ready_file="$ready" &
  gen_pid=$!
  for _ in $(seq 600); do [[ -s "$ready" ]] && break; sleep 0.05; done
  [[ -s "$ready" ]] || { echo "load generator not ready" >&2; exit 1; }
  PORT=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' "$ready")
  OWNER_PID=$(sed -n 's/.*owner_pid=\([0-9]*\).*/\1/p' "$ready")
  rm -f "$ready"
  sleep 0.3  # Let the forks settle.
}

# Every tool must name OWNER_PID as the only owner of PORT.
check_answers() {
  local pm_pids first_pids ss_pids lsof_pids fuser_pids
  pm_pids=$("$PM" who --json "$PORT" | grep -o '"pid": [0-9]*' | awk '{print $2}' | sort -u | xargs)
  first_pids=$("$PM" who --first --json "$PORT" | grep -o '"pid": [0-9]*' | awk '{print $2}' | sort -u | xargs)
  ss_pids=$("$SS" -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u | xargs)
  lsof_pids=$("$LSOF" -nP -t -i ":$PORT" | sort -u | xargs)
  fuser_pids=$("$FUSER" -n tcp "$PORT" 2>/dev/null | xargs)
  for got in "$pm_pids" "$first_pids" "$ss_pids" "$lsof_pids" "$fuser_pids"; do
    if [[ "$got" != "$OWNER_PID" ]]; then
      echo "MISMATCH on port $PORT: owner $OWNER_PID; pm '$pm_pids' pm --first" \
        "'$first_pids' ss '$ss_pids' lsof '$lsof_pids' fuser '$fuser_pids'" >&2
      exit 1
    fi
  done
  echo "  answers agree: pm who, pm who --first, ss, lsof and fuser all name pid $OWNER_PID for port $PORT"
}

declare -A MS
# time_all ROUNDS LABEL=CMD...: fills MS[label] with median ms.
time_all() {
  local rounds=$1 label median rest failures
  shift
  while read -r label median _ _ _ _ failures; do
    MS[$label]=$median
    ((failures == 0)) || echo "  WARNING: $label failed $failures times" >&2
  done < <("$TIMER" --rounds="$rounds" "$@")
}

row() {  # row CHECK PM_LABEL TOOL_LABEL TARGET(<=x|>=x) [NOTE]
  awk -v c="$1" -v a="${MS[$2]}" -v b="${MS[$3]}" -v t="$4" -v n="${5:-}" 'BEGIN {
    if (t ~ /^>=/) { v = b / a; s = sprintf("%.1fx faster", v); goal = substr(t, 3) + 0; ok = v >= goal }
    else if (t ~ /^<=/) { v = a / b; s = sprintf("%.2fx", v); goal = substr(t, 3) + 0; ok = v <= goal }
    else { v = a / b; s = sprintf("%.2fx", v); ok = -1 }
    printf "  %-46s %9.2f %9.2f  %-13s %-8s %s %s\n", c, a, b, s, t, (ok < 0 ? "-" : (ok ? "MET" : "MISSED")), n }'
}

header() {
  printf "  %-46s %9s %9s  %-13s %-8s %s\n" "check (pm vs tool)" "pm ms" "tool ms" "ratio" "target" "result"
}

load_now() { cut -d' ' -f1 /proc/loadavg; }

# --- machine -----------------------------------------------------------------
echo "pm discovery comparison  $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: nproc $(nproc), kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "pm: $PM (loads ${PM_LOADS:-nothing})"
echo "tools: $("$SS" -V 2>&1 | head -1), lsof $("$LSOF" -v 2>&1 | sed -n 's/.*revision: *//p'), $("$FUSER" -V 2>&1 | head -1)"

for size in $sizes; do
  n=${size%x*}; m=${size#*x}
  case "$size" in 50x5) rounds=25 ;; 300x20) rounds=21 ;; *) rounds=11 ;; esac
  rounds=${PM_BENCH_ROUNDS:-$rounds}

  echo
  echo "== $n processes x $m listening sockets, $rounds rounds, medians of whole-process wall time =="
  start_load "$n" "$m" last
  echo "  machine under load: $(find /proc -mindepth 1 -maxdepth 1 -name "[0-9]*" | wc -l) processes," \
    "$(find /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 2>/dev/null | wc -l) fds," \
    "$("$SS" -ltnH | wc -l) TCP listeners; port $PORT's owner is the newest (pid $OWNER_PID)"
  check_answers
  if command -v strace >/dev/null; then
    opened=$(strace -f -e trace=open,openat "$PM" who "$PORT" 2>&1 >/dev/null |
      grep -c '"/proc/net/' || true)
    echo "  strace: pm who opened $opened /proc/net files (0: the kernel's sock_diag answered)"
  fi
  l0=$(load_now)
  cmds=("pm_who=$PM who $PORT" "pm_first=$PM who --first $PORT"
    "pm_ports=$PM ports --listening" "pm_version=$PM --version"
    "true=$(command -v true)"
    "ss_port=$SS -ltnpH sport = :$PORT" "ss_all=$SS -ltnp"
    "lsof=$LSOF -nP -t -i :$PORT" "fuser=$FUSER -n tcp $PORT")
  time_all "$rounds" "${cmds[@]}"
  stop_load
  header
  row "pm who P  vs  ss -ltnpH 'sport = :P'" pm_who ss_port "<=0.5"
  row "pm who P  vs  lsof -nP -t -i :P" pm_who lsof "<=0.25"
  row "pm who P  vs  fuser -n tcp P" pm_who fuser "-"
  row "pm ports --listening  vs  ss -ltnp" pm_ports ss_all "<=0.5"
  row "pm who --first P (owner newest)  vs  ss" pm_first ss_port ">=20"
  printf "  %-46s %9.2f  (start to exit, no lookup)\n" "pm --version" "${MS[pm_version]}"
  printf "  %-46s %9.2f  (spawn and exit of an empty program)\n" "true" "${MS[true]}"

  if [[ $(id -u) -eq 0 ]]; then
    start_load "$n" "$m" first --owner_uid=4242
    check_answers
    time_all "$rounds" "pm_first=$PM who --first $PORT" "pm_who=$PM who $PORT" \
      "ss_port=$SS -ltnpH sport = :$PORT"
    stop_load
    row "pm who --first P (owner oldest, only uid 4242) vs ss" pm_first ss_port ">=20"
    row "pm who P (same load)  vs  ss" pm_who ss_port "<=0.5"
  else
    echo "  (not root: the only-process-of-its-uid load needs setuid; skipped)"
  fi
  start_load "$n" "$m" first
  time_all "$rounds" "pm_first=$PM who --first $PORT" "ss_port=$SS -ltnpH sport = :$PORT"
  l1=$(load_now)  # Before the teardown of N processes lifts it.
  stop_load
  row "pm who --first P (owner oldest, same uid) vs ss" pm_first ss_port "-" "(worst case: reads every process)"
  echo "  load average $l0 when timing began, $l1 at the end"
done

if [[ "${PM_BENCH_MICRO:-1}" != 0 ]]; then
  echo
  echo "== micro-benchmarks (Google Benchmark) under the 300x20 load, owner newest =="
  start_load 300 20 last
  PM_BENCH_PORT=$PORT "$bin/benchmarks/discovery_benchmark" \
    --benchmark_min_time=0.2 2>/dev/null | grep -E '^(BM_|-|Benchmark)'
  stop_load
fi
