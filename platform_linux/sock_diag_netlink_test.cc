// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Live tests of SockDiagSocketSource against sockets this test opens.

#include "platform_linux/sock_diag_netlink.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "gtest/gtest.h"
#include "platform_linux/inet_diag_codec.h"

namespace pm::procfs {
namespace {

// A socket fd closed on destruction.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Opens an IPv4/IPv6 TCP or UDP socket bound to loopback port 0; -1 on error.
int BoundLoopback(int family, int type) {
  const int fd = socket(family, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_storage addr{};
  socklen_t len;
  if (family == AF_INET) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&addr);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof(*sin);
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&addr);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_addr = in6addr_loopback;
    len = sizeof(*sin6);
  }
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      (type == SOCK_STREAM && listen(fd, 8) != 0)) {
    close(fd);
    return -1;
  }
  return fd;
}

Endpoint LocalEndpoint(int fd, bool peer = false) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if ((peer ? getpeername : getsockname)(fd, reinterpret_cast<sockaddr*>(&addr),
                                         &len) != 0) {
    return {};
  }
  if (addr.ss_family == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&addr);
    std::array<uint8_t, 4> b;
    std::memcpy(b.data(), &sin->sin_addr, 4);
    return {IpAddress::V4(b), ntohs(sin->sin_port)};
  }
  const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&addr);
  std::array<uint8_t, 16> b;
  std::memcpy(b.data(), &sin6->sin6_addr, 16);
  return {IpAddress::V6(b), ntohs(sin6->sin6_port)};
}

uint64_t Inode(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

// What the source must report for `fd`: every field, owners not resolved.
std::string Expected(Protocol protocol, int fd, SocketState state,
                     bool connected) {
  const Endpoint local = LocalEndpoint(fd);
  Endpoint remote{IpAddress::Any(local.address.family()), 0};
  if (connected) remote = LocalEndpoint(fd, /*peer=*/true);
  return absl::StrCat(ProtocolName(protocol), " ", local.ToString(), " ",
                      remote.ToString(), " ", SocketStateName(state),
                      " uid=", getuid(), " inode=", Inode(fd),
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
    accepted_ = std::make_unique<Fd>(
        accept4(server_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    ASSERT_GE(accepted_->get(), 0) << std::strerror(errno);
  }

  static uint16_t Port(const Fd& fd) { return LocalEndpoint(fd.get()).port; }

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
    return Expected(Protocol::kTcp, accepted_->get(), SocketState::kEstablished,
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
  Fd tcp4_{BoundLoopback(AF_INET, SOCK_STREAM)};
  Fd tcp6_{BoundLoopback(AF_INET6, SOCK_STREAM)};
  Fd udp4_{BoundLoopback(AF_INET, SOCK_DGRAM)};
  Fd server_{BoundLoopback(AF_INET, SOCK_STREAM)};
  Fd client_{socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  std::unique_ptr<Fd> accepted_;
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

// The port test must run in the kernel, not only in SocketMatches afterwards:
// a raw dump carrying the bytecode returns only the sockets on that port.
TEST_F(SockDiagNetlinkTest, KernelAppliesThePortBytecode) {
  Fd nl(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  ASSERT_GE(nl.get(), 0) << std::strerror(errno);
  const DumpRequest request{Protocol::kTcp, AddressFamily::kIpv4, 0x1ffe,
                            Port(server_), 1};
  const std::vector<uint8_t> bytes = BuildDumpRequest(request);
  ASSERT_EQ(send(nl.get(), bytes.data(), bytes.size(), 0),
            static_cast<ssize_t>(bytes.size()));
  std::vector<Socket> sockets;
  std::vector<uint8_t> buffer(32 * 1024);
  for (bool done = false; !done;) {
    const ssize_t got = recv(nl.get(), buffer.data(), buffer.size(), 0);
    ASSERT_GT(got, 0) << std::strerror(errno);
    absl::StatusOr<bool> parsed = ParseDumpReply(
        request, absl::Span<const uint8_t>(buffer.data(), got), &sockets);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    done = *parsed;
  }
  std::vector<std::string> described;
  for (const Socket& s : sockets) described.push_back(Describe(s));
  std::sort(described.begin(), described.end());
  EXPECT_EQ(described, ServerSide());
}

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
  uint16_t port;
  {
    Fd probe(BoundLoopback(AF_INET, SOCK_STREAM));
    ASSERT_GE(probe.get(), 0);
    port = Port(probe);
  }  // Closed: a listener that never accepted leaves no TIME_WAIT behind.
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
