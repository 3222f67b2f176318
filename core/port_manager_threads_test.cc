// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// 16 threads hammering one PortManager with allocate/release from one range
// while others read its status and a monitor runs: no port is ever held by two
// services at once. Meant to run under --config=tsan as well.

#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/port_manager.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

// A service with a name, a default port and an optional range.
ServiceConfig Svc(std::string name, uint16_t port,
                  std::optional<PortRange> range = std::nullopt) {
  ServiceConfig s;
  s.name = std::move(name);
  s.default_port = port;
  s.range = range;
  return s;
}

constexpr int kThreads = 16;
constexpr int kRounds = 25;

class PortManagerThreadsTest : public ::testing::TestWithParam<bool> {};

TEST_P(PortManagerThreadsTest, ConcurrentAllocationsNeverShareAPort) {
  const bool with_state_dir = GetParam();
  std::unique_ptr<Backend> backend = testing::NativeBackend();
  ASSERT_NE(backend, nullptr);
  const PortRange range = testing::UnusedRange(kThreads + 8);
  ASSERT_NE(range.first, 0);
  PortManagerOptions options;
  for (int t = 0; t < kThreads; ++t) {
    options.config.services.push_back(
        Svc(absl::StrCat("svc-", t), range.first, range));
  }
  if (with_state_dir) {
    const char* tmp = std::getenv("TEST_TMPDIR");
    options.state_dir =
        absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/threads_", getpid());
  }
  auto created = PortManager::Create(*backend, options);
  ASSERT_TRUE(created.ok()) << created.status();
  PortManager& ports = **created;
  std::atomic<int> changes{0};
  MonitorOptions monitor;
  monitor.interval = absl::Milliseconds(1);
  monitor.on_change = [&changes](const PortStatusChange&) { ++changes; };
  ASSERT_TRUE(ports.StartMonitor(monitor).ok());

  std::mutex mu;
  std::map<uint16_t, std::string> holders;  // Guarded by mu.
  std::vector<std::string> problems;        // Guarded by mu.
  std::atomic<bool> done{false};
  // Every thread starts allocating at once, for as much contention as can be.
  std::condition_variable start_cv;
  int waiting = 0;  // Guarded by mu.
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string service = absl::StrCat("svc-", t);
      {
        std::unique_lock<std::mutex> lock(mu);
        ++waiting;
        start_cv.notify_all();
        start_cv.wait(lock, [&] { return waiting == kThreads; });
      }
      for (int round = 0; round < kRounds; ++round) {
        PortAllocation a = ports.Allocate(service);
        if (a.status != AllocationStatus::kAllocated) {
          std::lock_guard<std::mutex> lock(mu);
          problems.push_back(absl::StrCat(service, ": ", a.message));
          return;
        }
        {  // The port is this service's from Allocate until Release.
          std::lock_guard<std::mutex> lock(mu);
          auto [it, fresh] = holders.emplace(a.allocated_port, service);
          if (!fresh) {
            problems.push_back(absl::StrCat("port ", a.allocated_port,
                                            " given to ", service, " while ",
                                            it->second, " holds it"));
          }
        }
        absl::StatusOr<uint16_t> port = ports.GetPort(service);
        {
          std::lock_guard<std::mutex> lock(mu);
          if (!port.ok() || *port != a.allocated_port) {
            problems.push_back(absl::StrCat(service, ": GetPort disagrees"));
          }
          holders.erase(a.allocated_port);
        }
        if (!ports.Release(service).ok()) {
          std::lock_guard<std::mutex> lock(mu);
          problems.push_back(absl::StrCat(service, ": release failed"));
        }
      }
    });
  }
  std::thread reader([&] {
    while (!done) {
      absl::StatusOr<std::vector<PortStatus>> status = ports.GetStatus();
      absl::StatusOr<std::map<std::string, std::string>> env =
          ports.EnvironmentVariables();
      if (!status.ok() || !env.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        problems.push_back("status or environment failed");
        return;
      }
    }
  });
  for (std::thread& t : threads) t.join();
  done = true;
  reader.join();
  ports.StopMonitor();
  EXPECT_EQ(problems, std::vector<std::string>());
  EXPECT_TRUE(ports.Allocations()->empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, PortManagerThreadsTest,
                         ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& param) {
                           return param.param ? "state_dir" : "memory";
                         });

}  // namespace
}  // namespace pm
