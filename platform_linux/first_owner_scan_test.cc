// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ScanSocketOwners' fast paths on fake trees: early exit once every wanted
// inode has a holder, the fallback to every process, the candidate order
// (newest first across a PID wrap, preferred uids first), the parallel full
// scan agreeing with a one-thread scan, and holders' fds and start ticks.

#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "platform_linux/fake_proc_tree.h"
#include "platform_linux/socket_owner_scanner.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::FakeProcTree;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// Processes 10, 20, 30, 40 (40 the newest by PID). Socket 500 is held by 30
// and 40, socket 501 by 10, socket 502 by 20.
class FirstOwnerScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (Pid pid : {10, 20, 30, 40}) tree_.Process(pid, 1000 + pid);
    tree_.SocketFd(10, 3, 501);
    tree_.SocketFd(20, 3, 502);
    tree_.SocketFd(30, 3, 500);
    tree_.SocketFd(40, 5, 500);
  }

  SocketOwnerScan First(absl::flat_hash_set<uint64_t> wanted,
                        std::vector<Uid> preferred = {}) {
    wanted_ = std::move(wanted);
    OwnerScanOptions options;
    options.wanted = &wanted_;
    options.first_owner_only = true;
    options.preferred_uids = std::move(preferred);
    options.read_start_ticks = true;
    // The fake PIDs are not this machine's: every one leads its group unless
    // the test says otherwise.
    options.is_thread_group_leader = [this](Pid pid) {
      return std::find(threads_.begin(), threads_.end(), pid) == threads_.end();
    };
    absl::StatusOr<SocketOwnerScan> scan =
        ScanSocketOwners(tree_.root(), options);
    EXPECT_TRUE(scan.ok()) << scan.status();
    return scan.ok() ? *std::move(scan) : SocketOwnerScan();
  }

  void SetLastPid(Pid pid) {
    tree_.Dir("sys");
    tree_.Dir("sys/kernel");
    tree_.File("sys/kernel/ns_last_pid", absl::StrCat(pid, "\n"));
  }

  FakeProcTree tree_;
  absl::flat_hash_set<uint64_t> wanted_;
  std::vector<Pid> threads_;  // PIDs that are threads of another process.
};

TEST_F(FirstOwnerScanTest, StopsAtTheNewestHolder) {
  SocketOwnerScan scan = First({500});
  EXPECT_EQ(scan.processes_scanned, 1u);
  EXPECT_FALSE(scan.complete);
  EXPECT_THAT(scan.owners_by_inode,
              UnorderedElementsAre(Pair(500, ElementsAre(40))));
  ASSERT_EQ(scan.holders.size(), 1u);
  EXPECT_EQ(scan.holders[0].pid, 40);
  EXPECT_EQ(scan.holders[0].fd, 5);
  EXPECT_EQ(scan.holders[0].start_ticks, 1040u);
}

TEST_F(FirstOwnerScanTest, RunsOnUntilEveryWantedInodeHasAHolder) {
  SocketOwnerScan scan = First({500, 502});
  // 40 (500), 30 (500 again), 20 (502): then every inode has a holder.
  EXPECT_EQ(scan.processes_scanned, 3u);
  EXPECT_FALSE(scan.complete);
  EXPECT_THAT(scan.owners_by_inode,
              UnorderedElementsAre(Pair(500, ElementsAre(30, 40)),
                                   Pair(502, ElementsAre(20))));
}

TEST_F(FirstOwnerScanTest, ReadsEveryProcessWhenAnInodeHasNoHolder) {
  SocketOwnerScan scan = First({501, 999});
  EXPECT_EQ(scan.processes_scanned, 4u);
  EXPECT_TRUE(scan.complete);
  EXPECT_THAT(scan.owners_by_inode,
              UnorderedElementsAre(Pair(501, ElementsAre(10))));
}

TEST_F(FirstOwnerScanTest, TheOldestHolderIsFoundLast) {
  SocketOwnerScan scan = First({501});
  EXPECT_EQ(scan.processes_scanned, 4u);
  EXPECT_TRUE(scan.complete);  // 10 was the last process left.
  EXPECT_THAT(scan.owners_by_inode,
              UnorderedElementsAre(Pair(501, ElementsAre(10))));
}

TEST_F(FirstOwnerScanTest, NewestFirstFollowsTheLastPidAcrossAWrap) {
  // The counter wrapped after 40: 20 is the newest, then 10, then 40, 30.
  SetLastPid(20);
  SocketOwnerScan scan = First({500});
  EXPECT_EQ(scan.processes_scanned, 3u);  // 20, 10, then 40 holds it.
  EXPECT_THAT(scan.owners_by_inode,
              UnorderedElementsAre(Pair(500, ElementsAre(40))));
  scan = First({501});
  EXPECT_EQ(scan.processes_scanned, 2u);  // 20, then 10 holds it.
}

TEST_F(FirstOwnerScanTest, TheNewestAreReadBeforeProcIsListed) {
  SetLastPid(40);
  SocketOwnerScan scan = First({500});
  EXPECT_EQ(scan.processes_scanned, 1u);  // 40, found by probing.
  EXPECT_FALSE(scan.complete);
  EXPECT_THAT(scan.owners_by_inode,
              UnorderedElementsAre(Pair(500, ElementsAre(40))));
}

TEST_F(FirstOwnerScanTest, AProbedThreadIsNeverNamedAsTheOwner) {
  // 45 is a thread of 40: its directory shows 40's fd table.
  tree_.Process(45);
  tree_.SocketFd(45, 5, 500);
  threads_ = {45};
  SetLastPid(45);
  SocketOwnerScan scan = First({500});
  EXPECT_THAT(scan.owners_by_inode,
              UnorderedElementsAre(Pair(500, ElementsAre(40))));
  EXPECT_EQ(scan.processes_scanned, 1u);
}

TEST_F(FirstOwnerScanTest, ProbedProcessesAreNotReadAgainAfterTheListing) {
  SetLastPid(40);
  // 999 has no holder: the probe reads all four, the listing adds none.
  SocketOwnerScan scan = First({500, 999});
  EXPECT_EQ(scan.processes_scanned, 4u);
  EXPECT_TRUE(scan.complete);
  EXPECT_THAT(scan.owners_by_inode,
              UnorderedElementsAre(Pair(500, ElementsAre(30, 40))));
  EXPECT_EQ(scan.holders.size(), 2u);
}

TEST_F(FirstOwnerScanTest, ProcessesOfThePreferredUidComeFirst) {
  if (geteuid() != 0) GTEST_SKIP() << "chown of the fake tree needs root";
  ASSERT_EQ(chown(tree_.Path("30").c_str(), 4242, 4242), 0);
  SocketOwnerScan scan = First({500}, {4242});
  EXPECT_EQ(scan.processes_scanned, 1u);  // 30 before the newer 40.
  EXPECT_THAT(scan.owners_by_inode,
              UnorderedElementsAre(Pair(500, ElementsAre(30))));
  // No process of the uid holds 501: the others are read after, newest first.
  scan = First({501}, {4242});
  EXPECT_EQ(scan.processes_scanned, 4u);
  EXPECT_TRUE(scan.complete);
  EXPECT_THAT(scan.owners_by_inode,
              UnorderedElementsAre(Pair(501, ElementsAre(10))));
}

TEST_F(FirstOwnerScanTest, NothingWantedReadsNothing) {
  SocketOwnerScan scan = First({});
  EXPECT_EQ(scan.processes_scanned, 0u);
  EXPECT_FALSE(scan.complete);
  EXPECT_THAT(scan.owners_by_inode, IsEmpty());
}

// 300 processes, each holding its own socket and a socket shared by all:
// enough for several threads and for the first-owner scan's parallel phase.
class ManyProcessesTest : public ::testing::Test {
 protected:
  static constexpr int kProcesses = 300;
  void SetUp() override {
    for (Pid pid = 100; pid < 100 + kProcesses; ++pid) {
      tree_.Process(pid);
      tree_.SocketFd(pid, 3, 10000 + pid);
      tree_.SocketFd(pid, 4, 7);
      tree_.Link(absl::StrCat(pid, "/fd/0"), "/dev/null");
    }
  }
  FakeProcTree tree_;
};

TEST_F(ManyProcessesTest, ParallelFullScanEqualsOneThread) {
  OwnerScanOptions one;
  one.threads = 1;
  OwnerScanOptions many;
  many.threads = 4;
  absl::StatusOr<SocketOwnerScan> a = ScanSocketOwners(tree_.root(), one);
  absl::StatusOr<SocketOwnerScan> b = ScanSocketOwners(tree_.root(), many);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->processes_scanned, size_t{kProcesses});
  EXPECT_EQ(b->processes_scanned, size_t{kProcesses});
  EXPECT_TRUE(a->complete && b->complete);
  EXPECT_EQ(a->owners_by_inode, b->owners_by_inode);
  EXPECT_EQ(a->owners_by_inode.size(), size_t{kProcesses + 1});
  EXPECT_EQ(b->owners_by_inode[7].size(), size_t{kProcesses});
  EXPECT_EQ(b->owners_by_inode[10150], std::vector<Pid>{150});
  EXPECT_EQ(b->holders.size(), size_t{2 * kProcesses});
}

TEST_F(ManyProcessesTest, FirstOwnerOfTheOldestFallsThroughToTheParallelPhase) {
  const absl::flat_hash_set<uint64_t> wanted = {10100, 10399, 99};
  OwnerScanOptions options;
  options.wanted = &wanted;
  options.first_owner_only = true;
  options.threads = 3;
  absl::StatusOr<SocketOwnerScan> scan =
      ScanSocketOwners(tree_.root(), options);
  ASSERT_TRUE(scan.ok()) << scan.status();
  // 99 has no holder, so every process is read.
  EXPECT_EQ(scan->processes_scanned, size_t{kProcesses});
  EXPECT_TRUE(scan->complete);
  EXPECT_THAT(scan->owners_by_inode,
              UnorderedElementsAre(Pair(10100, ElementsAre(100)),
                                   Pair(10399, ElementsAre(399))));
}

}  // namespace
}  // namespace pm::procfs
