#!/usr/bin/env bash
# benchmarks/kill_compare.sh: `pm kill :PORT` beside npm's kill-port and
# fkill-cli (`fkill -f :PORT`), on a listener that exits on SIGTERM.
#
# Every round starts a fresh listener (python3, bound to 127.0.0.1:PORT, the
# default SIGTERM action), waits until it listens, then times one tool from
# spawn to exit, checks that the listener is gone and the port binds again, and
# reaps it. Tools run in alternation (each round starts one tool later), so no
# tool always follows the same one. Prints median / p25 / p75 / min wall time
# per tool, then runs //benchmarks:kill_benchmark (the library side).
#
#   benchmarks/kill_compare.sh [ROUNDS]         (default 21)
#
# Environment:
#   PM=/path/to/pm                 time this pm binary instead of building one
#   PM_BENCH_CACHE=DIR             where kill-port and fkill-cli are installed
#                                  with npm on first use (default
#                                  ~/.cache/pm-bench; never in the repository)
#   PM_BENCH_OUTPUT_BASE=DIR       bazel --output_base for the -c opt build
#                                  (keeps it off a shared Bazel server; the
#                                  workspace's bazel-* links are left alone)
#   PM_BENCH_MICRO=0               skip the Google Benchmark run
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
rounds=${1:-21}
cache=${PM_BENCH_CACHE:-$HOME/.cache/pm-bench}

# --- tools -------------------------------------------------------------------
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "kill_compare: node and npm are needed (apt-get install nodejs npm)" >&2
  exit 2
}
if [[ ! -x "$cache/node_modules/.bin/kill-port" ||
  ! -x "$cache/node_modules/.bin/fkill" ]]; then
  echo "kill_compare: installing kill-port and fkill-cli into $cache" >&2
  mkdir -p "$cache"
  (cd "$cache" && npm install --no-audit --no-fund --silent kill-port fkill-cli)
fi
# kill-port runs lsof; install it the way benchmarks/compare.sh does.
if ! command -v lsof >/dev/null; then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq lsof >&2
fi

# --- build -------------------------------------------------------------------
bazel_cmd=(bazel)
build_flags=(-c opt)
if [[ -n "${PM_BENCH_OUTPUT_BASE:-}" ]]; then
  bazel_cmd+=("--output_base=$PM_BENCH_OUTPUT_BASE")
  build_flags+=(--symlink_prefix=/)
fi
bench_bin=""
if [[ -z "${PM:-}" || "${PM_BENCH_MICRO:-1}" != 0 ]]; then
  "${bazel_cmd[@]}" build "${build_flags[@]}" //cli:pm //benchmarks:kill_benchmark >&2
  bin=$("${bazel_cmd[@]}" info -c opt bazel-bin 2>/dev/null)
  PM=${PM:-$bin/cli/pm}
  bench_bin=$bin/benchmarks/kill_benchmark
fi

# --- timing ------------------------------------------------------------------
echo "kill_compare: $rounds rounds; pm=$PM" >&2
python3 - "$rounds" "$PM" "$cache/node_modules/.bin/kill-port" \
  "$cache/node_modules/.bin/fkill" <<'PYTHON'
import os, socket, statistics, subprocess, sys, tempfile, time

rounds, pm, kill_port, fkill = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
tools = [
    ("pm kill :P", lambda p: [pm, "kill", f":{p}"]),
    ("kill-port P", lambda p: [kill_port, str(p)]),
    ("fkill -f :P", lambda p: [fkill, "--force", f":{p}"]),
]
LISTENER = """
import signal, socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(16)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
signal.pause()
"""

def start_listener():
    ready = tempfile.mktemp(prefix="pm-kill-bench.")
    proc = subprocess.Popen([sys.executable, "-c", LISTENER, ready],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(ready):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("listener did not start")
        time.sleep(0.002)
    port = int(open(ready).read())
    os.unlink(ready)
    return proc, port

def binds(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port)); return True
    except OSError:
        return False
    finally:
        s.close()

times = {name: [] for name, _ in tools}
failures = {name: 0 for name, _ in tools}
for r in range(rounds + 1):  # Round 0 warms caches and is not recorded.
    for i in range(len(tools)):
        name, argv = tools[(r + i) % len(tools)]
        proc, port = start_listener()
        try:
            start = time.perf_counter()
            done = subprocess.run(argv(port), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
            elapsed = (time.perf_counter() - start) * 1e3
            proc.wait(timeout=5)
            ok = done.returncode == 0 and binds(port)
        except subprocess.TimeoutExpired:
            ok = False
        finally:
            if proc.poll() is None:
                proc.kill(); proc.wait()
        if r == 0:
            continue
        if ok:
            times[name].append(elapsed)
        else:
            failures[name] += 1

def q(values, f):
    values = sorted(values)
    return values[min(len(values) - 1, int(f * len(values)))]

print(f"{'tool':<14}{'median ms':>10}{'p25':>8}{'p75':>8}{'min':>8}  runs  failures")
for name, _ in tools:
    v = times[name]
    if not v:
        print(f"{name:<14}{'-':>10}{'-':>8}{'-':>8}{'-':>8}  {0:>4}  {failures[name]:>8}")
        continue
    print(f"{name:<14}{statistics.median(v):>10.1f}{q(v, .25):>8.1f}"
          f"{q(v, .75):>8.1f}{min(v):>8.1f}  {len(v):>4}  {failures[name]:>8}")
PYTHON

if [[ -n "$bench_bin" && "${PM_BENCH_MICRO:-1}" != 0 ]]; then
  "$bench_bin" --benchmark_min_time=0.5
fi
