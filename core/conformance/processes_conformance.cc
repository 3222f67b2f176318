// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Processes conformance: ProcessDiscovery reports a live helper's exact
// details, its forked children, NotFound once it is reaped, and lists it.

#include <pwd.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/conformance/backend_conformance_test.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

// The helper's short name as the OS gives it. Linux keeps 15 characters of the
// executable's file name in comm (TASK_COMM_LEN 16 with the NUL), macOS 16
// (MAXCOMLEN): "listener_helper" is exactly 15, so both keep all of it.
constexpr char kHelperName[] = "listener_helper";

// What the OS calls this uid: its passwd name, else the number.
std::string UserName(uid_t uid) {
  struct passwd pw;
  struct passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found) {
    return found->pw_name;
  }
  return std::to_string(uid);
}

// The executable's path with every symlink resolved (what the kernel records).
std::string RealPath(const std::string& path) {
  char resolved[PATH_MAX];
  return realpath(path.c_str(), resolved) != nullptr ? resolved : "";
}

TEST_P(BackendConformanceTest, GetProcessReportsHelperDetails) {
  const absl::Time before = absl::Now();
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--tcp4=0"});
  ASSERT_NE(helper, nullptr);
  const absl::Time after = absl::Now();

  absl::StatusOr<ProcessInfo> info =
      backend().processes().GetProcess(helper->pid());
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->pid, helper->pid());
  EXPECT_EQ(info->ppid, static_cast<Pid>(getpid()));
  EXPECT_EQ(info->name, kHelperName);
  EXPECT_EQ(info->cmdline, helper->argv());
  EXPECT_EQ(info->exe, RealPath(helper->argv()[0]));
  ASSERT_TRUE(info->uid.has_value());
  EXPECT_EQ(*info->uid, static_cast<Uid>(getuid()));
  EXPECT_EQ(info->user, UserName(getuid()));
  EXPECT_TRUE(info->details_visible);
  // Start times are kept at clock-tick (or second) granularity from a boot
  // time that is itself rounded to the second: allow two seconds either side of
  // the spawn.
  EXPECT_GE(info->start_time, before - absl::Seconds(2));
  EXPECT_LE(info->start_time, after + absl::Seconds(2));
  EXPECT_NE(info->start_token, 0u);

  // The identity is stable: asked again, the same process, the same token.
  absl::StatusOr<ProcessInfo> again =
      backend().processes().GetProcess(helper->pid());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->identity(), info->identity());
}

TEST_P(BackendConformanceTest, GetProcessReportsForkedChildren) {
  std::unique_ptr<ListenerHelper> helper =
      StartHelper({"--tcp4=0", "--fork=2"});
  ASSERT_NE(helper, nullptr);
  ASSERT_EQ(helper->children().size(), 2u);
  absl::StatusOr<ProcessInfo> parent =
      backend().processes().GetProcess(helper->pid());
  ASSERT_TRUE(parent.ok()) << parent.status();
  for (Pid child : helper->children()) {
    absl::StatusOr<ProcessInfo> info = backend().processes().GetProcess(child);
    ASSERT_TRUE(info.ok()) << "child " << child << ": " << info.status();
    EXPECT_EQ(info->pid, child);
    EXPECT_EQ(info->ppid, helper->pid());
    EXPECT_EQ(info->name, kHelperName);  // fork() keeps the name and argv.
    EXPECT_EQ(info->cmdline, helper->argv());
    EXPECT_NE(info->identity(), parent->identity());
  }
}

TEST_P(BackendConformanceTest, GetProcessOfReapedChildIsNotFound) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({});
  ASSERT_NE(helper, nullptr);
  const Pid pid = helper->pid();
  ASSERT_TRUE(backend().processes().GetProcess(pid).ok());
  absl::StatusOr<int> status = helper->Stop();
  ASSERT_TRUE(status.ok()) << status.status();
  absl::StatusOr<ProcessInfo> info = backend().processes().GetProcess(pid);
  EXPECT_TRUE(absl::IsNotFound(info.status()))
      << (info.ok() ? "found " + info->name : info.status().ToString());
}

TEST_P(BackendConformanceTest, ListProcessesContainsHelperAndSelf) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--fork=1"});
  ASSERT_NE(helper, nullptr);
  absl::StatusOr<std::vector<ProcessInfo>> all =
      backend().processes().ListProcesses();
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<Pid> pids;
  for (const ProcessInfo& p : *all) pids.push_back(p.pid);
  EXPECT_TRUE(std::is_sorted(pids.begin(), pids.end()));
  EXPECT_EQ(std::adjacent_find(pids.begin(), pids.end()), pids.end());

  auto find = [&](Pid pid) -> const ProcessInfo* {
    auto it = std::lower_bound(pids.begin(), pids.end(), pid);
    if (it == pids.end() || *it != pid) return nullptr;
    return &(*all)[it - pids.begin()];
  };
  const ProcessInfo* self = find(getpid());
  ASSERT_NE(self, nullptr) << "this test's own process is not listed";
  const ProcessInfo* listed = find(helper->pid());
  ASSERT_NE(listed, nullptr) << "helper " << helper->pid() << " not listed";
  EXPECT_EQ(listed->ppid, static_cast<Pid>(getpid()));
  EXPECT_EQ(listed->name, kHelperName);
  EXPECT_EQ(listed->cmdline, helper->argv());
  const ProcessInfo* child = find(helper->children().at(0));
  ASSERT_NE(child, nullptr) << "forked child not listed";
  EXPECT_EQ(child->ppid, helper->pid());
}

}  // namespace
}  // namespace pm::conformance

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BackendConformanceTest);
