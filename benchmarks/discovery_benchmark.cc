// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Micro-benchmarks of discovery: listing sockets (netlink and /proc/net, with
// and without owners), FindOwners for one port cold (empty owner cache) and
// warm (same backend, repeated), first-owner and every-owner, the /proc owner
// scan on one thread and on every core, the process table scan and the
// port-free probe. Run under a load (benchmarks/load_generator) to see what a
// busy machine costs; compare.sh does.
//
// Run: bazel run -c opt //benchmarks:discovery_benchmark
// With PM_BENCH_PORT=P in the environment the FindOwners benchmarks look up
// port P (e.g. the load generator's owner) instead of a listener of their own.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "benchmark/benchmark.h"
#include "core/backend.h"
#include "core/find_owners.h"
#include "platform_linux/socket_owner_scanner.h"

namespace pm {
namespace {

std::unique_ptr<Backend> MakeBackend(SocketSource source) {
  BackendOptions options;
  options.socket_source = source;
  absl::StatusOr<std::unique_ptr<Backend>> backend =
      CreateDefaultBackend(options);
  if (!backend.ok()) {
    std::fprintf(stderr, "backend: %s\n", backend.status().ToString().c_str());
    std::abort();
  }
  return *std::move(backend);
}

// A loopback TCP listener owned by this process, for FindOwners to find.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&a), len) != 0 ||
        listen(fd_, 8) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      std::perror("listener");
      std::abort();
    }
    port_ = ntohs(a.sin_port);
  }
  ~Listener() { close(fd_); }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// The port the FindOwners benchmarks look up: PM_BENCH_PORT, else ours.
uint16_t TargetPort(const Listener& ours) {
  const char* env = std::getenv("PM_BENCH_PORT");
  return env != nullptr ? static_cast<uint16_t>(std::atoi(env)) : ours.port();
}

void BM_ListListening(benchmark::State& state, SocketSource source,
                      bool with_owners) {
  std::unique_ptr<Backend> backend = MakeBackend(source);
  SocketQuery query;
  query.states = SocketStateSet::Listening();
  query.with_owners = with_owners;
  size_t count = 0;
  for (auto _ : state) {
    absl::StatusOr<std::vector<Socket>> sockets =
        backend->ports().ListSockets(query);
    if (!sockets.ok()) {
      state.SkipWithError("ListSockets failed");
      break;
    }
    count = sockets->size();
    benchmark::DoNotOptimize(sockets);
  }
  state.counters["sockets"] = static_cast<double>(count);
}
BENCHMARK_CAPTURE(BM_ListListening, netlink, SocketSource::kNetlink, false)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ListListening, procfs, SocketSource::kProcNet, false)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ListListening, netlink_owners, SocketSource::kNetlink,
                  true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ListListening, procfs_owners, SocketSource::kProcNet, true)
    ->Unit(benchmark::kMillisecond);

// The socket table query `pm who P` starts with: one port, listening states,
// both families, TCP and UDP (or TCP only), no owners; netlink filters the
// port and the states in the kernel.
void BM_ListPort(benchmark::State& state) {
  Listener listener;
  std::unique_ptr<Backend> backend = MakeBackend(SocketSource::kNetlink);
  SocketQuery query;
  query.local_port = TargetPort(listener);
  query.states = SocketStateSet::Listening();  // As `pm who` asks.
  query.tcp = state.range(0) != 0;
  query.udp = state.range(1) != 0;
  for (auto _ : state) {
    absl::StatusOr<std::vector<Socket>> sockets =
        backend->ports().ListSockets(query);
    if (!sockets.ok() || sockets->empty()) {
      state.SkipWithError("ListSockets did not find the port");
      break;
    }
    benchmark::DoNotOptimize(sockets);
  }
}
BENCHMARK(BM_ListPort)
    ->ArgNames({"tcp", "udp"})
    ->Args({1, 1})
    ->Args({1, 0})
    ->Unit(benchmark::kMicrosecond);

// The details FindOwners attaches to each owner (stat, status, cmdline, exe
// and the user name).
void BM_GetProcess(benchmark::State& state) {
  std::unique_ptr<Backend> backend = MakeBackend(SocketSource::kAuto);
  const Pid self = getpid();
  for (auto _ : state) {
    absl::StatusOr<ProcessInfo> info = backend->processes().GetProcess(self);
    if (!info.ok()) {
      state.SkipWithError("GetProcess failed");
      break;
    }
    benchmark::DoNotOptimize(info);
  }
}
BENCHMARK(BM_GetProcess)->Unit(benchmark::kMicrosecond);

// FindOwners(port) as `pm who P` calls it (listening sockets, TCP and UDP).
// `cold`: a new backend (empty owner cache) per iteration, created outside the
// timing.
void BM_FindOwners(benchmark::State& state, OwnerSearch search, bool cold) {
  Listener listener;
  const uint16_t port = TargetPort(listener);
  SocketQuery filter;  // What `pm who P` asks: listening sockets.
  filter.states = SocketStateSet::Listening();
  filter.owner_search = search;
  std::unique_ptr<Backend> backend = MakeBackend(SocketSource::kAuto);
  for (auto _ : state) {
    if (cold) {
      state.PauseTiming();
      backend = MakeBackend(SocketSource::kAuto);
      state.ResumeTiming();
    }
    absl::StatusOr<std::vector<OwnedSocket>> owners =
        FindOwners(*backend, port, filter);
    if (!owners.ok() || owners->empty() ||
        owners->front().socket.owners.empty()) {
      state.SkipWithError("FindOwners did not find the listener's owner");
      break;
    }
    benchmark::DoNotOptimize(owners);
  }
}
BENCHMARK_CAPTURE(BM_FindOwners, all_cold, OwnerSearch::kAll, true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FindOwners, all_warm, OwnerSearch::kAll, false)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FindOwners, first_cold, OwnerSearch::kFirst, true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FindOwners, first_warm, OwnerSearch::kFirst, false)
    ->Unit(benchmark::kMicrosecond);

// The full /proc owner scan alone (every socket fd of every process), on
// state.range(0) threads.
void BM_OwnerScan(benchmark::State& state) {
  procfs::OwnerScanOptions options;
  options.threads = static_cast<int>(state.range(0));
  size_t processes = 0;
  for (auto _ : state) {
    absl::StatusOr<procfs::SocketOwnerScan> scan =
        procfs::ScanSocketOwners("/proc", options);
    if (!scan.ok()) {
      state.SkipWithError("ScanSocketOwners failed");
      break;
    }
    processes = scan->processes_scanned;
    benchmark::DoNotOptimize(scan);
  }
  state.counters["processes"] = static_cast<double>(processes);
}
BENCHMARK(BM_OwnerScan)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_ListProcesses(benchmark::State& state) {
  std::unique_ptr<Backend> backend = MakeBackend(SocketSource::kAuto);
  size_t count = 0;
  for (auto _ : state) {
    absl::StatusOr<std::vector<ProcessInfo>> procs =
        backend->processes().ListProcesses();
    if (!procs.ok()) {
      state.SkipWithError("ListProcesses failed");
      break;
    }
    count = procs->size();
    benchmark::DoNotOptimize(procs);
  }
  state.counters["processes"] = static_cast<double>(count);
}
BENCHMARK(BM_ListProcesses)->Unit(benchmark::kMillisecond);

// PortProber::ProbeBind on a free port (ours closed) and on a held one.
void BM_ProbeBind(benchmark::State& state, bool held) {
  std::unique_ptr<Backend> backend = MakeBackend(SocketSource::kAuto);
  auto listener = std::make_unique<Listener>();
  Endpoint local;
  local.address = IpAddress::Loopback(AddressFamily::kIpv4);
  local.port = listener->port();
  if (!held) listener.reset();
  const BindOutcome expected = held ? BindOutcome::kInUse : BindOutcome::kFree;
  for (auto _ : state) {
    absl::StatusOr<BindOutcome> outcome =
        backend->ports().ProbeBind(Protocol::kTcp, local);
    if (!outcome.ok() || *outcome != expected) {
      state.SkipWithError("ProbeBind gave an unexpected answer");
      break;
    }
  }
}
BENCHMARK_CAPTURE(BM_ProbeBind, free, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ProbeBind, in_use, true)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace pm
