// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for ShutdownHandlers: order, deadlines, failures reported together.

#include "core/shutdown_handlers.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

// A one-shot event shared with handler threads (which may outlive a test's
// locals when abandoned, hence shared_ptr).
class Event {
 public:
  void Set() {
    std::lock_guard<std::mutex> lock(mu_);
    set_ = true;
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return set_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool set_ = false;
};

// Records handler names in run order.
class Log {
 public:
  void Add(const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    names_.push_back(name);
  }
  std::vector<std::string> names() {
    std::lock_guard<std::mutex> lock(mu_);
    return names_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> names_;
};

TEST(ShutdownHandlersTest, RunsInReverseRegistrationOrder) {
  auto log = std::make_shared<Log>();
  ShutdownHandlers handlers;
  for (const char* name : {"first", "second", "third"}) {
    ASSERT_TRUE(handlers
                    .Add(
                        name,
                        [log, name] {
                          log->Add(name);
                          return absl::OkStatus();
                        },
                        absl::Seconds(30))
                    .ok());
  }
  EXPECT_EQ(handlers.size(), 3u);
  EXPECT_TRUE(handlers.RunAll().ok());
  EXPECT_EQ(log->names(),
            (std::vector<std::string>{"third", "second", "first"}));
  EXPECT_EQ(handlers.size(), 0u);
}

TEST(ShutdownHandlersTest, ContinuesAfterFailureAndTimeoutAndReportsBoth) {
  auto log = std::make_shared<Log>();
  auto release = std::make_shared<Event>();
  auto hung_finished = std::make_shared<Event>();
  const absl::Duration hang_deadline = absl::Milliseconds(50);
  ShutdownHandlers handlers;
  ASSERT_TRUE(handlers
                  .Add(
                      "close db",
                      [log] {
                        log->Add("close db");
                        return absl::OkStatus();
                      },
                      absl::Seconds(30))
                  .ok());
  ASSERT_TRUE(handlers
                  .Add(
                      "upload",
                      [log, release, hung_finished] {
                        log->Add("upload");
                        release->Wait();
                        hung_finished->Set();
                        return absl::OkStatus();
                      },
                      hang_deadline)
                  .ok());
  ASSERT_TRUE(handlers
                  .Add(
                      "flush",
                      [log] {
                        log->Add("flush");
                        return absl::InternalError("disk full");
                      },
                      absl::Seconds(30))
                  .ok());
  ASSERT_TRUE(handlers
                  .Add(
                      "stop server",
                      [log] {
                        log->Add("stop server");
                        return absl::OkStatus();
                      },
                      absl::Seconds(30))
                  .ok());

  std::vector<ShutdownHandlerResult> results = handlers.RunAllWithResults();
  release->Set();
  hung_finished->Wait();  // The abandoned thread is done before the test ends.

  EXPECT_EQ(log->names(), (std::vector<std::string>{"stop server", "flush",
                                                    "upload", "close db"}));
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].name, "stop server");
  EXPECT_TRUE(results[0].status.ok());
  EXPECT_EQ(results[1].name, "flush");
  EXPECT_EQ(results[1].status, absl::InternalError("disk full"));
  EXPECT_FALSE(results[1].abandoned);
  EXPECT_EQ(results[2].name, "upload");
  EXPECT_EQ(results[2].status, absl::DeadlineExceededError(
                                   "did not return within 50ms (abandoned)"));
  EXPECT_TRUE(results[2].abandoned);
  EXPECT_GE(results[2].elapsed, hang_deadline);
  EXPECT_EQ(results[3].name, "close db");
  EXPECT_TRUE(results[3].status.ok());

  absl::Status summary = SummarizeShutdownResults(results);
  EXPECT_EQ(summary.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(summary.message(),
            "2 of 4 shutdown handlers failed: 'flush' failed: INTERNAL: disk "
            "full; 'upload' timed out: DEADLINE_EXCEEDED: did not return "
            "within 50ms (abandoned)");
}

TEST(ShutdownHandlersTest, InfiniteDeadlineWaitsForTheHandler) {
  auto log = std::make_shared<Log>();
  ShutdownHandlers handlers;
  ASSERT_TRUE(handlers
                  .Add(
                      "slow",
                      [log] {
                        absl::SleepFor(absl::Milliseconds(20));
                        log->Add("slow");
                        return absl::OkStatus();
                      },
                      absl::InfiniteDuration())
                  .ok());
  std::vector<ShutdownHandlerResult> results = handlers.RunAllWithResults();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].status.ok());
  EXPECT_FALSE(results[0].abandoned);
  EXPECT_EQ(log->names(), std::vector<std::string>{"slow"});
}

TEST(ShutdownHandlersTest, RejectsEmptyHandlersAndNonPositiveDeadlines) {
  ShutdownHandlers handlers;
  EXPECT_EQ(handlers.Add("none", nullptr, absl::Seconds(1)),
            absl::InvalidArgumentError("shutdown handler 'none' is empty"));
  EXPECT_EQ(handlers.Add(
                "zero", [] { return absl::OkStatus(); }, absl::ZeroDuration()),
            absl::InvalidArgumentError(
                "shutdown handler 'zero': deadline 0 is not positive"));
  EXPECT_EQ(
      handlers
          .Add(
              "negative", [] { return absl::OkStatus(); }, absl::Seconds(-1))
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(handlers.size(), 0u);
}

TEST(ShutdownHandlersTest, EachHandlerRunsOnceAndAddsDuringARunWaitForTheNext) {
  auto log = std::make_shared<Log>();
  ShutdownHandlers handlers;
  ASSERT_TRUE(handlers
                  .Add(
                      "adder",
                      [log, &handlers] {
                        log->Add("adder");
                        return handlers.Add(
                            "late",
                            [log] {
                              log->Add("late");
                              return absl::OkStatus();
                            },
                            absl::Seconds(30));
                      },
                      absl::Seconds(30))
                  .ok());
  EXPECT_TRUE(handlers.RunAll().ok());
  EXPECT_EQ(log->names(), std::vector<std::string>{"adder"});
  EXPECT_EQ(handlers.size(), 1u);
  EXPECT_TRUE(handlers.RunAll().ok());
  EXPECT_EQ(log->names(), (std::vector<std::string>{"adder", "late"}));
  EXPECT_TRUE(handlers.RunAll().ok());  // Nothing left.
  EXPECT_EQ(log->names().size(), 2u);
}

TEST(SummarizeShutdownResultsTest, AllOkIsOk) {
  EXPECT_TRUE(SummarizeShutdownResults({}).ok());
  ShutdownHandlerResult ok;
  ok.name = "a";
  EXPECT_TRUE(SummarizeShutdownResults({ok}).ok());
}

TEST(SummarizeShutdownResultsTest, CodeIsTheFirstFailure) {
  ShutdownHandlerResult late;
  late.name = "late";
  late.status = absl::DeadlineExceededError("slow");
  late.abandoned = true;
  ShutdownHandlerResult broken;
  broken.name = "broken";
  broken.status = absl::UnavailableError("gone");
  absl::Status summary = SummarizeShutdownResults({late, broken});
  EXPECT_EQ(summary.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(summary.message(),
            "2 of 2 shutdown handlers failed: 'late' timed out: "
            "DEADLINE_EXCEEDED: slow; 'broken' failed: UNAVAILABLE: gone");
}

}  // namespace
}  // namespace pm
