// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// SocketOwnerCache: a remembered holder is trusted only while its fd link
// still names the socket (fake trees and this process's own fds), and the
// cache is safe to use from several threads.

#include "platform_linux/socket_owner_cache.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "platform_linux/fake_proc_tree.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::FakeProcTree;

class CacheFakeTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_.Process(10);
    tree_.Process(11);
    tree_.SocketFd(10, 3, 500);
    tree_.SocketFd(11, 4, 500);
    tree_.SocketFd(11, 5, 501);
  }
  FakeProcTree tree_;
};

TEST_F(CacheFakeTreeTest, GivesBackARecordedHolderThatStillHoldsTheSocket) {
  SocketOwnerCache cache(tree_.root());
  EXPECT_EQ(cache.FindHolder(500), std::nullopt);  // Nothing recorded yet.
  cache.Record({{500, 11, 4, 7}, {500, 10, 3, 6}, {501, 11, 5, 7}});
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.FindHolder(500), std::optional<Pid>(10));  // Lowest PID.
  EXPECT_EQ(cache.FindHolder(501), std::optional<Pid>(11));
  EXPECT_EQ(cache.FindHolder(502), std::nullopt);
}

TEST_F(CacheFakeTreeTest, AnFdReusedForAnotherSocketIsNotTrusted) {
  SocketOwnerCache cache(tree_.root());
  cache.Record({{500, 10, 3, 6}});
  tree_.Relink("10/fd/3", "socket:[777]");  // Closed, number reused.
  EXPECT_EQ(cache.FindHolder(500), std::nullopt);
  EXPECT_EQ(cache.size(), 0u);  // Dropped, not kept for later.
  tree_.Relink("10/fd/3", "socket:[500]");
  EXPECT_EQ(cache.FindHolder(500), std::nullopt);  // Forgotten for good.
}

TEST_F(CacheFakeTreeTest, AFailedHolderIsDroppedAndTheNextOneTried) {
  SocketOwnerCache cache(tree_.root());
  cache.Record({{500, 10, 3, 6}, {500, 11, 4, 7}});
  tree_.Relink("10/fd/3", "/dev/null");
  EXPECT_EQ(cache.FindHolder(500), std::optional<Pid>(11));
  tree_.Relink("10/fd/3", "socket:[500]");
  // 10 was dropped, so 11 answers even though 10 holds the socket again.
  EXPECT_EQ(cache.FindHolder(500), std::optional<Pid>(11));
}

TEST_F(CacheFakeTreeTest, AGoneProcessOrFdIsNotTrusted) {
  SocketOwnerCache cache(tree_.root());
  cache.Record({{500, 12, 3, 0}, {501, 11, 9, 7}});  // No 12; 11 has no fd 9.
  EXPECT_EQ(cache.FindHolder(500), std::nullopt);
  EXPECT_EQ(cache.FindHolder(501), std::nullopt);
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(CacheFakeTreeTest, ARecordReplacesWhatWasKnownOfItsInodes) {
  SocketOwnerCache cache(tree_.root());
  cache.Record({{500, 10, 3, 6}, {501, 11, 5, 7}});
  cache.Record({{500, 11, 4, 7}});
  EXPECT_EQ(cache.FindHolder(500), std::optional<Pid>(11));
  EXPECT_EQ(cache.FindHolder(501), std::optional<Pid>(11));  // Kept.
}

TEST_F(CacheFakeTreeTest, StaysWithinItsBound) {
  SocketOwnerCache cache(tree_.root());
  std::vector<SocketHolder> too_many;
  for (uint64_t i = 0; i <= SocketOwnerCache::kMaxInodes; ++i) {
    too_many.push_back({1000 + i, 10, 3, 0});
  }
  cache.Record(too_many);
  EXPECT_EQ(cache.size(), 0u);  // Larger than the bound: not recorded.
  too_many.pop_back();
  cache.Record(too_many);
  EXPECT_EQ(cache.size(), SocketOwnerCache::kMaxInodes);
  cache.Record({{500, 10, 3, 6}});  // Over the bound: starts afresh.
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.FindHolder(500), std::optional<Pid>(10));
}

uint64_t InodeOf(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

TEST(CacheLiveTest, ClosedAndReusedFdOfThisProcessIsNotTrusted) {
  const int a = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int b = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  const uint64_t inode_a = InodeOf(a);
  SocketOwnerCache cache("/proc");
  cache.Record({{inode_a, getpid(), a, 0}});
  EXPECT_EQ(cache.FindHolder(inode_a), std::optional<Pid>(getpid()));
  // Close a and put socket b at the same fd number.
  ASSERT_EQ(dup3(b, a, O_CLOEXEC), a);
  EXPECT_EQ(cache.FindHolder(inode_a), std::nullopt);
  close(a);
  close(b);
}

TEST(CacheLiveTest, ConcurrentLookupsAndRecords) {
  const int a = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(a, 0);
  const uint64_t inode = InodeOf(a);
  SocketOwnerCache cache("/proc");
  std::vector<std::thread> threads;
  std::vector<int> hits(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        cache.Record({{inode, getpid(), a, 0}});
        if (cache.FindHolder(inode) == std::optional<Pid>(getpid())) ++hits[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(hits[t], 200) << t;
  close(a);
}

}  // namespace
}  // namespace pm::procfs
