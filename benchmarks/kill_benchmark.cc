// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// kill_benchmark: the library side of `pm kill`: KillPort of a listener that
// exits on TERM (fast first-owner lookup and full scan), Terminate of a PID,
// and planning alone (process table, guard, tree). Each iteration forks a
// fresh child outside the timed region and reaps it after.
//
//   bazel run -c opt //benchmarks:kill_benchmark

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "benchmark/benchmark.h"
#include "core/backend.h"
#include "core/kill_port.h"
#include "core/terminate.h"

namespace pm {
namespace {

struct Child {
  pid_t pid = -1;
  uint16_t port = 0;
};

// Forks a child that listens on 127.0.0.1:0 (when `listen`) and sleeps until
// a signal ends it; returns once the socket is listening.
Child Spawn(bool listen_on_port) {
  int ready[2];
  if (pipe(ready) != 0) std::abort();
  Child child;
  child.pid = fork();
  if (child.pid == 0) {
    close(ready[0]);
    uint16_t port = 0;
    if (listen_on_port) {
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in sin{};
      sin.sin_family = AF_INET;
      sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      socklen_t len = sizeof(sin);
      if (bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) != 0 ||
          listen(fd, 16) != 0 ||
          getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len) != 0) {
        _exit(1);
      }
      port = ntohs(sin.sin_port);
    }
    if (write(ready[1], &port, sizeof(port)) != sizeof(port)) _exit(1);
    close(ready[1]);
    while (true) pause();
  }
  close(ready[1]);
  if (read(ready[0], &child.port, sizeof(child.port)) != sizeof(child.port)) {
    std::abort();
  }
  close(ready[0]);
  return child;
}

void Reap(const Child& child) {
  kill(child.pid, SIGKILL);
  waitpid(child.pid, nullptr, 0);
}

std::unique_ptr<Backend> MakeBackend() {
  absl::StatusOr<std::unique_ptr<Backend>> backend = CreateDefaultBackend();
  if (!backend.ok()) std::abort();
  return *std::move(backend);
}

TerminationPolicy Policy() {
  TerminationPolicy policy;
  policy.grace = absl::Seconds(10);
  return policy;
}

// KillPort of a one-process listener; range(0): 0 = kFirst, 1 = kAll.
void BM_KillPort(benchmark::State& state) {
  std::unique_ptr<Backend> backend = MakeBackend();
  KillPortOptions options;
  options.first_search =
      state.range(0) == 0 ? OwnerSearch::kFirst : OwnerSearch::kAll;
  for (auto _ : state) {
    state.PauseTiming();
    const Child child = Spawn(/*listen_on_port=*/true);
    state.ResumeTiming();
    absl::StatusOr<KillPortReport> report =
        KillPort(*backend, child.port, Policy(), options);
    state.PauseTiming();
    if (!report.ok() || !report->free) state.SkipWithError("not freed");
    Reap(child);
    state.ResumeTiming();
  }
}
BENCHMARK(BM_KillPort)->Arg(0)->Arg(1)->ArgNames({"all_owners"})->UseRealTime();

void BM_TerminatePid(benchmark::State& state) {
  std::unique_ptr<Backend> backend = MakeBackend();
  for (auto _ : state) {
    state.PauseTiming();
    const Child child = Spawn(/*listen_on_port=*/false);
    absl::StatusOr<ProcessInfo> info =
        backend->processes().GetProcess(child.pid);
    state.ResumeTiming();
    absl::StatusOr<TerminationReport> report =
        Terminate(*backend, info->identity(), Policy());
    state.PauseTiming();
    if (!report.ok()) state.SkipWithError("Terminate failed");
    Reap(child);
    state.ResumeTiming();
  }
}
BENCHMARK(BM_TerminatePid)->UseRealTime();

// The plan alone: one process table listing, the guard, the tree walk.
void BM_PlanTree(benchmark::State& state) {
  std::unique_ptr<Backend> backend = MakeBackend();
  const Child child = Spawn(/*listen_on_port=*/false);
  const ProcessIdentity id =
      backend->processes().GetProcess(child.pid)->identity();
  TerminationPolicy policy = Policy();
  policy.tree = true;
  for (auto _ : state) {
    absl::StatusOr<TerminationPlan> plan =
        PlanTermination(*backend, absl::MakeConstSpan(&id, 1), policy);
    benchmark::DoNotOptimize(plan);
  }
  Reap(child);
}
BENCHMARK(BM_PlanTree)->UseRealTime();

}  // namespace
}  // namespace pm
