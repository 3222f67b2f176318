// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ForEachNewestProcess on a fake tree (order, span, leader filter, early stop,
// uid), and IsThreadGroupLeader on this process and one of its threads.

#include "platform_linux/newest_processes.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "platform_linux/fake_proc_tree.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::FakeProcTree;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class NewestProcessesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (Pid pid : {2, 5, 7, 8, 10}) tree_.Process(pid);
    root_fd_ = open(tree_.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(root_fd_, 0);
  }
  void TearDown() override {
    if (root_fd_ >= 0) close(root_fd_);
  }

  // The PIDs visited, with `leaders` deciding which lead their group and the
  // visit stopping after `stop_after` PIDs.
  std::vector<Pid> Visit(Pid last_pid, int span, std::vector<Pid> threads = {},
                         size_t stop_after = 100) {
    std::vector<Pid> seen;
    ForEachNewestProcess(
        root_fd_, last_pid, span,
        [&](Pid pid) {
          return std::find(threads.begin(), threads.end(), pid) ==
                 threads.end();
        },
        [&](Pid pid, std::optional<Uid> uid) {
          EXPECT_EQ(uid, std::optional<Uid>(geteuid())) << pid;
          seen.push_back(pid);
          return seen.size() < stop_after;
        });
    return seen;
  }

  FakeProcTree tree_;
  int root_fd_ = -1;
};

TEST_F(NewestProcessesTest, VisitsExistingPidsNewestFirstDownToOne) {
  EXPECT_THAT(Visit(10, 64), ElementsAre(10, 8, 7, 5, 2));
}

TEST_F(NewestProcessesTest, StartsAtTheLastPidEvenWhenItIsGone) {
  EXPECT_THAT(Visit(9, 64), ElementsAre(8, 7, 5, 2));
}

TEST_F(NewestProcessesTest, TriesAtMostSpanPids) {
  // 10, 9, 8, 7: four PIDs tried, three of them exist.
  EXPECT_THAT(Visit(10, 4), ElementsAre(10, 8, 7));
  EXPECT_THAT(Visit(10, 1), ElementsAre(10));
  EXPECT_THAT(Visit(10, 0), IsEmpty());
}

TEST_F(NewestProcessesTest, SkipsThreads) {
  EXPECT_THAT(Visit(10, 64, {8, 5}), ElementsAre(10, 7, 2));
}

TEST_F(NewestProcessesTest, StopsWhenTheVisitSaysSo) {
  EXPECT_THAT(Visit(10, 64, {}, 2), ElementsAre(10, 8));
}

TEST(IsThreadGroupLeaderTest, ThisProcessLeadsAndItsThreadDoesNot) {
  EXPECT_TRUE(IsThreadGroupLeader(static_cast<Pid>(getpid())));
  std::atomic<pid_t> tid{0};
  std::atomic<bool> done{false};
  std::thread thread([&] {
    tid = static_cast<pid_t>(syscall(SYS_gettid));
    while (!done) std::this_thread::yield();
  });
  while (tid == 0) std::this_thread::yield();
  const bool thread_leads = IsThreadGroupLeader(static_cast<Pid>(tid.load()));
  done = true;
  thread.join();
  EXPECT_NE(tid.load(), getpid());
  EXPECT_FALSE(thread_leads);
}

TEST(IsThreadGroupLeaderTest, AnotherUsersProcessStillLeads) {
  // PID 1 leads its group; unprivileged callers get EPERM, root gets 0.
  EXPECT_TRUE(IsThreadGroupLeader(1));
}

}  // namespace
}  // namespace pm::procfs
