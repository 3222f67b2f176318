// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for socket state names and SocketMatches.

#include "core/socket.h"

#include "gtest/gtest.h"

namespace pm {
namespace {

Socket Make(Protocol p, const char* addr, uint16_t port, SocketState state) {
  Socket s;
  s.protocol = p;
  s.local = {*IpAddress::Parse(addr), port};
  s.state = state;
  return s;
}

TEST(SocketTest, StateNamesMatchSs) {
  EXPECT_EQ(SocketStateName(SocketState::kListen), "LISTEN");
  EXPECT_EQ(SocketStateName(SocketState::kTimeWait), "TIME_WAIT");
  EXPECT_EQ(SocketStateName(SocketState::kUnconnected), "UNCONN");
  EXPECT_EQ(SocketStateName(SocketState::kNewSynRecv), "NEW_SYN_RECV");
  EXPECT_EQ(SocketStateName(SocketState::kUnknown), "UNKNOWN");
  EXPECT_EQ(ProtocolName(Protocol::kUdp), "udp");
  EXPECT_EQ(OwnerVisibilityName(OwnerVisibility::kNotVisible), "not visible");
}

TEST(SocketTest, ListeningMeansListenForTcpAndUnconnForUdp) {
  EXPECT_TRUE(IsListeningState(Protocol::kTcp, SocketState::kListen));
  EXPECT_FALSE(IsListeningState(Protocol::kTcp, SocketState::kEstablished));
  EXPECT_TRUE(IsListeningState(Protocol::kUdp, SocketState::kUnconnected));
  EXPECT_FALSE(IsListeningState(Protocol::kUdp, SocketState::kEstablished));
  EXPECT_FALSE(IsListeningState(Protocol::kUdp, SocketState::kListen));
}

TEST(SocketTest, StateSetHoldsWhatWasAdded) {
  SocketStateSet set = SocketStateSet::Listening();
  EXPECT_TRUE(set.Contains(SocketState::kListen));
  EXPECT_TRUE(set.Contains(SocketState::kUnconnected));
  EXPECT_FALSE(set.Contains(SocketState::kEstablished));
  EXPECT_FALSE(set.IsAll());
  EXPECT_TRUE(SocketStateSet::All().Contains(SocketState::kTimeWait));
  EXPECT_FALSE(SocketStateSet::None().Contains(SocketState::kListen));
}

TEST(SocketTest, DefaultQueryMatchesEverything) {
  SocketQuery q;
  EXPECT_TRUE(SocketMatches(
      q, Make(Protocol::kTcp, "127.0.0.1", 80, SocketState::kListen)));
  EXPECT_TRUE(SocketMatches(
      q, Make(Protocol::kUdp, "::", 53, SocketState::kUnconnected)));
  EXPECT_TRUE(
      SocketMatches(q, Make(Protocol::kTcp, "::1", 1, SocketState::kTimeWait)));
}

TEST(SocketTest, EachFilterNarrows) {
  Socket tcp4 = Make(Protocol::kTcp, "127.0.0.1", 8080, SocketState::kListen);
  Socket udp6 = Make(Protocol::kUdp, "::1", 8080, SocketState::kUnconnected);

  SocketQuery q;
  q.udp = false;
  EXPECT_TRUE(SocketMatches(q, tcp4));
  EXPECT_FALSE(SocketMatches(q, udp6));

  q = SocketQuery();
  q.ipv4 = false;
  EXPECT_FALSE(SocketMatches(q, tcp4));
  EXPECT_TRUE(SocketMatches(q, udp6));

  q = SocketQuery();
  q.local_port = 8081;
  EXPECT_FALSE(SocketMatches(q, tcp4));
  q.local_port = 8080;
  EXPECT_TRUE(SocketMatches(q, tcp4));

  q = SocketQuery();
  q.states = SocketStateSet::Of({SocketState::kEstablished});
  EXPECT_FALSE(SocketMatches(q, tcp4));
  q.states = SocketStateSet::Listening();
  EXPECT_TRUE(SocketMatches(q, tcp4));
  EXPECT_TRUE(SocketMatches(q, udp6));
}

TEST(SocketTest, AddressFilterComparesV4MappedAsIpv4) {
  Socket mapped =
      Make(Protocol::kTcp, "::ffff:127.0.0.1", 80, SocketState::kListen);
  SocketQuery q;
  q.local_address = *IpAddress::Parse("127.0.0.1");
  EXPECT_TRUE(SocketMatches(q, mapped));
  q.local_address = *IpAddress::Parse("127.0.0.2");
  EXPECT_FALSE(SocketMatches(q, mapped));
  EXPECT_EQ(mapped.family(), AddressFamily::kIpv6);
}

}  // namespace
}  // namespace pm
