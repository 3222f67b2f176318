// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortManager's monitor: changes reported as a server starts and an allocation
// goes away, errors reported, and stopping promptly (also from a callback).

#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
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

using ::pm::testing::NativeBackend;
using ::pm::testing::SocketSpec;
using ::pm::testing::TestSocket;

// What the callbacks saw, with a wait for a condition on it.
class Events {
 public:
  void Add(const PortStatusChange& change) {
    std::lock_guard<std::mutex> lock(mu_);
    changes_.push_back(change);
    cv_.notify_all();
  }
  void AddError(const absl::Status& status) {
    std::lock_guard<std::mutex> lock(mu_);
    errors_.push_back(status);
    cv_.notify_all();
  }
  // Waits (up to a minute, so a broken monitor fails instead of hanging) for
  // a change that satisfies `match`.
  bool WaitFor(const std::function<bool(const PortStatusChange&)>& match) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::minutes(1), [&] {
      for (const PortStatusChange& c : changes_) {
        if (match(c)) return true;
      }
      return false;
    });
  }
  bool WaitForError() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::minutes(1),
                        [&] { return !errors_.empty(); });
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return changes_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<PortStatusChange> changes_;
  std::vector<absl::Status> errors_;
};

class PortMonitorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = NativeBackend();
    ASSERT_NE(backend_, nullptr);
    range_ = testing::UnusedRange(2);
    PortManagerOptions options;
    options.config.services = {Svc("web", range_.first, range_)};
    auto manager = PortManager::Create(*backend_, options);
    ASSERT_TRUE(manager.ok()) << manager.status();
    ports_ = *std::move(manager);
  }

  MonitorOptions Options(absl::Duration interval) {
    MonitorOptions options;
    options.interval = interval;
    options.on_change = [this](const PortStatusChange& c) { events_.Add(c); };
    options.on_error = [this](const absl::Status& s) { events_.AddError(s); };
    return options;
  }

  std::unique_ptr<Backend> backend_;
  PortRange range_;
  std::unique_ptr<PortManager> ports_;
  Events events_;
};

TEST_F(PortMonitorTest, ReportsAllocationServerStartAndRelease) {
  ASSERT_EQ(ports_->Allocate("web").allocated_port, range_.first);
  ASSERT_TRUE(ports_->StartMonitor(Options(absl::Milliseconds(5))).ok());
  EXPECT_TRUE(events_.WaitFor([](const PortStatusChange& c) {
    return c.service == "web" && !c.before && c.after && !c.after->in_use;
  }));
  SocketSpec spec;
  spec.port = range_.first;
  TestSocket server(spec);
  ASSERT_TRUE(server.ok());
  EXPECT_TRUE(events_.WaitFor([](const PortStatusChange& c) {
    return c.before && !c.before->in_use && c.after && c.after->in_use &&
           c.after->OwnerPids() == std::vector<Pid>{getpid()};
  }));
  ASSERT_TRUE(ports_->Release("web").ok());
  EXPECT_TRUE(events_.WaitFor([](const PortStatusChange& c) {
    return c.service == "web" && c.before && !c.after;
  }));
  ports_->StopMonitor();
}

TEST_F(PortMonitorTest, StopInterruptsTheWaitBetweenChecks) {
  ports_->Allocate("web");
  ASSERT_TRUE(ports_->StartMonitor(Options(absl::Hours(1))).ok());
  ASSERT_TRUE(events_.WaitFor([](const PortStatusChange&) { return true; }));
  ports_->StopMonitor();  // Returns now, not in an hour.
  EXPECT_EQ(events_.size(), 1u);
  ports_->StopMonitor();  // Stopping twice is fine.
}

TEST_F(PortMonitorTest, ACallbackMayStopTheMonitor) {
  ports_->Allocate("web");
  MonitorOptions options = Options(absl::Milliseconds(1));
  options.on_change = [this](const PortStatusChange& c) {
    ports_->StopMonitor();
    events_.Add(c);
  };
  ASSERT_TRUE(ports_->StartMonitor(options).ok());
  ASSERT_TRUE(events_.WaitFor([](const PortStatusChange&) { return true; }));
  // The stopped monitor can be started again (its thread is joined first).
  EXPECT_TRUE(ports_->StartMonitor(Options(absl::Hours(1))).ok());
  ports_->StopMonitor();
}

TEST_F(PortMonitorTest, StartValidatesItsOptions) {
  EXPECT_TRUE(absl::IsInvalidArgument(
      ports_->StartMonitor(Options(absl::ZeroDuration()))));
  MonitorOptions no_callback = Options(absl::Seconds(1));
  no_callback.on_change = nullptr;
  EXPECT_TRUE(absl::IsInvalidArgument(ports_->StartMonitor(no_callback)));
  ASSERT_TRUE(ports_->StartMonitor(Options(absl::Hours(1))).ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(
      ports_->StartMonitor(Options(absl::Hours(1)))));
}

TEST_F(PortMonitorTest, FailedChecksAreReported) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir =
      absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/monitor_", getpid());
  std::unique_ptr<StateIo> io = CreateDefaultStateIo();
  ASSERT_TRUE(io->CreateDirectories(dir).ok());
  ASSERT_TRUE(
      io->WriteFileAtomically(dir + "/allocations.json", "not json").ok());
  PortManagerOptions options;
  options.state_dir = dir;
  auto broken = PortManager::Create(*backend_, options);
  ASSERT_TRUE(broken.ok()) << broken.status();
  ASSERT_TRUE((*broken)->StartMonitor(Options(absl::Hours(1))).ok());
  EXPECT_TRUE(events_.WaitForError());
  // Destroying the manager stops its monitor.
}

}  // namespace
}  // namespace pm
