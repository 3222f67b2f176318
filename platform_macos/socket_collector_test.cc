// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for SocketCollector: merging holders, filtering, visibility.

#include "platform_macos/socket_collector.h"

#include "gtest/gtest.h"

namespace pm::macos {
namespace {

Socket TcpOn(uint16_t port, SocketState state) {
  Socket s;
  s.protocol = Protocol::kTcp;
  s.local = {IpAddress::Loopback(AddressFamily::kIpv4), port};
  s.state = state;
  return s;
}

TEST(SocketCollectorTest, MergesHoldersOfOneSocket) {
  SocketQuery query;
  query.with_owners = true;
  SocketCollector collector(query);
  collector.Add(7, TcpOn(8080, SocketState::kListen), 300);
  collector.Add(9, TcpOn(9090, SocketState::kListen), 300);
  collector.Add(7, TcpOn(8080, SocketState::kListen), 42);
  collector.Add(7, TcpOn(8080, SocketState::kListen), 300);  // fd dup'ed

  std::vector<Socket> sockets = collector.Finish();
  ASSERT_EQ(sockets.size(), 2u);
  EXPECT_EQ(sockets[0].local.port, 8080);
  EXPECT_EQ(sockets[0].owners, (std::vector<Pid>{42, 300}));
  EXPECT_EQ(sockets[0].owner_visibility, OwnerVisibility::kVisible);
  EXPECT_EQ(sockets[1].local.port, 9090);
  EXPECT_EQ(sockets[1].owners, (std::vector<Pid>{300}));
  EXPECT_TRUE(collector.Finish().empty());
}

TEST(SocketCollectorTest, AppliesTheQuery) {
  SocketQuery query;
  query.local_port = 8080;
  query.states = SocketStateSet::Listening();
  SocketCollector collector(query);
  collector.Add(1, TcpOn(8080, SocketState::kListen), 10);
  collector.Add(2, TcpOn(8080, SocketState::kEstablished), 11);
  collector.Add(3, TcpOn(8081, SocketState::kListen), 12);

  std::vector<Socket> sockets = collector.Finish();
  ASSERT_EQ(sockets.size(), 1u);
  EXPECT_EQ(sockets[0].local.port, 8080);
  EXPECT_EQ(sockets[0].state, SocketState::kListen);
}

TEST(SocketCollectorTest, WithoutOwnersLeavesThemUnresolved) {
  SocketCollector collector{SocketQuery()};
  Socket s = TcpOn(8080, SocketState::kListen);
  s.owners = {99};  // Whatever the caller left there is not kept.
  collector.Add(1, s, 10);
  std::vector<Socket> sockets = collector.Finish();
  ASSERT_EQ(sockets.size(), 1u);
  EXPECT_TRUE(sockets[0].owners.empty());
  EXPECT_EQ(sockets[0].owner_visibility, OwnerVisibility::kNotResolved);
}

}  // namespace
}  // namespace pm::macos
