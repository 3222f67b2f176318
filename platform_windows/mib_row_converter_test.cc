// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for SocketFromMibRow on hand-built IP Helper rows.

#include "platform_windows/mib_row_converter.h"

#include "gtest/gtest.h"

namespace pm::win {
namespace {

MibSocketRow TcpListenerRow() {
  MibSocketRow row;
  row.protocol = Protocol::kTcp;
  row.family = AddressFamily::kIpv4;
  row.local_address = {127, 0, 0, 1};
  row.local_port = {0x1F, 0x90};
  row.state = kMibTcpStateListen;
  row.owning_pid = 4242;
  return row;
}

TEST(SocketFromMibRowTest, Ipv4TcpListenerWithOwner) {
  Socket s = SocketFromMibRow(TcpListenerRow(), /*with_owners=*/true);
  EXPECT_EQ(s.protocol, Protocol::kTcp);
  EXPECT_EQ(s.local.ToString(), "127.0.0.1:8080");
  EXPECT_EQ(s.remote.ToString(), "0.0.0.0:0");
  EXPECT_EQ(s.state, SocketState::kListen);
  EXPECT_EQ(s.owners, (std::vector<Pid>{4242}));
  EXPECT_EQ(s.owner_visibility, OwnerVisibility::kVisible);
  EXPECT_FALSE(s.uid.has_value());
  EXPECT_EQ(s.inode, 0u);
}

TEST(SocketFromMibRowTest, ListenerRemoteEndIsIgnored) {
  MibSocketRow row = TcpListenerRow();
  row.remote_address = {10, 0, 0, 9};  // Filled by old Windows versions.
  row.remote_port = {0x12, 0x34};
  Socket s = SocketFromMibRow(row, true);
  EXPECT_EQ(s.remote.ToString(), "0.0.0.0:0");
}

TEST(SocketFromMibRowTest, EstablishedIpv6Connection) {
  MibSocketRow row;
  row.protocol = Protocol::kTcp;
  row.family = AddressFamily::kIpv6;
  row.local_address[15] = 1;                      // ::1
  row.local_port = {0xC3, 0x50};                  // 50000
  row.remote_address = {0x20, 0x01, 0x0d, 0xb8};  // 2001:db8::7
  row.remote_address[15] = 7;
  row.remote_port = {0x01, 0xBB};  // 443
  row.state = kMibTcpStateEstab;
  row.owning_pid = 77;
  Socket s = SocketFromMibRow(row, true);
  EXPECT_EQ(s.local.ToString(), "[::1]:50000");
  EXPECT_EQ(s.remote.ToString(), "[2001:db8::7]:443");
  EXPECT_EQ(s.state, SocketState::kEstablished);
  EXPECT_EQ(s.family(), AddressFamily::kIpv6);
}

TEST(SocketFromMibRowTest, UdpRowsAreUnconnected) {
  MibSocketRow row;
  row.protocol = Protocol::kUdp;
  row.family = AddressFamily::kIpv6;
  row.local_port = {0x00, 0x35};  // 53
  row.owning_pid = 900;
  Socket s = SocketFromMibRow(row, true);
  EXPECT_EQ(s.protocol, Protocol::kUdp);
  EXPECT_EQ(s.local.ToString(), "[::]:53");
  EXPECT_EQ(s.remote.ToString(), "[::]:0");
  EXPECT_EQ(s.state, SocketState::kUnconnected);
  EXPECT_TRUE(s.listening());
}

TEST(SocketFromMibRowTest, IdlePidMeansNoOwnerAndSystemPidIsAnOwner) {
  MibSocketRow row = TcpListenerRow();
  row.state = kMibTcpStateTimeWait;
  row.owning_pid = 0;
  Socket time_wait = SocketFromMibRow(row, true);
  EXPECT_TRUE(time_wait.owners.empty());
  EXPECT_EQ(time_wait.owner_visibility, OwnerVisibility::kNoOwner);

  row = TcpListenerRow();
  row.local_port = {0x00, 0x50};
  row.owning_pid = 4;
  Socket http_sys = SocketFromMibRow(row, true);
  EXPECT_EQ(http_sys.owners, (std::vector<Pid>{4}));
  EXPECT_EQ(http_sys.owner_visibility, OwnerVisibility::kVisible);
}

TEST(SocketFromMibRowTest, WithoutOwnersLeavesThemUnresolved) {
  Socket s = SocketFromMibRow(TcpListenerRow(), /*with_owners=*/false);
  EXPECT_TRUE(s.owners.empty());
  EXPECT_EQ(s.owner_visibility, OwnerVisibility::kNotResolved);
}

TEST(SocketStateFromMibTcpStateTest, MapsEveryState) {
  EXPECT_EQ(SocketStateFromMibTcpState(1), SocketState::kClose);
  EXPECT_EQ(SocketStateFromMibTcpState(2), SocketState::kListen);
  EXPECT_EQ(SocketStateFromMibTcpState(3), SocketState::kSynSent);
  EXPECT_EQ(SocketStateFromMibTcpState(4), SocketState::kSynRecv);
  EXPECT_EQ(SocketStateFromMibTcpState(5), SocketState::kEstablished);
  EXPECT_EQ(SocketStateFromMibTcpState(6), SocketState::kFinWait1);
  EXPECT_EQ(SocketStateFromMibTcpState(7), SocketState::kFinWait2);
  EXPECT_EQ(SocketStateFromMibTcpState(8), SocketState::kCloseWait);
  EXPECT_EQ(SocketStateFromMibTcpState(9), SocketState::kClosing);
  EXPECT_EQ(SocketStateFromMibTcpState(10), SocketState::kLastAck);
  EXPECT_EQ(SocketStateFromMibTcpState(11), SocketState::kTimeWait);
  EXPECT_EQ(SocketStateFromMibTcpState(12), SocketState::kClose);
  EXPECT_EQ(SocketStateFromMibTcpState(0), SocketState::kUnknown);
  EXPECT_EQ(SocketStateFromMibTcpState(13), SocketState::kUnknown);
}

}  // namespace
}  // namespace pm::win
