// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// fresh_scan_benchmark: times the full /proc owner scan iteration by iteration
// in a fresh process (wall, CPU, page faults, and CPU cycles and instructions
// where perf events are allowed), to tell first-scan costs from steady-state
// ones.

#include <linux/perf_event.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/status/statusor.h"
#include "platform_linux/socket_owner_scanner.h"

namespace {

double NowMs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 +
         static_cast<double>(ts.tv_nsec) / 1e6;
}

long MinorFaults() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// A hardware counter of this thread and the threads it starts later, or -1
// when perf events are refused (the counts then print as 0).
int OpenCounter(uint64_t config) {
  perf_event_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.size = sizeof(attr);
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = config;
  attr.inherit = 1;
  attr.exclude_hv = 1;
  return static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
}

// Keeps this CPU busy for `ms` without touching memory or the kernel.
void SpinMs(int ms) {
  const double end = NowMs(CLOCK_MONOTONIC) + ms;
  volatile uint64_t sink = 0;
  while (NowMs(CLOCK_MONOTONIC) < end) {
    for (int i = 0; i < 1000; ++i) sink = sink + static_cast<uint64_t>(i);
  }
}

// The counter's value (own thread plus exited children), or 0.
uint64_t ReadCounter(int fd) {
  uint64_t value = 0;
  if (fd < 0 || read(fd, &value, sizeof(value)) != sizeof(value)) return 0;
  return value;
}

}  // namespace

// Usage: fresh_scan_benchmark [ITERATIONS [THREADS [PAUSE_MS]]] (THREADS 0: one
// per core; PAUSE_MS: idle time before each iteration, to tell a fresh process
// from an idle machine). Prints one line per iteration: index, wall ms,
// process CPU ms, minor faults, millions of cycles and instructions, processes
// scanned and socket fds found.
int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 5;
  pm::procfs::OwnerScanOptions options;
  options.threads = argc > 2 ? std::atoi(argv[2]) : 0;
  const int pause_ms = argc > 3 ? std::atoi(argv[3]) : 0;
  const int cycles_fd = OpenCounter(PERF_COUNT_HW_CPU_CYCLES);
  const int instructions_fd = OpenCounter(PERF_COUNT_HW_INSTRUCTIONS);
  for (int i = 0; i < iterations; ++i) {
    if (pause_ms > 0) usleep(static_cast<useconds_t>(pause_ms) * 1000);
    if (pause_ms < 0) SpinMs(-pause_ms);
    const long faults = MinorFaults();
    const uint64_t cycles = ReadCounter(cycles_fd);
    const uint64_t instructions = ReadCounter(instructions_fd);
    const double cpu = NowMs(CLOCK_PROCESS_CPUTIME_ID);
    const double wall = NowMs(CLOCK_MONOTONIC);
    absl::StatusOr<pm::procfs::SocketOwnerScan> scan =
        pm::procfs::ScanSocketOwners("/proc", options);
    const double wall_ms = NowMs(CLOCK_MONOTONIC) - wall;
    const double cpu_ms = NowMs(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    const double mcycles =
        static_cast<double>(ReadCounter(cycles_fd) - cycles) / 1e6;
    const double minstructions =
        static_cast<double>(ReadCounter(instructions_fd) - instructions) / 1e6;
    if (!scan.ok()) {
      std::fprintf(stderr, "%s\n",
                   std::string(scan.status().message()).c_str());
      return 1;
    }
    std::printf(
        "%d wall=%.3f cpu=%.3f faults=%ld mcycles=%.2f minstr=%.2f "
        "processes=%zu holders=%zu\n",
        i, wall_ms, cpu_ms, MinorFaults() - faults, mcycles, minstructions,
        scan->processes_scanned, scan->holders.size());
  }
  return 0;
}
