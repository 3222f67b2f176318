// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Micro-benchmarks of discovery: listing sockets (netlink and /proc/net, with
// and without owners), FindOwners for one port, and the process table scan.
// Run: bazel run -c opt //benchmarks:discovery_benchmark

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "benchmark/benchmark.h"
#include "core/backend.h"
#include "core/find_owners.h"

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
    if (!sockets.ok()) state.SkipWithError("ListSockets failed");
    count = sockets->size();
    benchmark::DoNotOptimize(sockets);
  }
  state.counters["sockets"] = static_cast<double>(count);
}
BENCHMARK_CAPTURE(BM_ListListening, netlink, SocketSource::kNetlink, false);
BENCHMARK_CAPTURE(BM_ListListening, procfs, SocketSource::kProcNet, false);
BENCHMARK_CAPTURE(BM_ListListening, netlink_owners, SocketSource::kNetlink,
                  true);
BENCHMARK_CAPTURE(BM_ListListening, procfs_owners, SocketSource::kProcNet,
                  true);

void BM_FindOwners(benchmark::State& state, SocketSource source) {
  std::unique_ptr<Backend> backend = MakeBackend(source);
  Listener listener;
  for (auto _ : state) {
    absl::StatusOr<std::vector<OwnedSocket>> owners =
        FindOwners(*backend, listener.port());
    if (!owners.ok() || owners->size() != 1) {
      state.SkipWithError("FindOwners did not find the listener");
    }
    benchmark::DoNotOptimize(owners);
  }
}
BENCHMARK_CAPTURE(BM_FindOwners, netlink, SocketSource::kNetlink);
BENCHMARK_CAPTURE(BM_FindOwners, procfs, SocketSource::kProcNet);

void BM_ListProcesses(benchmark::State& state) {
  std::unique_ptr<Backend> backend = MakeBackend(SocketSource::kAuto);
  size_t count = 0;
  for (auto _ : state) {
    absl::StatusOr<std::vector<ProcessInfo>> procs =
        backend->processes().ListProcesses();
    if (!procs.ok()) state.SkipWithError("ListProcesses failed");
    count = procs->size();
    benchmark::DoNotOptimize(procs);
  }
  state.counters["processes"] = static_cast<double>(count);
}
BENCHMARK(BM_ListProcesses);

}  // namespace
}  // namespace pm
