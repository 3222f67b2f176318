// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Oracle: on the live machine, pm's owners of every listening socket (with the
// owner cache, the parallel scan and the first-owner path all on) equal what a
// naive full /proc scan finds. The machine keeps changing (other builds, other
// tests), so a socket is compared only when the oracle gave the same answer
// just before and just after pm's listing; this test's own sockets, which do
// not change, must always be among those compared.

#include <unistd.h>

#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/backend.h"
#include "core/socket.h"
#include "gtest/gtest.h"
#include "platform_linux/linux_backend.h"
#include "platform_linux/linux_port_prober.h"
#include "platform_linux/owner_test_util.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::HoldingChild;
using ::pm::procfs::testing::InodeOf;
using ::pm::procfs::testing::ListenLoopback;
using ::pm::procfs::testing::NaiveSocketOwners;
using ::pm::procfs::testing::PortOf;

using OwnerMap = std::map<uint64_t, std::set<Pid>>;

class OwnerOracleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Backend>> backend =
        CreateLinuxBackend(BackendOptions());
    ASSERT_TRUE(backend.ok()) << backend.status();
    backend_ = *std::move(backend);
  }

  // Lists the listening sockets with `search` between two oracle scans, and
  // returns them with the oracle's answer for the inodes that did not change.
  std::vector<Socket> ListBetweenOracles(OwnerSearch search, OwnerMap& stable) {
    SocketQuery query;
    query.states = SocketStateSet::Listening();
    query.with_owners = true;
    query.owner_search = search;
    const OwnerMap before = NaiveSocketOwners();
    absl::StatusOr<std::vector<Socket>> sockets =
        backend_->ports().ListSockets(query);
    const OwnerMap after = NaiveSocketOwners();
    EXPECT_TRUE(sockets.ok()) << sockets.status();
    stable.clear();
    for (const auto& [inode, pids] : before) {
      auto it = after.find(inode);
      if (it != after.end() && it->second == pids) stable[inode] = pids;
    }
    return sockets.ok() ? *std::move(sockets) : std::vector<Socket>();
  }

  // Checks every socket whose inode the oracle saw unchanged (or never saw,
  // before and after: no visible holder); returns the inodes checked.
  std::set<uint64_t> CheckAgainstOracle(const std::vector<Socket>& sockets,
                                        const OwnerMap& stable,
                                        OwnerSearch search) {
    std::set<uint64_t> checked;
    for (const Socket& s : sockets) {
      if (s.inode == 0) {
        EXPECT_EQ(s.owner_visibility, OwnerVisibility::kNoOwner);
        continue;
      }
      auto it = stable.find(s.inode);
      if (it == stable.end()) continue;  // Changed while we looked.
      checked.insert(s.inode);
      const std::set<Pid>& truth = it->second;
      const std::set<Pid> got(s.owners.begin(), s.owners.end());
      const std::string where =
          absl::StrCat("inode ", s.inode, " port ", s.local.port);
      EXPECT_EQ(s.owner_visibility, OwnerVisibility::kVisible) << where;
      if (search == OwnerSearch::kAll || !s.owners_partial) {
        EXPECT_EQ(got, truth) << where;
      } else {
        EXPECT_FALSE(got.empty()) << where;
        for (Pid pid : got) EXPECT_EQ(truth.count(pid), 1u) << where;
      }
      if (search == OwnerSearch::kAll) {
        EXPECT_FALSE(s.owners_partial) << where;
      }
    }
    return checked;
  }

  std::unique_ptr<Backend> backend_;
};

TEST_F(OwnerOracleTest, EveryListenerMatchesAFullProcScan) {
  // Ours: one listener shared with a child, one held only by a child.
  const int shared = ListenLoopback();
  ASSERT_GE(shared, 0);
  HoldingChild sharer;
  ASSERT_TRUE(sharer.ok());
  const int solo = ListenLoopback();
  ASSERT_GE(solo, 0);
  HoldingChild solo_holder;
  ASSERT_TRUE(solo_holder.ok());
  close(solo);  // Now held by solo_holder alone (sharer was forked before).
  const uint64_t shared_inode = InodeOf(shared);

  for (OwnerSearch search :
       {OwnerSearch::kAll, OwnerSearch::kAll, OwnerSearch::kFirst,
        OwnerSearch::kFirst, OwnerSearch::kAll}) {
    SCOPED_TRACE(search == OwnerSearch::kAll ? "all" : "first");
    OwnerMap stable;
    std::vector<Socket> sockets = ListBetweenOracles(search, stable);
    std::set<uint64_t> checked = CheckAgainstOracle(sockets, stable, search);
    EXPECT_EQ(checked.count(shared_inode), 1u);
    // solo_holder inherited `shared` too.
    EXPECT_EQ(stable[shared_inode],
              (std::set<Pid>{getpid(), sharer.pid(), solo_holder.pid()}));
    bool saw_solo = false;
    for (const Socket& s : sockets) {
      if (s.owners == std::vector<Pid>{solo_holder.pid()}) saw_solo = true;
    }
    EXPECT_TRUE(saw_solo);
    EXPECT_GE(checked.size(), 2u);
  }
  close(shared);
}

TEST_F(OwnerOracleTest, WarmFirstOwnerComesFromTheCacheAndIsMarkedPartial) {
  const int fd = ListenLoopback();
  ASSERT_GE(fd, 0);
  SocketQuery query;
  query.states = SocketStateSet::Listening();
  query.local_port = PortOf(fd);
  query.with_owners = true;
  query.owner_search = OwnerSearch::kFirst;
  for (int round = 0; round < 3; ++round) {
    absl::StatusOr<std::vector<Socket>> sockets =
        backend_->ports().ListSockets(query);
    ASSERT_TRUE(sockets.ok()) << sockets.status();
    ASSERT_EQ(sockets->size(), 1u);
    EXPECT_EQ((*sockets)[0].owners, std::vector<Pid>{getpid()});
    EXPECT_EQ((*sockets)[0].owner_visibility, OwnerVisibility::kVisible);
    // Round 0 scanned and may have read every process (then not partial);
    // later rounds are answered by the cache, which never proves there are
    // no other holders.
    if (round > 0) {
      EXPECT_TRUE((*sockets)[0].owners_partial);
    }
  }
  close(fd);
  // Closed: the socket is gone from the table, whatever the cache held.
  absl::StatusOr<std::vector<Socket>> sockets =
      backend_->ports().ListSockets(query);
  ASSERT_TRUE(sockets.ok());
  EXPECT_TRUE(sockets->empty());
}

// The fast source is the one used: with netlink available, the automatic
// backend answers from sock_diag and never parses /proc/net.
TEST(AutoSourceTest, NetlinkAnswersWhenTheKernelOffersIt) {
  absl::StatusOr<std::unique_ptr<Backend>> backend =
      CreateLinuxBackend(BackendOptions());
  ASSERT_TRUE(backend.ok()) << backend.status();
  auto* prober = dynamic_cast<LinuxPortProber*>(&(*backend)->ports());
  ASSERT_NE(prober, nullptr);
  SocketQuery query;
  query.with_owners = true;
  query.owner_search = OwnerSearch::kFirst;
  ASSERT_TRUE(prober->ListSockets(query).ok());
  EXPECT_EQ(prober->source().name(), "netlink");
}

}  // namespace
}  // namespace pm::procfs
