// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The first-owner candidate order on the live machine, with exact owners: the
// newest holder is found first; a holder of the socket's uid outranks newer
// processes of other uids; OwnerSearch::kAll still lists every holder, and
// FindOwners passes the search through.

#include <unistd.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "core/backend.h"
#include "core/find_owners.h"
#include "core/socket.h"
#include "gtest/gtest.h"
#include "platform_linux/linux_backend.h"
#include "platform_linux/owner_test_util.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::HoldingChild;
using ::pm::procfs::testing::ListenLoopback;
using ::pm::procfs::testing::PortOf;

std::unique_ptr<Backend> FreshBackend() {
  absl::StatusOr<std::unique_ptr<Backend>> backend =
      CreateLinuxBackend(BackendOptions());
  EXPECT_TRUE(backend.ok()) << backend.status();
  return backend.ok() ? *std::move(backend) : nullptr;
}

// The one listening TCP socket on `port`, looked up with `search`.
Socket Lookup(Backend& backend, uint16_t port, OwnerSearch search) {
  SocketQuery filter;
  filter.tcp = true;
  filter.udp = false;
  filter.states = SocketStateSet::Listening();
  filter.owner_search = search;
  absl::StatusOr<std::vector<OwnedSocket>> found =
      FindOwners(backend, port, filter);
  EXPECT_TRUE(found.ok()) << found.status();
  if (!found.ok() || found->size() != 1) {
    ADD_FAILURE() << "expected one socket on port " << port;
    return Socket();
  }
  return (*found)[0].socket;
}

std::vector<Pid> SortedPids(std::vector<Pid> pids) {
  std::sort(pids.begin(), pids.end());
  return pids;
}

TEST(OwnerOrderTest, TheNewestHolderIsTheFirstOwner) {
  const int fd = ListenLoopback();
  ASSERT_GE(fd, 0);
  HoldingChild older;
  ASSERT_TRUE(older.ok());
  HoldingChild newer;
  ASSERT_TRUE(newer.ok());
  const uint16_t port = PortOf(fd);

  std::unique_ptr<Backend> backend = FreshBackend();
  ASSERT_NE(backend, nullptr);
  Socket first = Lookup(*backend, port, OwnerSearch::kFirst);
  EXPECT_EQ(first.owners, std::vector<Pid>{newer.pid()});
  EXPECT_TRUE(first.owners_partial);
  EXPECT_EQ(first.owner_visibility, OwnerVisibility::kVisible);

  Socket all = Lookup(*backend, port, OwnerSearch::kAll);
  EXPECT_EQ(all.owners, SortedPids({getpid(), older.pid(), newer.pid()}));
  EXPECT_FALSE(all.owners_partial);
  close(fd);
}

TEST(OwnerOrderTest, AHolderOfTheSocketsUidOutranksNewerProcesses) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to run a child as uid 4242";
  constexpr Uid kUid = 4242;
  const int fd = ListenLoopback(kUid);  // The socket belongs to uid 4242.
  ASSERT_GE(fd, 0);
  HoldingChild of_the_uid(kUid);
  ASSERT_TRUE(of_the_uid.ok());
  HoldingChild newer_root;
  ASSERT_TRUE(newer_root.ok());
  const uint16_t port = PortOf(fd);

  std::unique_ptr<Backend> backend = FreshBackend();
  ASSERT_NE(backend, nullptr);
  Socket first = Lookup(*backend, port, OwnerSearch::kFirst);
  EXPECT_EQ(first.uid, std::optional<Uid>(kUid));
  EXPECT_EQ(first.owners, std::vector<Pid>{of_the_uid.pid()});
  EXPECT_TRUE(first.owners_partial);

  Socket all = Lookup(*backend, port, OwnerSearch::kAll);
  EXPECT_EQ(all.owners,
            SortedPids({getpid(), of_the_uid.pid(), newer_root.pid()}));
  EXPECT_FALSE(all.owners_partial);
  close(fd);
}

TEST(OwnerOrderTest, WarmFirstOwnerIsOneOfTheHoldersAfterAFullLookup) {
  const int fd = ListenLoopback();
  ASSERT_GE(fd, 0);
  HoldingChild child;
  ASSERT_TRUE(child.ok());
  const uint16_t port = PortOf(fd);
  std::unique_ptr<Backend> backend = FreshBackend();
  ASSERT_NE(backend, nullptr);
  Socket all = Lookup(*backend, port, OwnerSearch::kAll);
  const std::vector<Pid> holders = SortedPids({getpid(), child.pid()});
  EXPECT_EQ(all.owners, holders);
  // The full lookup filled the cache: the holder with the lowest PID answers.
  Socket warm = Lookup(*backend, port, OwnerSearch::kFirst);
  EXPECT_EQ(warm.owners, std::vector<Pid>{holders[0]});
  EXPECT_TRUE(warm.owners_partial);
  close(fd);
}

TEST(OwnerOrderTest, AClosedSocketLeavesNoOwnerBehind) {
  const int fd = ListenLoopback();
  ASSERT_GE(fd, 0);
  const uint16_t port = PortOf(fd);
  std::unique_ptr<Backend> backend = FreshBackend();
  ASSERT_NE(backend, nullptr);
  EXPECT_EQ(Lookup(*backend, port, OwnerSearch::kFirst).owners,
            std::vector<Pid>{getpid()});
  close(fd);
  SocketQuery filter;
  filter.owner_search = OwnerSearch::kFirst;
  EXPECT_TRUE(absl::IsNotFound(FindOwners(*backend, port, filter).status()));
}

}  // namespace
}  // namespace pm::procfs
