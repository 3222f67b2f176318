// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessManager on the native backend with sockets held by the test itself:
// managed ports, Status, the log sink, and concurrent use from threads.

#include "core/process_manager.h"

#include <unistd.h>

#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::pm::testing::SocketSpec;
using ::pm::testing::TestSocket;

std::unique_ptr<ProcessManager> MakeManager() {
  absl::StatusOr<std::unique_ptr<ProcessManager>> manager =
      ProcessManager::Create();
  EXPECT_TRUE(manager.ok()) << manager.status();
  return manager.ok() ? std::move(*manager) : nullptr;
}

// Collects every record a manager logs.
struct RecordingSink {
  std::mutex mu;
  std::vector<ProcessManagerLogRecord> records;
  ProcessManagerLogSink Sink() {
    return [this](const ProcessManagerLogRecord& record) {
      std::lock_guard<std::mutex> guard(mu);
      records.push_back(record);
    };
  }
};

TEST(ProcessManagerTest, RegistersAndUnregistersManagedPorts) {
  std::unique_ptr<ProcessManager> manager = MakeManager();
  ASSERT_NE(manager, nullptr);
  RecordingSink sink;
  manager->SetLogSink(sink.Sink());
  ASSERT_TRUE(manager->RegisterManagedPort(5050, "ai").ok());
  ASSERT_TRUE(manager->RegisterManagedPort(8080, "api").ok());
  ASSERT_TRUE(manager->RegisterManagedPort(8080, "api-server").ok());
  EXPECT_EQ(manager->ManagedPorts(), (std::map<uint16_t, std::string>{
                                         {5050, "ai"}, {8080, "api-server"}}));
  EXPECT_EQ(manager->RegisterManagedPort(0, "zero").code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(manager->UnregisterManagedPort(5050).ok());
  EXPECT_EQ(manager->UnregisterManagedPort(5050).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(manager->ManagedPorts(),
            (std::map<uint16_t, std::string>{{8080, "api-server"}}));
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[0].operation, "RegisterManagedPort");
  EXPECT_EQ(sink.records[0].port, std::optional<uint16_t>(0));
  EXPECT_EQ(sink.records[1].operation, "UnregisterManagedPort");
  EXPECT_EQ(sink.records[1].port, std::optional<uint16_t>(5050));
  EXPECT_EQ(sink.records[1].status.code(), absl::StatusCode::kNotFound);
}

TEST(ProcessManagerTest, StatusReportsInUseAndOwnerOfEachManagedPort) {
  std::unique_ptr<ProcessManager> manager = MakeManager();
  ASSERT_NE(manager, nullptr);
  TestSocket held(SocketSpec{});
  ASSERT_TRUE(held.ok());
  uint16_t free_port = testing::UnusedPort();
  ASSERT_NE(free_port, 0);
  ASSERT_NE(free_port, held.port());
  ASSERT_TRUE(manager->RegisterManagedPort(held.port(), "held").ok());
  ASSERT_TRUE(manager->RegisterManagedPort(free_port, "free").ok());

  ProcessManagerStatus status = manager->Status();
  EXPECT_TRUE(status.running);
  EXPECT_EQ(status.pid, static_cast<Pid>(getpid()));
  EXPECT_FALSE(status.lock_held);
  EXPECT_EQ(status.app_name, "");
  EXPECT_LE(status.start_time, absl::Now());
  ASSERT_EQ(status.ports.size(), 2u);
  const ManagedPortStatus& a = status.ports[held.port() < free_port ? 0 : 1];
  const ManagedPortStatus& b = status.ports[held.port() < free_port ? 1 : 0];
  EXPECT_EQ(a.port, held.port());
  EXPECT_EQ(a.name, "held");
  EXPECT_TRUE(a.in_use);
  EXPECT_EQ(a.owners, std::vector<Pid>{static_cast<Pid>(getpid())});
  EXPECT_TRUE(a.error.ok()) << a.error;
  EXPECT_EQ(b.port, free_port);
  EXPECT_EQ(b.name, "free");
  EXPECT_FALSE(b.in_use);
  EXPECT_TRUE(b.owners.empty());
  EXPECT_TRUE(b.error.ok()) << b.error;

  absl::StatusOr<bool> in_use = manager->IsPortInUse(held.port());
  ASSERT_TRUE(in_use.ok()) << in_use.status();
  EXPECT_TRUE(*in_use);
  absl::StatusOr<std::vector<ProcessInfo>> owners =
      manager->FindProcessByPort(held.port());
  ASSERT_TRUE(owners.ok()) << owners.status();
  ASSERT_EQ(owners->size(), 1u);
  EXPECT_EQ((*owners)[0].pid, static_cast<Pid>(getpid()));
  EXPECT_EQ(manager->FindProcessByPort(free_port).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ProcessManagerTest, FailingKillProcessByIdLogsExactlyOneRecord) {
  std::unique_ptr<ProcessManager> manager = MakeManager();
  ASSERT_NE(manager, nullptr);
  RecordingSink sink;
  manager->SetLogSink(sink.Sink());
  // Above Linux's PID_MAX_LIMIT (2^22) and macOS's 99999: never a process.
  const Pid no_such_pid = 2147483000;
  absl::StatusOr<TerminationResult> result =
      manager->KillProcessById(no_such_pid);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  ASSERT_EQ(sink.records.size(), 1u);
  const ProcessManagerLogRecord& record = sink.records[0];
  EXPECT_EQ(record.severity, LogSeverity::kError);
  EXPECT_EQ(record.operation, "KillProcessById");
  EXPECT_EQ(record.pid, std::optional<Pid>(no_such_pid));
  EXPECT_EQ(record.port, std::nullopt);
  EXPECT_EQ(record.status, result.status());
  EXPECT_TRUE(absl::StartsWith(FormatLogRecord(record),
                               "pm: error: KillProcessById pid=2147483000: "
                               "NOT_FOUND"))
      << FormatLogRecord(record);
}

TEST(ProcessManagerTest, KillProcessByIdRefusesSelfAndLogs) {
  std::unique_ptr<ProcessManager> manager = MakeManager();
  ASSERT_NE(manager, nullptr);
  RecordingSink sink;
  manager->SetLogSink(sink.Sink());
  absl::StatusOr<TerminationResult> result = manager->KillProcessById(getpid());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].pid, std::optional<Pid>(getpid()));
}

TEST(ProcessManagerTest, ShutdownHandlersRunInReverseOrder) {
  std::unique_ptr<ProcessManager> manager = MakeManager();
  ASSERT_NE(manager, nullptr);
  std::vector<std::string> ran;
  ASSERT_TRUE(manager
                  ->AddShutdownHandler(
                      "first",
                      [&] {
                        ran.push_back("first");
                        return absl::OkStatus();
                      },
                      absl::Seconds(10))
                  .ok());
  ASSERT_TRUE(manager
                  ->AddShutdownHandler(
                      "second",
                      [&] {
                        ran.push_back("second");
                        return absl::OkStatus();
                      },
                      absl::Seconds(10))
                  .ok());
  EXPECT_TRUE(manager->ExecuteShutdownHandlers().ok());
  EXPECT_EQ(ran, (std::vector<std::string>{"second", "first"}));
  EXPECT_EQ(
      manager->AddShutdownHandler("bad", nullptr, absl::Seconds(1)).code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(ProcessManagerTest, ConcurrentRegistrationAndStatus) {
  std::unique_ptr<ProcessManager> manager = MakeManager();
  ASSERT_NE(manager, nullptr);
  manager->SetLogSink(nullptr);
  constexpr int kThreads = 4;
  constexpr int kPortsPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&manager, t] {
      for (int i = 0; i < kPortsPerThread; ++i) {
        uint16_t port = static_cast<uint16_t>(40000 + t * 100 + i);
        EXPECT_TRUE(manager->RegisterManagedPort(port, "worker").ok());
        if (i % 2 == 1) {
          EXPECT_TRUE(manager->UnregisterManagedPort(port).ok());
        }
      }
    });
  }
  threads.emplace_back([&manager] {
    for (int i = 0; i < 3; ++i) {
      ProcessManagerStatus status = manager->Status();
      EXPECT_LE(status.ports.size(),
                static_cast<size_t>(kThreads * kPortsPerThread));
    }
  });
  for (std::thread& thread : threads) thread.join();
  std::map<uint16_t, std::string> ports = manager->ManagedPorts();
  ASSERT_EQ(ports.size(), static_cast<size_t>(kThreads * 13));
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPortsPerThread; ++i) {
      uint16_t port = static_cast<uint16_t>(40000 + t * 100 + i);
      EXPECT_EQ(ports.count(port), i % 2 == 0 ? 1u : 0u) << port;
    }
  }
}

}  // namespace
}  // namespace pm
