// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for SocketFromRawInet on hand-built socket_info fields.

#include "platform_macos/socket_info_converter.h"

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm::macos {
namespace {

std::array<uint8_t, 16> V4Bytes(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  std::array<uint8_t, 16> bytes{};
  bytes[12] = a;
  bytes[13] = b;
  bytes[14] = c;
  bytes[15] = d;
  return bytes;
}

RawInetSocket TcpListener127() {
  RawInetSocket raw;
  raw.family = AddressFamily::kIpv4;
  raw.kind = kSockinfoTcp;
  raw.protocol = 6;
  raw.vflag = kIniIpv4;
  raw.local_address = V4Bytes(127, 0, 0, 1);
  raw.local_port = {0x1F, 0x90};
  raw.tcp_state = kTsiListen;
  raw.uid = 501;
  raw.pcb = 0xabcdef;
  return raw;
}

TEST(SocketFromRawInetTest, Ipv4TcpListener) {
  absl::StatusOr<Socket> s = SocketFromRawInet(TcpListener127());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->protocol, Protocol::kTcp);
  EXPECT_EQ(s->local.ToString(), "127.0.0.1:8080");
  EXPECT_EQ(s->remote.ToString(), "0.0.0.0:0");
  EXPECT_EQ(s->state, SocketState::kListen);
  EXPECT_EQ(s->uid, 501u);
  EXPECT_EQ(s->inode, 0xabcdefu);
  EXPECT_TRUE(s->owners.empty());
  EXPECT_EQ(s->owner_visibility, OwnerVisibility::kNotResolved);
}

TEST(SocketFromRawInetTest, PortsAreNetworkOrderBytes) {
  RawInetSocket raw = TcpListener127();
  raw.local_port = {0x00, 0x50};   // 80
  raw.remote_port = {0xC3, 0x51};  // 50001
  raw.remote_address = V4Bytes(10, 1, 2, 3);
  raw.tcp_state = kTsiEstablished;
  absl::StatusOr<Socket> s = SocketFromRawInet(raw);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->local.port, 80);
  EXPECT_EQ(s->remote.ToString(), "10.1.2.3:50001");
  EXPECT_EQ(s->state, SocketState::kEstablished);
}

TEST(SocketFromRawInetTest, Ipv6Loopback) {
  RawInetSocket raw = TcpListener127();
  raw.family = AddressFamily::kIpv6;
  raw.vflag = kIniIpv6;
  raw.local_address = {};
  raw.local_address[15] = 1;
  absl::StatusOr<Socket> s = SocketFromRawInet(raw);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->local.ToString(), "[::1]:8080");
  EXPECT_EQ(s->family(), AddressFamily::kIpv6);
}

TEST(SocketFromRawInetTest, DualStackListenerIsIpv6Any) {
  RawInetSocket raw = TcpListener127();
  raw.family = AddressFamily::kIpv6;
  raw.vflag = kIniIpv4 | kIniIpv6;
  raw.local_address = {};
  absl::StatusOr<Socket> s = SocketFromRawInet(raw);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->local.ToString(), "[::]:8080");
}

TEST(SocketFromRawInetTest, Ipv6SocketInIpv4ModeIsV4Mapped) {
  RawInetSocket raw = TcpListener127();
  raw.family = AddressFamily::kIpv6;
  raw.vflag = kIniIpv4;
  raw.remote_address = V4Bytes(192, 0, 2, 7);
  raw.remote_port = {0x01, 0xBB};
  raw.tcp_state = kTsiEstablished;
  absl::StatusOr<Socket> s = SocketFromRawInet(raw);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->local.ToString(), "[::ffff:127.0.0.1]:8080");
  EXPECT_EQ(s->remote.ToString(), "[::ffff:192.0.2.7]:443");
}

TEST(SocketFromRawInetTest, UdpStateFollowsRemotePort) {
  RawInetSocket raw = TcpListener127();
  raw.kind = kSockinfoIn;
  raw.protocol = kIpprotoUdp;
  raw.tcp_state = kTsiEstablished;  // Ignored for UDP.
  absl::StatusOr<Socket> bound = SocketFromRawInet(raw);
  ASSERT_TRUE(bound.ok()) << bound.status();
  EXPECT_EQ(bound->protocol, Protocol::kUdp);
  EXPECT_EQ(bound->state, SocketState::kUnconnected);

  raw.remote_port = {0x00, 0x35};
  absl::StatusOr<Socket> connected = SocketFromRawInet(raw);
  ASSERT_TRUE(connected.ok()) << connected.status();
  EXPECT_EQ(connected->state, SocketState::kEstablished);
  EXPECT_EQ(connected->remote.port, 53);
}

TEST(SocketFromRawInetTest, RejectsNonTcpUdp) {
  RawInetSocket raw = TcpListener127();
  raw.kind = kSockinfoIn;
  raw.protocol = 1;  // ICMP over a raw socket.
  EXPECT_EQ(SocketFromRawInet(raw).status().code(),
            absl::StatusCode::kInvalidArgument);
  raw.kind = 3;  // SOCKINFO_UN
  EXPECT_EQ(SocketFromRawInet(raw).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(SocketStateFromTsiTest, MapsEveryState) {
  EXPECT_EQ(SocketStateFromTsi(kTsiClosed), SocketState::kClose);
  EXPECT_EQ(SocketStateFromTsi(kTsiListen), SocketState::kListen);
  EXPECT_EQ(SocketStateFromTsi(kTsiSynSent), SocketState::kSynSent);
  EXPECT_EQ(SocketStateFromTsi(kTsiSynReceived), SocketState::kSynRecv);
  EXPECT_EQ(SocketStateFromTsi(kTsiEstablished), SocketState::kEstablished);
  EXPECT_EQ(SocketStateFromTsi(kTsiCloseWait), SocketState::kCloseWait);
  EXPECT_EQ(SocketStateFromTsi(kTsiFinWait1), SocketState::kFinWait1);
  EXPECT_EQ(SocketStateFromTsi(kTsiClosing), SocketState::kClosing);
  EXPECT_EQ(SocketStateFromTsi(kTsiLastAck), SocketState::kLastAck);
  EXPECT_EQ(SocketStateFromTsi(kTsiFinWait2), SocketState::kFinWait2);
  EXPECT_EQ(SocketStateFromTsi(kTsiTimeWait), SocketState::kTimeWait);
  EXPECT_EQ(SocketStateFromTsi(11), SocketState::kUnknown);  // TSI_S_RESERVED
  EXPECT_EQ(SocketStateFromTsi(-1), SocketState::kUnknown);
}

}  // namespace
}  // namespace pm::macos
