// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessManager::CleanupOnStartup and EnsurePortAvailable against real
// listener processes (//core/conformance:listener_helper): a leftover of ours
// (its identity in our PID file, or its executable matching the policy) is
// killed and its port freed; a foreign holder is reported and left running.

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/conformance/listener_helper_process.h"
#include "core/pid_file.h"
#include "core/process_manager.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::pm::conformance::ListenerHelper;

class ProcessManagerCleanupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ProcessManager>> manager =
        ProcessManager::Create();
    ASSERT_TRUE(manager.ok()) << manager.status();
    manager_ = std::move(*manager);
    manager_->SetLogSink([this](const ProcessManagerLogRecord& record) {
      records_.push_back(record);
    });
    const char* tmp = std::getenv("TEST_TMPDIR");
    ASSERT_NE(tmp, nullptr);
    pid_file_ = absl::StrCat(
        tmp, "/",
        ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        ".pid");
    helper_ = StartHelper();
    ASSERT_NE(helper_, nullptr);
    port_ = helper_->SocketOf("tcp4").local.port;
    ASSERT_TRUE(manager_->RegisterManagedPort(port_, "service").ok());
  }

  static std::unique_ptr<ListenerHelper> StartHelper() {
    absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
        ListenerHelper::Start({"--tcp4=0"});
    EXPECT_TRUE(helper.ok()) << helper.status();
    return helper.ok() ? std::move(*helper) : nullptr;
  }

  // Records `pid` in our PID file, as an earlier run of ours would have.
  void RecordInPidFile(Pid pid) {
    absl::StatusOr<ProcessInfo> info =
        manager_->backend().processes().GetProcess(pid);
    ASSERT_TRUE(info.ok()) << info.status();
    ASSERT_TRUE(
        WritePidFile(manager_->local_system(), pid_file_, info->identity())
            .ok());
  }

  // A policy that never matches the helper's executable.
  CleanupPolicy Policy() {
    CleanupPolicy policy;
    policy.termination.grace = absl::Seconds(10);
    policy.exe_pattern = "/nonexistent/.*";
    policy.pid_files = {pid_file_};
    return policy;
  }

  std::unique_ptr<ProcessManager> manager_;
  std::vector<ProcessManagerLogRecord> records_;  // Test thread only.
  std::string pid_file_;
  std::unique_ptr<ListenerHelper> helper_;
  uint16_t port_ = 0;
};

TEST_F(ProcessManagerCleanupTest, FreesPortHeldByLeftoverInOurPidFile) {
  RecordInPidFile(helper_->pid());
  CleanupReport report = manager_->CleanupOnStartup(Policy());
  EXPECT_EQ(report.freed, std::vector<uint16_t>{port_});
  EXPECT_TRUE(report.refused.empty());
  EXPECT_TRUE(report.failures.empty()) << report.failures[0].status;
  EXPECT_TRUE(report.already_free.empty());
  EXPECT_TRUE(helper_->Wait(absl::Seconds(10)).ok());
  absl::StatusOr<bool> in_use = manager_->IsPortInUse(port_);
  ASSERT_TRUE(in_use.ok()) << in_use.status();
  EXPECT_FALSE(*in_use);
  EXPECT_TRUE(records_.empty());
}

TEST_F(ProcessManagerCleanupTest, FreesPortHeldByMatchingExecutable) {
  CleanupPolicy policy = Policy();
  policy.exe_pattern = ".*/listener_helper";
  CleanupReport report = manager_->CleanupOnStartup(policy);
  EXPECT_EQ(report.freed, std::vector<uint16_t>{port_});
  EXPECT_TRUE(report.refused.empty());
  EXPECT_TRUE(report.failures.empty());
  EXPECT_TRUE(helper_->Wait(absl::Seconds(10)).ok());
}

TEST_F(ProcessManagerCleanupTest, RefusesForeignHolder) {
  // The PID file names another process (ourselves), not the holder.
  RecordInPidFile(manager_->local_system().CurrentPid());
  CleanupReport report = manager_->CleanupOnStartup(Policy());
  EXPECT_TRUE(report.freed.empty());
  EXPECT_TRUE(report.failures.empty());
  ASSERT_EQ(report.refused.size(), 1u);
  const RefusedHolder& refused = report.refused[0];
  EXPECT_EQ(refused.port, port_);
  EXPECT_EQ(refused.pid, helper_->pid());
  EXPECT_EQ(refused.name, "listener_helper");
  EXPECT_FALSE(refused.user.empty());
  EXPECT_NE(refused.reason.find("does not match the policy"), std::string::npos)
      << refused.reason;
  // Still running, still holding the port.
  absl::StatusOr<std::vector<ProcessInfo>> owners =
      manager_->FindProcessByPort(port_);
  ASSERT_TRUE(owners.ok()) << owners.status();
  ASSERT_EQ(owners->size(), 1u);
  EXPECT_EQ((*owners)[0].pid, helper_->pid());
  ASSERT_EQ(records_.size(), 1u);
  EXPECT_EQ(records_[0].severity, LogSeverity::kWarning);
  EXPECT_EQ(records_[0].operation, "CleanupOnStartup");
  EXPECT_EQ(records_[0].port, std::optional<uint16_t>(port_));
  EXPECT_EQ(records_[0].pid, std::optional<Pid>(helper_->pid()));
}

TEST_F(ProcessManagerCleanupTest, ReportsFreeManagedPortAsAlreadyFree) {
  ASSERT_TRUE(helper_->Stop().ok());
  CleanupReport report = manager_->CleanupOnStartup(Policy());
  EXPECT_EQ(report.already_free, std::vector<uint16_t>{port_});
  EXPECT_TRUE(report.freed.empty());
  EXPECT_TRUE(report.refused.empty());
  EXPECT_TRUE(report.failures.empty());
}

TEST_F(ProcessManagerCleanupTest, StatusNamesTheHolder) {
  ProcessManagerStatus status = manager_->Status();
  ASSERT_EQ(status.ports.size(), 1u);
  EXPECT_EQ(status.ports[0].port, port_);
  EXPECT_TRUE(status.ports[0].in_use);
  EXPECT_EQ(status.ports[0].owners, std::vector<Pid>{helper_->pid()});
}

TEST_F(ProcessManagerCleanupTest, EnsurePortAvailableFreesHeldPort) {
  TerminationPolicy policy;
  policy.grace = absl::Seconds(10);
  EXPECT_TRUE(manager_->EnsurePortAvailable(port_, 1, policy).ok());
  EXPECT_TRUE(helper_->Wait(absl::Seconds(10)).ok());
  absl::StatusOr<bool> in_use = manager_->IsPortInUse(port_);
  ASSERT_TRUE(in_use.ok()) << in_use.status();
  EXPECT_FALSE(*in_use);
  // A free port is fine too.
  EXPECT_TRUE(manager_->EnsurePortAvailable(port_, 1, policy).ok());
  EXPECT_TRUE(records_.empty());
}

}  // namespace
}  // namespace pm
