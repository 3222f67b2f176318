// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Micro-benchmarks of the port operations: the bind probe, IsPortFree, one
// poll of the waiting loop, FindFreePort over a crowded range (with and
// without the socket-table snapshot), and readiness latency: the time from
// listen() in a child process to WaitForListener returning (and to
// `pm port wait` exiting). Figures: benchmarks/README.md.
// Run: bazel run -c opt //benchmarks:port_benchmark

#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "core/backend.h"
#include "core/find_free_port.h"
#include "core/port_probe.h"
#include "core/port_wait.h"

extern char** environ;

namespace pm {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<Backend> MakeBackend() {
  absl::StatusOr<std::unique_ptr<Backend>> backend = CreateDefaultBackend();
  if (!backend.ok()) {
    std::fprintf(stderr, "backend: %s\n", backend.status().ToString().c_str());
    std::abort();
  }
  return *std::move(backend);
}

// A TCP socket on 127.0.0.1:`port` (0: any), listening unless `listen` is
// false; -1 when the bind fails.
int Listen(uint16_t port, bool listen = true) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 ||
      (listen && ::listen(fd, 16) != 0)) {
    close(fd);
    return -1;
  }
  return fd;
}

uint16_t FreePortNumber() {
  int fd = Listen(0, /*listen=*/false);
  sockaddr_in a{};
  socklen_t len = sizeof(a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

void BM_ProbeBind(benchmark::State& state) {
  std::unique_ptr<Backend> backend = MakeBackend();
  const Endpoint at{IpAddress::Loopback(AddressFamily::kIpv4),
                    FreePortNumber()};
  for (auto _ : state) {
    benchmark::DoNotOptimize(backend->ports().ProbeBind(Protocol::kTcp, at));
  }
}
BENCHMARK(BM_ProbeBind);

void BM_IsPortFree(benchmark::State& state, const char* host) {
  std::unique_ptr<Backend> backend = MakeBackend();
  const uint16_t port = FreePortNumber();
  for (auto _ : state) {
    benchmark::DoNotOptimize(IsPortFree(backend->ports(), port, host));
  }
}
BENCHMARK_CAPTURE(BM_IsPortFree, loopback4, "127.0.0.1");
BENCHMARK_CAPTURE(BM_IsPortFree, localhost, "localhost");

// One poll of WaitForListener: the listening sockets on one port.
void BM_ListenerPoll(benchmark::State& state) {
  std::unique_ptr<Backend> backend = MakeBackend();
  SocketQuery query;
  query.udp = false;
  query.states = SocketStateSet::Listening();
  query.local_port = FreePortNumber();
  for (auto _ : state) {
    benchmark::DoNotOptimize(backend->ports().ListSockets(query));
  }
}
BENCHMARK(BM_ListenerPoll);

// The native prober without its socket table: FindFreePort probes every port.
class ProbeOnly : public PortProber {
 public:
  explicit ProbeOnly(PortProber& real) : real_(real) {}
  absl::StatusOr<std::vector<Socket>> ListSockets(const SocketQuery&) override {
    return absl::UnavailableError("no table");
  }
  absl::StatusOr<BindOutcome> ProbeBind(Protocol p,
                                        const Endpoint& e) override {
    return real_.ProbeBind(p, e);
  }

 private:
  PortProber& real_;
};

// range(0) ports from 40000 held by listeners of this process but the last.
void BM_FindFreePortCrowded(benchmark::State& state, bool with_table) {
  std::unique_ptr<Backend> backend = MakeBackend();
  const int count = static_cast<int>(state.range(0));
  const uint16_t first = 20000;
  std::vector<int> held;
  for (int i = 0; i < count - 1; ++i) {
    int fd = Listen(static_cast<uint16_t>(first + i));
    if (fd >= 0) held.push_back(fd);
  }
  ProbeOnly probe_only(backend->ports());
  PortProber& prober =
      with_table ? backend->ports() : static_cast<PortProber&>(probe_only);
  FindFreePortOptions options;
  options.host = "127.0.0.1";
  const PortRange range{first, static_cast<uint16_t>(first + count - 1)};
  int probed = 0;
  for (auto _ : state) {
    absl::StatusOr<FreePort> found = FindFreePort(prober, range, options);
    if (!found.ok()) state.SkipWithError("FindFreePort failed");
    probed = found.ok() ? found->probed : 0;
  }
  state.counters["held"] = static_cast<double>(held.size());
  state.counters["probed"] = probed;
  for (int fd : held) close(fd);
}
BENCHMARK_CAPTURE(BM_FindFreePortCrowded, table, true)->Arg(64)->Arg(1024);
BENCHMARK_CAPTURE(BM_FindFreePortCrowded, probe_only, false)
    ->Arg(64)
    ->Arg(1024);

// The three pipes between the benchmark and a late listener: `go` starts it,
// `report` carries the time it listened, closing `done` ends it.
struct Pipes {
  int go[2], report[2], done[2];
};

// Forks a child that, once `go` is readable, sleeps `delay`, listens on `port`
// and writes the steady_clock time right after listen() returned to `report`,
// then stays until `done` closes. Returns its pid.
pid_t StartLateListener(uint16_t port, absl::Duration delay, const Pipes& p) {
  pid_t child = fork();
  if (child != 0) return child;
  // Why: the child must not hold the parent's ends, or `done` never closes.
  close(p.go[1]);
  close(p.report[0]);
  close(p.done[1]);
  char byte;
  if (read(p.go[0], &byte, 1) != 1) _exit(1);
  absl::SleepFor(delay);
  int fd = Listen(port);
  const int64_t at = Clock::now().time_since_epoch().count();
  if (fd < 0 || write(p.report[1], &at, sizeof(at)) != sizeof(at)) _exit(2);
  (void)!read(p.done[0], &byte, 1);
  _exit(0);
}

// Time from listen() in a child to WaitForListener returning.
void BM_ReadinessLatency(benchmark::State& state, bool with_owners,
                         OwnerSearch search) {
  std::unique_ptr<Backend> backend = MakeBackend();
  PortWaitOptions options;
  options.with_owners = with_owners;
  options.owner_search = search;
  for (auto _ : state) {
    const uint16_t port = FreePortNumber();
    Pipes p;
    if (pipe(p.go) != 0 || pipe(p.report) != 0 || pipe(p.done) != 0) {
      std::abort();
    }
    pid_t child = StartLateListener(port, absl::Milliseconds(5), p);
    if (write(p.go[1], "g", 1) != 1) std::abort();
    absl::StatusOr<PortWaitResult> up = WaitForListener(
        *backend, port, absl::Now() + absl::Seconds(10), options);
    const int64_t returned = Clock::now().time_since_epoch().count();
    int64_t listened = 0;
    if (!up.ok() ||
        read(p.report[0], &listened, sizeof(listened)) != sizeof(listened)) {
      state.SkipWithError("the listener was not seen");
    }
    state.SetIterationTime(
        std::chrono::duration<double>(Clock::duration(returned - listened))
            .count());
    for (int fd :
         {p.go[0], p.go[1], p.report[0], p.report[1], p.done[0], p.done[1]}) {
      close(fd);
    }
    waitpid(child, nullptr, 0);
  }
}
BENCHMARK_CAPTURE(BM_ReadinessLatency, first_owner, true, OwnerSearch::kFirst)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(200);
BENCHMARK_CAPTURE(BM_ReadinessLatency, all_owners, true, OwnerSearch::kAll)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(200);
BENCHMARK_CAPTURE(BM_ReadinessLatency, no_owners, false, OwnerSearch::kFirst)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(200);

// Time from listen() (in this process) to `pm port wait PORT` exiting.
void BM_PmWaitCommandLatency(benchmark::State& state) {
  // `bazel run` starts the benchmark in its runfiles tree, where the pm
  // binary (a data dependency) is cli/pm; PM_BINARY overrides.
  const char* override_path = std::getenv("PM_BINARY");
  const std::string pm = override_path != nullptr ? override_path : "cli/pm";
  if (access(pm.c_str(), X_OK) != 0) {
    state.SkipWithError("pm not found: run with bazel run, or set PM_BINARY");
    return;
  }
  for (auto _ : state) {
    const uint16_t port = FreePortNumber();
    const std::string port_text = absl::StrCat(port);
    std::vector<const char*> argv = {pm.c_str(),        "port",      "wait",
                                     port_text.c_str(), "--timeout", "10s",
                                     "--json",          nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t child = 0;
    if (posix_spawn(&child, pm.c_str(), &actions, nullptr,
                    const_cast<char* const*>(argv.data()), environ) != 0) {
      state.SkipWithError("posix_spawn(pm) failed");
      return;
    }
    posix_spawn_file_actions_destroy(&actions);
    absl::SleepFor(absl::Milliseconds(50));  // pm is polling by now.
    const Clock::time_point listened = Clock::now();
    int fd = Listen(port);
    int status = 0;
    waitpid(child, &status, 0);
    const Clock::time_point exited = Clock::now();
    close(fd);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      state.SkipWithError("pm port wait failed");
    }
    state.SetIterationTime(
        std::chrono::duration<double>(exited - listened).count());
  }
}
BENCHMARK(BM_PmWaitCommandLatency)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(50);

}  // namespace
}  // namespace pm
