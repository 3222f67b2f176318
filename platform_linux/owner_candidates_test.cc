// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for the newest-first PID order, ns_last_pid and the uid preference.

#include "platform_linux/owner_candidates.h"

#include <fcntl.h>
#include <unistd.h>

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "platform_linux/fake_proc_tree.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::FakeProcTree;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(OrderNewestFirstTest, DescendingWithoutLastPid) {
  std::vector<Pid> pids = {7, 300, 1, 42};
  OrderNewestFirst(pids, std::nullopt);
  EXPECT_THAT(pids, ElementsAre(300, 42, 7, 1));
}

TEST(OrderNewestFirstTest, PidsAboveTheLastOneWereAllocatedBeforeTheWrap) {
  std::vector<Pid> pids = {3, 7, 9, 100, 200};
  OrderNewestFirst(pids, 9);
  EXPECT_THAT(pids, ElementsAre(9, 7, 3, 200, 100));
}

TEST(OrderNewestFirstTest, LastPidAboveOrBelowEveryPid) {
  std::vector<Pid> pids = {5, 10, 20};
  OrderNewestFirst(pids, 32768);
  EXPECT_THAT(pids, ElementsAre(20, 10, 5));
  OrderNewestFirst(pids, 1);  // Every PID is from before the wrap.
  EXPECT_THAT(pids, ElementsAre(20, 10, 5));
  std::vector<Pid> none;
  OrderNewestFirst(none, 4);
  EXPECT_THAT(none, IsEmpty());
}

TEST(ReadLastPidTest, ReadsTheFileAndRejectsGarbage) {
  FakeProcTree tree;
  const int root = open(tree.root().c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(root, 0);
  EXPECT_EQ(ReadLastPid(root), std::nullopt);  // No sys/kernel/ns_last_pid.
  tree.Dir("sys");
  tree.Dir("sys/kernel");
  tree.File("sys/kernel/ns_last_pid", "4701\n");
  EXPECT_EQ(ReadLastPid(root), std::optional<Pid>(4701));
  tree.File("sys/kernel/ns_last_pid", "47x1\n");
  EXPECT_EQ(ReadLastPid(root), std::nullopt);
  tree.File("sys/kernel/ns_last_pid", "-3\n");
  EXPECT_EQ(ReadLastPid(root), std::nullopt);
  close(root);
}

TEST(ReadLastPidTest, LiveValueIsAtLeastOurOwnPidOrWrapped) {
  const int root = open("/proc", O_RDONLY | O_DIRECTORY);
  ASSERT_GE(root, 0);
  std::optional<Pid> last = ReadLastPid(root);
  close(root);
  ASSERT_TRUE(last.has_value());
  // Our PID was allocated before the read: the counter is past it, unless it
  // wrapped since (then it is small, and below pid_max anyway).
  EXPECT_GT(*last, 0);
}

TEST(IsPreferredUidTest, MatchesOnlyListedKnownUids) {
  const std::vector<Uid> preferred = {0, 1000};
  EXPECT_TRUE(IsPreferredUid(1000, preferred));
  EXPECT_TRUE(IsPreferredUid(0, preferred));
  EXPECT_FALSE(IsPreferredUid(65534, preferred));
  EXPECT_FALSE(IsPreferredUid(std::nullopt, preferred));
  EXPECT_FALSE(IsPreferredUid(0, {}));
}

}  // namespace
}  // namespace pm::procfs
