// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// InstallSignalHandlers: real signals to a helper process (order, deadlines,
// failures, a second signal) and to this process (on_complete, uninstall).

#include "core/shutdown_signals.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/shutdown_handlers.h"
#include "gtest/gtest.h"
#include "platform_posix/test_child.h"

namespace pm {
namespace {

using posix::testing::MakeShortTempDir;
using posix::testing::ReadFileOrEmpty;
using posix::testing::RemoveFlatDir;
using posix::testing::RunfilePath;
using posix::testing::TestChild;
using posix::testing::WaitForFileContaining;

constexpr absl::Duration kTimeout = absl::Seconds(60);
constexpr absl::Duration kHangDeadline = absl::Milliseconds(300);

class ShutdownHelperTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = MakeShortTempDir("pm-sh-");
    absl::StatusOr<std::string> helper =
        RunfilePath("pm/platform_posix/shutdown_helper");
    ASSERT_TRUE(helper.ok()) << helper.status();
    helper_ = *helper;
  }
  void TearDown() override { RemoveFlatDir(dir_); }

  std::unique_ptr<TestChild> StartReady(const std::string& mode) {
    absl::StatusOr<std::unique_ptr<TestChild>> child = TestChild::Start(
        {helper_, "--out=" + Out(), "--mode=" + mode}, dir_ + "/stdout", Err());
    EXPECT_TRUE(child.ok()) << child.status();
    if (!child.ok()) return nullptr;
    absl::StatusOr<std::string> ready =
        WaitForFileContaining(Out(), "ready\n", kTimeout);
    EXPECT_TRUE(ready.ok()) << ready.status() << ReadFileOrEmpty(Err());
    return *std::move(child);
  }

  std::string Out() const { return dir_ + "/out"; }
  std::string Err() const { return dir_ + "/err"; }

  std::string dir_;
  std::string helper_;
};

TEST_P(ShutdownHelperTest, RunsHandlersInOrderPastFailureAndHangThenDies) {
  const int signal_number = GetParam();
  std::unique_ptr<TestChild> child = StartReady("order");
  ASSERT_NE(child, nullptr);
  const absl::Time sent = absl::Now();
  ASSERT_TRUE(child->Signal(signal_number).ok());
  absl::StatusOr<int> status = child->Wait(kTimeout);
  const absl::Duration took = absl::Now() - sent;
  ASSERT_TRUE(status.ok()) << status.status() << ReadFileOrEmpty(Out());

  // Died by the signal itself, as a process without handlers would.
  ASSERT_TRUE(WIFSIGNALED(*status)) << *status;
  EXPECT_EQ(WTERMSIG(*status), signal_number);
  // The hanging handler was waited for exactly its deadline, not forever.
  EXPECT_GE(took, kHangDeadline);
  EXPECT_LT(took, kTimeout);
  EXPECT_EQ(ReadFileOrEmpty(Out()),
            "ready\nstop-server worker\nflush\nupload\nclose-db\n");
  EXPECT_EQ(ReadFileOrEmpty(Err()),
            "pm: shutdown: INTERNAL: 2 of 4 shutdown handlers failed: 'flush' "
            "failed: INTERNAL: flush failed; 'upload' timed out: "
            "DEADLINE_EXCEEDED: did not return within 300ms (abandoned)\n");
}

TEST_P(ShutdownHelperTest, ASecondSignalDuringHandlersExitsAtOnce) {
  const int signal_number = GetParam();
  std::unique_ptr<TestChild> child = StartReady("second");
  ASSERT_NE(child, nullptr);
  ASSERT_TRUE(child->Signal(signal_number).ok());
  // The only handler has no deadline and never returns: without the second
  // signal the helper would run until the test times out.
  ASSERT_TRUE(WaitForFileContaining(Out(), "slow\n", kTimeout).ok());
  ASSERT_TRUE(child->Signal(signal_number).ok());
  absl::StatusOr<int> status = child->Wait(kTimeout);
  ASSERT_TRUE(status.ok()) << status.status();
  ASSERT_TRUE(WIFEXITED(*status)) << *status;
  EXPECT_EQ(WEXITSTATUS(*status), 128 + signal_number);
  EXPECT_EQ(ReadFileOrEmpty(Out()), "ready\nslow\n");
}

std::string SignalName(const ::testing::TestParamInfo<int>& param) {
  switch (param.param) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    default:
      return "SIGHUP";
  }
}

INSTANTIATE_TEST_SUITE_P(Signals, ShutdownHelperTest,
                         ::testing::Values(SIGTERM, SIGINT, SIGHUP),
                         SignalName);

// In this process: on_complete gets the signal and RunAll's status.
TEST(InstallSignalHandlersTest, OnCompleteGetsSignalAndStatus) {
  struct Seen {
    std::mutex mu;
    std::condition_variable cv;
    int signal_number = 0;
    absl::Status status;
    bool ran = false;
    bool done = false;
  } seen;
  ShutdownHandlers handlers;
  ASSERT_TRUE(handlers
                  .Add(
                      "mark",
                      [&seen] {
                        std::lock_guard<std::mutex> lock(seen.mu);
                        seen.ran = true;
                        return absl::UnavailableError("busy");
                      },
                      absl::Seconds(30))
                  .ok());
  ShutdownSignalOptions options;
  options.on_complete = [&seen](int signal_number, const absl::Status& status) {
    std::lock_guard<std::mutex> lock(seen.mu);
    seen.signal_number = signal_number;
    seen.status = status;
    seen.done = true;
    seen.cv.notify_all();
  };
  absl::StatusOr<std::unique_ptr<ShutdownSignalWatch>> watch =
      InstallSignalHandlers(handlers, options);
  ASSERT_TRUE(watch.ok()) << watch.status();
  ASSERT_EQ(kill(getpid(), SIGHUP), 0);
  {
    std::unique_lock<std::mutex> lock(seen.mu);
    ASSERT_TRUE(seen.cv.wait_for(lock, std::chrono::seconds(60),
                                 [&seen] { return seen.done; }));
    EXPECT_TRUE(seen.ran);
    EXPECT_EQ(seen.signal_number, SIGHUP);
    EXPECT_EQ(seen.status.code(), absl::StatusCode::kUnavailable);
    EXPECT_EQ(seen.status.message(),
              "1 of 1 shutdown handlers failed: 'mark' failed: UNAVAILABLE: "
              "busy");
  }
  watch->reset();
}

TEST(InstallSignalHandlersTest, OneWatchAtATimeAndUninstallRestores) {
  struct sigaction before = {};
  ASSERT_EQ(sigaction(SIGTERM, nullptr, &before), 0);
  ShutdownHandlers handlers;
  absl::StatusOr<std::unique_ptr<ShutdownSignalWatch>> watch =
      InstallSignalHandlers(handlers);
  ASSERT_TRUE(watch.ok()) << watch.status();
  absl::StatusOr<std::unique_ptr<ShutdownSignalWatch>> again =
      InstallSignalHandlers(handlers);
  EXPECT_EQ(again.status(),
            absl::FailedPreconditionError("shutdown signal handlers are "
                                          "already installed in this "
                                          "process"));
  struct sigaction during = {};
  ASSERT_EQ(sigaction(SIGTERM, nullptr, &during), 0);
  EXPECT_NE(during.sa_handler, before.sa_handler);
  watch->reset();
  struct sigaction after = {};
  ASSERT_EQ(sigaction(SIGTERM, nullptr, &after), 0);
  EXPECT_EQ(after.sa_handler, before.sa_handler);
  absl::StatusOr<std::unique_ptr<ShutdownSignalWatch>> later =
      InstallSignalHandlers(handlers);
  EXPECT_TRUE(later.ok()) << later.status();
}

}  // namespace
}  // namespace pm
