// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Ports conformance, part 1: each kind of socket a live helper opens is
// reported on its port, in its exact state and address, with exactly the
// helper's PID.

#include <unistd.h>

#include <vector>

#include "core/conformance/backend_conformance_test.h"
#include "core/find_owners.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

constexpr AddressFamily kV4 = AddressFamily::kIpv4;
constexpr AddressFamily kV6 = AddressFamily::kIpv6;

// Expects FindOwners on the port of the helper's socket `kind`, narrowed to its
// protocol and family, to give exactly that socket, held by the helper alone.
void ExpectSingleSocket(Backend& backend, const ListenerHelper& helper,
                        const char* kind, Protocol protocol,
                        AddressFamily family, IpAddress address,
                        SocketState state) {
  const HelperSocket& held = helper.SocketOf(kind);
  ASSERT_NE(held.local.port, 0);
  absl::StatusOr<std::vector<OwnedSocket>> owned =
      FindOwners(backend, held.local.port, OnlyQuery(protocol, family));
  ASSERT_TRUE(owned.ok()) << owned.status();
  Socket expected = ExpectedSocket(protocol, {address, held.local.port},
                                   NoRemote(family), state, {helper.pid()});
  EXPECT_EQ(DescribeSockets(SocketsOf(*owned)),
            std::vector<std::string>{DescribeSocket(expected)});
  ASSERT_EQ(owned->size(), 1u);
  ExpectValidSocket(owned->front().socket);
  // FindOwners looked the owner up through the same backend's discovery.
  ASSERT_EQ(owned->front().processes.size(), 1u);
  EXPECT_EQ(owned->front().processes[0].pid, helper.pid());
  EXPECT_EQ(owned->front().processes[0].name, "listener_helper");
}

TEST_P(BackendConformanceTest, TcpV4ListenerReportedWithOwnerPid) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--tcp4=0"});
  ASSERT_NE(helper, nullptr);
  ExpectSingleSocket(backend(), *helper, "tcp4", Protocol::kTcp, kV4,
                     IpAddress::Loopback(kV4), SocketState::kListen);
}

TEST_P(BackendConformanceTest, TcpV6ListenerReportedWithOwnerPid) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--tcp6=0"});
  ASSERT_NE(helper, nullptr);
  ExpectSingleSocket(backend(), *helper, "tcp6", Protocol::kTcp, kV6,
                     IpAddress::Loopback(kV6), SocketState::kListen);
}

TEST_P(BackendConformanceTest, UdpV4SocketReportedWithOwnerPid) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--udp4=0"});
  ASSERT_NE(helper, nullptr);
  ExpectSingleSocket(backend(), *helper, "udp4", Protocol::kUdp, kV4,
                     IpAddress::Loopback(kV4), SocketState::kUnconnected);
}

TEST_P(BackendConformanceTest, UdpV6SocketReportedWithOwnerPid) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--udp6=0"});
  ASSERT_NE(helper, nullptr);
  ExpectSingleSocket(backend(), *helper, "udp6", Protocol::kUdp, kV6,
                     IpAddress::Loopback(kV6), SocketState::kUnconnected);
}

TEST_P(BackendConformanceTest, DualStackListenerReportedOnceAsIpv6Any) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--dual=0"});
  ASSERT_NE(helper, nullptr);
  const uint16_t port = helper->SocketOf("dual").local.port;
  // Asked for both families: one socket, IPv6 [::], not a second IPv4 record.
  SocketQuery tcp_any_family = OnlyQuery(Protocol::kTcp, kV4);
  tcp_any_family.ipv6 = true;
  absl::StatusOr<std::vector<OwnedSocket>> owned =
      FindOwners(backend(), port, tcp_any_family);
  ASSERT_TRUE(owned.ok()) << owned.status();
  Socket expected =
      ExpectedSocket(Protocol::kTcp, {IpAddress::Any(kV6), port}, NoRemote(kV6),
                     SocketState::kListen, {helper->pid()});
  EXPECT_EQ(DescribeSockets(SocketsOf(*owned)),
            std::vector<std::string>{DescribeSocket(expected)});
  // An IPv4-only query does not see it: its family is IPv6.
  absl::StatusOr<std::vector<OwnedSocket>> v4_only =
      FindOwners(backend(), port, OnlyQuery(Protocol::kTcp, kV4));
  EXPECT_TRUE(absl::IsNotFound(v4_only.status())) << v4_only.status();
}

TEST_P(BackendConformanceTest, SocketSharedWithForkedChildrenListsEveryOwner) {
  std::unique_ptr<ListenerHelper> helper =
      StartHelper({"--tcp4=0", "--fork=2"});
  ASSERT_NE(helper, nullptr);
  ASSERT_EQ(helper->children().size(), 2u);
  const uint16_t port = helper->SocketOf("tcp4").local.port;
  absl::StatusOr<std::vector<OwnedSocket>> owned =
      FindOwners(backend(), port, OnlyQuery(Protocol::kTcp, kV4));
  ASSERT_TRUE(owned.ok()) << owned.status();
  Socket expected = ExpectedSocket(
      Protocol::kTcp, {IpAddress::Loopback(kV4), port}, NoRemote(kV4),
      SocketState::kListen,
      {helper->pid(), helper->children()[0], helper->children()[1]});
  EXPECT_EQ(DescribeSockets(SocketsOf(*owned)),
            std::vector<std::string>{DescribeSocket(expected)});
  ASSERT_EQ(owned->size(), 1u);
  EXPECT_EQ(owned->front().processes.size(), 3u);
}

TEST_P(BackendConformanceTest, BothEndsOfLoopbackConnectionReported) {
  std::unique_ptr<ListenerHelper> helper =
      StartHelper({"--tcp4=0", "--connect=0"});
  ASSERT_NE(helper, nullptr);
  const Endpoint server = helper->SocketOf("tcp4").local;
  const Endpoint client = helper->SocketOf("client").local;
  ASSERT_EQ(helper->SocketOf("client").remote, server);
  ASSERT_NE(client.port, server.port);
  const Endpoint any4 = NoRemote(kV4);

  // No state filter: the listener and the accepted end share the server port.
  absl::StatusOr<std::vector<OwnedSocket>> on_server =
      FindOwners(backend(), server.port, OnlyQuery(Protocol::kTcp, kV4));
  ASSERT_TRUE(on_server.ok()) << on_server.status();
  EXPECT_EQ(DescribeSockets(SocketsOf(*on_server)),
            DescribeSockets(
                {ExpectedSocket(Protocol::kTcp, server, client,
                                SocketState::kEstablished, {helper->pid()}),
                 ExpectedSocket(Protocol::kTcp, server, any4,
                                SocketState::kListen, {helper->pid()})}));

  // The client end: its own local port, the server port as its remote. Only the
  // socket connected to our server is ours to assert on: the kernel may reuse
  // the same ephemeral port for another process's connection elsewhere.
  absl::StatusOr<std::vector<OwnedSocket>> on_client =
      FindOwners(backend(), client.port, OnlyQuery(Protocol::kTcp, kV4));
  ASSERT_TRUE(on_client.ok()) << on_client.status();
  std::vector<Socket> to_server;
  for (const Socket& s : SocketsOf(*on_client)) {
    if (s.remote == server) to_server.push_back(s);
  }
  EXPECT_EQ(DescribeSockets(to_server),
            std::vector<std::string>{DescribeSocket(
                ExpectedSocket(Protocol::kTcp, client, server,
                               SocketState::kEstablished, {helper->pid()}))});
}

}  // namespace
}  // namespace pm::conformance

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BackendConformanceTest);
