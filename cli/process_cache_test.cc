// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessCache: one lookup per PID; exited and unreadable owners.

#include "cli/process_cache.h"

#include "absl/status/status.h"
#include "cli/fake_backend.h"
#include "cli/test_sockets.h"
#include "gtest/gtest.h"

namespace pm::cli {
namespace {

using ::pm::cli::testing::MakeProcess;
using ::pm::cli::testing::MakeSocket;

TEST(ProcessCacheTest, AttachesOwnersLookingEachPidUpOnce) {
  auto tables = std::make_shared<FakeTables>();
  tables->processes = {{10, MakeProcess(10, "a", {"a"})},
                       {20, MakeProcess(20, "b", {"b"})}};
  FakeBackend backend(tables);
  ProcessCache cache(backend.processes());
  OwnedSocket first = cache.Attach(
      MakeSocket(Protocol::kTcp, "127.0.0.1", 1, SocketState::kListen, {10}));
  OwnedSocket second = cache.Attach(MakeSocket(Protocol::kTcp, "127.0.0.1", 2,
                                               SocketState::kListen, {10, 20}));
  ASSERT_EQ(first.processes.size(), 1u);
  EXPECT_EQ(first.processes[0].name, "a");
  ASSERT_EQ(second.processes.size(), 2u);
  EXPECT_EQ(second.processes[0].pid, 10);
  EXPECT_EQ(second.processes[1].name, "b");
  EXPECT_EQ(second.socket.local.port, 2);
  EXPECT_EQ(tables->lookups, (std::vector<Pid>{10, 20}));
}

TEST(ProcessCacheTest, ExitedOwnerIsLeftOutUnreadableOneKeptAsPidOnly) {
  auto tables = std::make_shared<FakeTables>();
  tables->processes = {
      {30, absl::PermissionDeniedError("open(/proc/30/stat): EACCES")}};
  FakeBackend backend(tables);
  ProcessCache cache(backend.processes());
  OwnedSocket owned = cache.Attach(MakeSocket(
      Protocol::kUdp, "0.0.0.0", 53, SocketState::kUnconnected, {30, 40}));
  EXPECT_EQ(owned.socket.owners, (std::vector<Pid>{30, 40}));
  ASSERT_EQ(owned.processes.size(), 1u);
  EXPECT_EQ(owned.processes[0].pid, 30);
  EXPECT_FALSE(owned.processes[0].details_visible);
  EXPECT_EQ(owned.processes[0].name, "");
  EXPECT_TRUE(absl::IsNotFound(cache.Get(40).status()));
  EXPECT_EQ(tables->lookups, (std::vector<Pid>{30, 40}));
}

TEST(ProcessCacheTest, FindAnswersByAttachsRulesAndLooksUpOnce) {
  auto tables = std::make_shared<FakeTables>();
  tables->processes = {
      {10, MakeProcess(10, "a", {"a", "-x"})},
      {30, absl::PermissionDeniedError("open(/proc/30/stat): EACCES")}};
  FakeBackend backend(tables);
  ProcessCache cache(backend.processes());
  const ProcessInfo* a = cache.Find(10);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->name, "a");
  EXPECT_EQ(a->cmdline, (std::vector<std::string>{"a", "-x"}));
  EXPECT_EQ(cache.Find(10), a);  // The same record, not a new lookup.
  const ProcessInfo* unreadable = cache.Find(30);
  ASSERT_NE(unreadable, nullptr);
  EXPECT_EQ(unreadable->pid, 30);
  EXPECT_FALSE(unreadable->details_visible);
  EXPECT_EQ(unreadable->name, "");
  EXPECT_FALSE(unreadable->uid.has_value());
  EXPECT_EQ(cache.Find(40), nullptr);  // Exited: NotFound.
  EXPECT_EQ(cache.Find(40), nullptr);
  EXPECT_TRUE(absl::IsPermissionDenied(cache.Get(30).status()));
  EXPECT_EQ(tables->lookups, (std::vector<Pid>{10, 30, 40}));
}

}  // namespace
}  // namespace pm::cli
