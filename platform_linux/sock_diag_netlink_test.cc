// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Live tests of SockDiagSocketSource against sockets this test opens.

#include "platform_linux/sock_diag_netlink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "platform_linux/sock_diag_test_util.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::CleanPort;
using ::pm::procfs::testing::EndpointOf;
using ::pm::procfs::testing::Fd;
using ::pm::procfs::testing::LoopbackSocket;
using ::pm::procfs::testing::SocketInode;

// A TCP (listening) or UDP socket on 127.0.0.1 or ::1, on a port that no other
// socket holds.
Fd Bound(int family, int type) {
  return LoopbackSocket(family, type, CleanPort());
}

// What the source must report for `fd`: every field, owners not resolved.
std::string Expected(Protocol protocol, int fd, SocketState state,
                     bool connected) {
  const Endpoint local = EndpointOf(fd);
  Endpoint remote{IpAddress::Any(local.address.family()), 0};
  if (connected) remote = EndpointOf(fd, /*peer=*/true);
  return absl::StrCat(ProtocolName(protocol), " ", local.ToString(), " ",
                      remote.ToString(), " ", SocketStateName(state),
                      " uid=", getuid(), " inode=", SocketInode(fd),
                      " owners=0 not resolved");
}

std::string Describe(const Socket& s) {
  return absl::StrCat(ProtocolName(s.protocol), " ", s.local.ToString(), " ",
                      s.remote.ToString(), " ", SocketStateName(s.state),
                      " uid=", s.uid ? int64_t{*s.uid} : int64_t{-1},
                      " inode=", s.inode, " owners=", s.owners.size(), " ",
                      OwnerVisibilityName(s.owner_visibility));
}

class SockDiagNetlinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<SockDiagSocketSource>> source =
        SockDiagSocketSource::Create();
    ASSERT_TRUE(source.ok()) << source.status();
    source_ = *std::move(source);
    ASSERT_GE(tcp4_.get(), 0);
    ASSERT_GE(tcp6_.get(), 0);
    ASSERT_GE(udp4_.get(), 0);
    ASSERT_GE(server_.get(), 0);
    ASSERT_GE(client_.get(), 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(Port(server_));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(client_.get(), reinterpret_cast<const sockaddr*>(&to),
                      sizeof(to)),
              0)
        << std::strerror(errno);
    accepted_ = Fd(accept4(server_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    ASSERT_GE(accepted_.get(), 0) << std::strerror(errno);
  }

  static uint16_t Port(const Fd& fd) { return EndpointOf(fd.get()).port; }

  // Lists with `query` and describes each socket, sorted.
  std::vector<std::string> List(const SocketQuery& query) {
    absl::StatusOr<std::vector<Socket>> sockets = source_->List(query);
    EXPECT_TRUE(sockets.ok()) << sockets.status();
    std::vector<std::string> out;
    if (!sockets.ok()) return out;
    for (const Socket& s : *sockets) out.push_back(Describe(s));
    std::sort(out.begin(), out.end());
    return out;
  }

  std::vector<std::string> ListPort(uint16_t port) {
    SocketQuery query;
    query.local_port = port;
    return List(query);
  }

  std::string Tcp4Listener() {
    return Expected(Protocol::kTcp, tcp4_.get(), SocketState::kListen, false);
  }
  std::string Tcp6Listener() {
    return Expected(Protocol::kTcp, tcp6_.get(), SocketState::kListen, false);
  }
  std::string Udp4() {
    return Expected(Protocol::kUdp, udp4_.get(), SocketState::kUnconnected,
                    false);
  }
  std::string ServerListener() {
    return Expected(Protocol::kTcp, server_.get(), SocketState::kListen, false);
  }
  std::string Accepted() {
    return Expected(Protocol::kTcp, accepted_.get(), SocketState::kEstablished,
                    true);
  }
  // The listener on server_'s port and the connection it accepted, sorted.
  std::vector<std::string> ServerSide() {
    std::vector<std::string> v = {ServerListener(), Accepted()};
    std::sort(v.begin(), v.end());
    return v;
  }
  std::string Client() {
    return Expected(Protocol::kTcp, client_.get(), SocketState::kEstablished,
                    true);
  }

  std::unique_ptr<SockDiagSocketSource> source_;
  Fd tcp4_{Bound(AF_INET, SOCK_STREAM)};
  Fd tcp6_{Bound(AF_INET6, SOCK_STREAM)};
  Fd udp4_{Bound(AF_INET, SOCK_DGRAM)};
  Fd server_{Bound(AF_INET, SOCK_STREAM)};
  Fd client_{LoopbackSocket(AF_INET, SOCK_STREAM, CleanPort(), false)};
  Fd accepted_;
};

TEST_F(SockDiagNetlinkTest, NameIsNetlink) {
  EXPECT_EQ(source_->name(), "netlink");
}

TEST_F(SockDiagNetlinkTest, PortFilterFindsExactlyEachSocket) {
  EXPECT_EQ(ListPort(Port(tcp4_)), std::vector<std::string>{Tcp4Listener()});
  EXPECT_EQ(ListPort(Port(tcp6_)), std::vector<std::string>{Tcp6Listener()});
  EXPECT_EQ(ListPort(Port(udp4_)), std::vector<std::string>{Udp4()});
  EXPECT_EQ(ListPort(Port(client_)), std::vector<std::string>{Client()});
  EXPECT_EQ(ListPort(Port(server_)), ServerSide());
}

// That the kernel itself applies the port filters (idiag_sport and the
// bytecode, each alone) is tested in sock_diag_compat_test.

TEST_F(SockDiagNetlinkTest, ListeningStatesExcludeTheEstablishedPair) {
  SocketQuery query;
  query.states = SocketStateSet::Listening();
  query.local_port = Port(server_);
  EXPECT_EQ(List(query), std::vector<std::string>{ServerListener()});
  query.local_port = Port(client_);
  EXPECT_EQ(List(query), std::vector<std::string>{});
  query.local_port = Port(udp4_);  // UDP UNCONN counts as listening.
  EXPECT_EQ(List(query), std::vector<std::string>{Udp4()});
}

TEST_F(SockDiagNetlinkTest, UnheldPortGivesNothing) {
  const uint16_t port = CleanPort();  // No TCP or UDP socket holds it.
  ASSERT_NE(port, 0);
  EXPECT_EQ(ListPort(port), std::vector<std::string>{});
}

TEST_F(SockDiagNetlinkTest, ProtocolAndFamilyFlagsNarrow) {
  SocketQuery query;
  query.tcp = false;
  query.local_port = Port(tcp4_);
  EXPECT_EQ(List(query), std::vector<std::string>{});
  query.local_port.reset();
  const std::vector<std::string> udp_only = List(query);
  for (const std::string& s : udp_only) EXPECT_EQ(s.substr(0, 4), "udp ");
  EXPECT_EQ(std::count(udp_only.begin(), udp_only.end(), Udp4()), 1);

  SocketQuery v6;
  v6.ipv4 = false;
  v6.local_port = Port(tcp4_);
  EXPECT_EQ(List(v6), std::vector<std::string>{});
  v6.local_port = Port(tcp6_);
  EXPECT_EQ(List(v6), std::vector<std::string>{Tcp6Listener()});
}

TEST_F(SockDiagNetlinkTest, LocalAddressIsFilteredToo) {
  SocketQuery query;
  query.local_port = Port(tcp6_);
  query.local_address = IpAddress::Loopback(AddressFamily::kIpv4);
  EXPECT_EQ(List(query), std::vector<std::string>{});
  query.local_address = IpAddress::Loopback(AddressFamily::kIpv6);
  EXPECT_EQ(List(query), std::vector<std::string>{Tcp6Listener()});
}

TEST_F(SockDiagNetlinkTest, UnfilteredListContainsEverySocket) {
  const std::vector<std::string> all = List(SocketQuery{});
  for (const std::string& want : {Tcp4Listener(), Tcp6Listener(), Udp4(),
                                  ServerListener(), Accepted(), Client()}) {
    EXPECT_EQ(std::count(all.begin(), all.end(), want), 1) << want;
  }
}

}  // namespace
}  // namespace pm::procfs
