// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Ports conformance, part 3: the system-wide socket list. The helper's sockets
// found port by port equal those in the unfiltered list (psutil
// compare_procsys_connections), every record passes ExpectValidSocket, and
// every query filter selects exactly what SocketMatches says.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "core/conformance/backend_conformance_test.h"
#include "core/find_owners.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

// One socket of every kind the helper can open, and a connection.
const std::vector<std::string>& EveryKind() {
  static const auto* flags =
      new std::vector<std::string>{"--tcp4=0", "--tcp6=0", "--udp4=0",
                                   "--udp6=0", "--dual=0", "--connect=0"};
  return *flags;
}

// What the helper's ready file says it holds, as the backend should report it.
std::vector<Socket> ExpectedFromReport(const ListenerHelper& helper) {
  std::vector<Socket> expected;
  for (const HelperSocket& s : helper.sockets()) {
    SocketState state = SocketState::kListen;
    if (s.protocol == Protocol::kUdp) state = SocketState::kUnconnected;
    if (s.kind == "client" || s.kind == "accepted") {
      state = SocketState::kEstablished;
    }
    expected.push_back(
        ExpectedSocket(s.protocol, s.local, s.remote, state, {helper.pid()}));
  }
  return expected;
}

TEST_P(BackendConformanceTest, PerPortViewEqualsSystemWideView) {
  std::unique_ptr<ListenerHelper> helper = StartHelper(EveryKind());
  ASSERT_NE(helper, nullptr);
  ASSERT_EQ(helper->sockets().size(), 7u);

  std::vector<Socket> by_port;
  std::set<uint16_t> ports;
  for (const HelperSocket& s : helper->sockets()) ports.insert(s.local.port);
  for (uint16_t port : ports) {
    absl::StatusOr<std::vector<OwnedSocket>> owned =
        FindOwners(backend(), port);
    ASSERT_TRUE(owned.ok()) << "port " << port << ": " << owned.status();
    for (const Socket& s : HeldBy(SocketsOf(*owned), helper->pid())) {
      by_port.push_back(s);
    }
  }
  SocketQuery everything;
  everything.with_owners = true;
  absl::StatusOr<std::vector<Socket>> all =
      backend().ports().ListSockets(everything);
  ASSERT_TRUE(all.ok()) << all.status();
  const std::vector<Socket> system_wide = HeldBy(*all, helper->pid());

  EXPECT_EQ(DescribeSockets(by_port, /*with_inode=*/true),
            DescribeSockets(system_wide, /*with_inode=*/true));
  EXPECT_EQ(DescribeSockets(system_wide),
            DescribeSockets(ExpectedFromReport(*helper)));
}

TEST_P(BackendConformanceTest, EverySocketPassesInvariants) {
  // Forked children make every socket of the helper multi-owned.
  std::vector<std::string> flags = EveryKind();
  flags.push_back("--fork=2");
  std::unique_ptr<ListenerHelper> helper = StartHelper(flags);
  ASSERT_NE(helper, nullptr);
  SocketQuery everything;
  everything.with_owners = true;
  absl::StatusOr<std::vector<Socket>> all =
      backend().ports().ListSockets(everything);
  ASSERT_TRUE(all.ok()) << all.status();
  const std::vector<Socket> held = HeldBy(*all, helper->pid());
  EXPECT_EQ(held.size(), 7u);
  for (const Socket& s : held) {
    EXPECT_EQ(s.owners.size(), 3u) << DescribeSocket(s);
  }
  std::map<uint64_t, std::vector<std::string>> by_inode;  // One socket each.
  for (const Socket& s : *all) {
    ExpectValidSocket(s);
    EXPECT_NE(s.owner_visibility, OwnerVisibility::kNotResolved)
        << DescribeSocket(s) << ": owners were asked for";
    if (s.inode != 0) by_inode[s.inode].push_back(DescribeSocket(s));
  }
  for (const auto& [inode, listed] : by_inode) {
    EXPECT_EQ(listed.size(), 1u)
        << "inode " << inode << " listed as: " << absl::StrJoin(listed, "; ");
  }
}

TEST_P(BackendConformanceTest, WithoutOwnersNothingIsResolved) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--tcp4=0"});
  ASSERT_NE(helper, nullptr);
  const HelperSocket& held = helper->SocketOf("tcp4");
  absl::StatusOr<std::vector<Socket>> all =
      backend().ports().ListSockets(SocketQuery());
  ASSERT_TRUE(all.ok()) << all.status();
  int found = 0;
  for (const Socket& s : *all) {
    ExpectValidSocket(s);
    EXPECT_EQ(s.owner_visibility, OwnerVisibility::kNotResolved)
        << DescribeSocket(s);
    if (s.protocol == Protocol::kTcp && s.local == held.local) {
      ++found;
      EXPECT_EQ(s.state, SocketState::kListen);
    }
  }
  EXPECT_EQ(found, 1);
}

// Every filter of SocketQuery, alone: the backend returns only matching
// sockets, and each of the helper's sockets exactly when it matches.
TEST_P(BackendConformanceTest, ListSocketsAppliesEveryFilter) {
  std::unique_ptr<ListenerHelper> helper = StartHelper(EveryKind());
  ASSERT_NE(helper, nullptr);
  const std::vector<Socket> ours = ExpectedFromReport(*helper);
  std::vector<std::pair<std::string, SocketQuery>> queries;
  auto add = [&queries](std::string name) {
    queries.emplace_back(std::move(name), SocketQuery());
    queries.back().second.with_owners = true;
    return &queries.back().second;
  };
  add("tcp only")->udp = false;
  add("udp only")->tcp = false;
  add("ipv4 only")->ipv6 = false;
  add("ipv6 only")->ipv4 = false;
  add("listening")->states = SocketStateSet::Listening();
  add("established")->states = SocketStateSet::Of({SocketState::kEstablished});
  add("tcp4 port")->local_port = helper->SocketOf("tcp4").local.port;
  add("udp6 port")->local_port = helper->SocketOf("udp6").local.port;
  add("loopback v4")->local_address = IpAddress::Loopback(AddressFamily::kIpv4);
  add("any v6")->local_address = IpAddress::Any(AddressFamily::kIpv6);

  for (const auto& [name, query] : queries) {
    SCOPED_TRACE(name);
    absl::StatusOr<std::vector<Socket>> listed =
        backend().ports().ListSockets(query);
    ASSERT_TRUE(listed.ok()) << listed.status();
    for (const Socket& s : *listed) {
      EXPECT_TRUE(SocketMatches(query, s)) << DescribeSocket(s);
    }
    std::vector<Socket> expected;
    for (const Socket& s : ours) {
      if (SocketMatches(query, s)) expected.push_back(s);
    }
    EXPECT_EQ(DescribeSockets(HeldBy(*listed, helper->pid())),
              DescribeSockets(expected));
  }
}

}  // namespace
}  // namespace pm::conformance

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BackendConformanceTest);
