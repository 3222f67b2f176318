// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Live tests: the one-walk TCP dump (TCPDIAG_GETSOCK) and the per-family
// dumps give the same sockets; the kernel applies each port filter alone.

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "gtest/gtest.h"
#include "platform_linux/inet_diag_codec.h"
#include "platform_linux/sock_diag_netlink.h"
#include "platform_linux/sock_diag_test_util.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::CleanPort;
using ::pm::procfs::testing::EndpointOf;
using ::pm::procfs::testing::Fd;
using ::pm::procfs::testing::LoopbackSocket;
using ::pm::procfs::testing::SocketInode;

// Connects `client` to the address `listener` listens on.
int Connect(const Fd& client, const Fd& listener) {
  sockaddr_storage to{};
  socklen_t len = sizeof(to);
  auto* addr = reinterpret_cast<sockaddr*>(&to);
  if (getsockname(listener.get(), addr, &len) != 0) return -1;
  return connect(client.get(), addr, len);
}

std::string Describe(const Socket& s) {
  return absl::StrCat(ProtocolName(s.protocol), " ", s.local.ToString(), " ",
                      s.remote.ToString(), " ", SocketStateName(s.state),
                      " uid=", s.uid ? int64_t{*s.uid} : -1,
                      " inode=", s.inode);
}

std::vector<std::string> Describe(const std::vector<Socket>& sockets) {
  std::vector<std::string> out;
  for (const Socket& s : sockets) out.push_back(Describe(s));
  return out;
}

class SockDiagCompatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SockDiagOptions per_family;
    per_family.tcp_one_dump_for_both_families = false;
    auto one = SockDiagSocketSource::Create();
    auto two = SockDiagSocketSource::Create(per_family);
    ASSERT_TRUE(one.ok()) << one.status();
    ASSERT_TRUE(two.ok()) << two.status();
    one_dump_ = *std::move(one);
    per_family_ = *std::move(two);
    // Listeners and UDP sockets on 127.0.0.1:P and [::1]:P, a P no other
    // socket holds, and a connection to each listener: the accepted end is
    // ESTABLISHED on P.
    port_ = CleanPort();
    ASSERT_NE(port_, 0);
    tcp4_ = LoopbackSocket(AF_INET, SOCK_STREAM, port_);
    tcp6_ = LoopbackSocket(AF_INET6, SOCK_STREAM, port_);
    udp4_ = LoopbackSocket(AF_INET, SOCK_DGRAM, port_);
    udp6_ = LoopbackSocket(AF_INET6, SOCK_DGRAM, port_);
    for (const Fd* fd : {&tcp4_, &tcp6_, &udp4_, &udp6_}) {
      ASSERT_GE(fd->get(), 0) << std::strerror(errno);
    }
    for (int family : {AF_INET, AF_INET6}) {
      const Fd& listener = family == AF_INET ? tcp4_ : tcp6_;
      Fd& client = family == AF_INET ? client4_ : client6_;
      client = LoopbackSocket(family, SOCK_STREAM, CleanPort(), false);
      ASSERT_EQ(Connect(client, listener), 0) << std::strerror(errno);
      Fd& accepted = family == AF_INET ? accepted4_ : accepted6_;
      accepted = Fd(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
      ASSERT_GE(accepted.get(), 0) << std::strerror(errno);
    }
  }

  // What a source must report for `fd` (all of ours belong to this uid).
  std::string Expected(Protocol protocol, const Fd& fd, bool v6,
                       SocketState state, const Fd* peer = nullptr) const {
    const std::string host = v6 ? "[::1]" : "127.0.0.1";
    const std::string any = v6 ? "[::]:0" : "0.0.0.0:0";
    return absl::StrCat(
        ProtocolName(protocol), " ", host, ":", port_, " ",
        peer != nullptr ? absl::StrCat(host, ":", EndpointOf(peer->get()).port)
                        : any,
        " ", SocketStateName(state), " uid=", getuid(),
        " inode=", SocketInode(fd.get()));
  }
  std::string Listener(bool v6) const {
    return Expected(Protocol::kTcp, v6 ? tcp6_ : tcp4_, v6,
                    SocketState::kListen);
  }
  std::string Connection(bool v6) const {
    return Expected(Protocol::kTcp, v6 ? accepted6_ : accepted4_, v6,
                    SocketState::kEstablished, v6 ? &client6_ : &client4_);
  }
  std::string Udp(bool v6) const {
    return Expected(Protocol::kUdp, v6 ? udp6_ : udp4_, v6,
                    SocketState::kUnconnected);
  }

  static std::vector<std::string> List(SockDiagSocketSource& source,
                                       const SocketQuery& query) {
    absl::StatusOr<std::vector<Socket>> sockets = source.List(query);
    EXPECT_TRUE(sockets.ok()) << sockets.status();
    return sockets.ok() ? Describe(*sockets) : std::vector<std::string>{};
  }

  std::unique_ptr<SockDiagSocketSource> one_dump_, per_family_;
  uint16_t port_ = 0;
  Fd tcp4_, tcp6_, udp4_, udp6_, client4_, client6_, accepted4_, accepted6_;
};

TEST_F(SockDiagCompatTest, OnePortEveryStateSameSocketsSameOrder) {
  SocketQuery query;
  query.local_port = port_;
  // TCP v4 then v6, each listeners before connections (the kernel walks the
  // listening hash first), then UDP v4, v6.
  const std::vector<std::string> want = {Listener(false), Connection(false),
                                         Listener(true),  Connection(true),
                                         Udp(false),      Udp(true)};
  EXPECT_EQ(List(*one_dump_, query), want);
  EXPECT_EQ(List(*per_family_, query), want);
  EXPECT_TRUE(one_dump_->tcp_one_dump_for_both_families());
  EXPECT_FALSE(per_family_->tcp_one_dump_for_both_families());
}

TEST_F(SockDiagCompatTest, OnePortListeningAndOneFamily) {
  SocketQuery query;
  query.local_port = port_;
  query.states = SocketStateSet::Listening();
  const std::vector<std::string> listening = {Listener(false), Listener(true),
                                              Udp(false), Udp(true)};
  EXPECT_EQ(List(*one_dump_, query), listening);
  EXPECT_EQ(List(*per_family_, query), listening);
  query.states = SocketStateSet::All();
  query.ipv6 = false;  // One family: a per-family dump on either source.
  const std::vector<std::string> v4 = {Listener(false), Connection(false),
                                       Udp(false)};
  EXPECT_EQ(List(*one_dump_, query), v4);
  EXPECT_EQ(List(*per_family_, query), v4);
  query.tcp = false;
  query.ipv6 = true;
  EXPECT_EQ(List(*one_dump_, query),
            (std::vector<std::string>{Udp(false), Udp(true)}));
}

// The whole table, every state and listening only. Other processes open and
// close sockets meanwhile, so the one-dump listing is compared with two
// per-family listings taken around it that agree with each other.
TEST_F(SockDiagCompatTest, WholeTableSameSocketsSameOrder) {
  SocketQuery listening;
  listening.states = SocketStateSet::Listening();
  for (const SocketQuery& query : {SocketQuery{}, listening}) {
    std::vector<std::string> before, one, after;
    for (int round = 0; round < 50; ++round) {
      before = List(*per_family_, query);
      one = List(*one_dump_, query);
      after = List(*per_family_, query);
      if (before == after && before == one) break;
    }
    EXPECT_EQ(before, after) << "the table never held still";
    EXPECT_EQ(one, before);
    for (const std::string& ours :
         {Listener(false), Listener(true), Udp(false), Udp(true)}) {
      EXPECT_EQ(std::count(one.begin(), one.end(), ours), 1) << ours;
    }
    EXPECT_EQ(std::count(one.begin(), one.end(), Connection(true)),
              query.states.IsAll() ? 1 : 0);
  }
}

// Sends `bytes` (a dump request for `request`) on a new netlink socket and
// returns the sockets of the reply, described and sorted (a raw
// both-families dump comes in the kernel's order, families mixed).
std::vector<std::string> RawDump(const DumpRequest& request,
                                 const std::vector<uint8_t>& bytes) {
  Fd nl(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  EXPECT_GE(nl.get(), 0) << std::strerror(errno);
  EXPECT_EQ(send(nl.get(), bytes.data(), bytes.size(), 0),
            static_cast<ssize_t>(bytes.size()));
  std::vector<Socket> sockets;
  std::vector<uint8_t> buffer(32 * 1024);
  for (bool done = false; !done;) {
    const ssize_t got = recv(nl.get(), buffer.data(), buffer.size(), 0);
    EXPECT_GT(got, 0) << std::strerror(errno);
    if (got <= 0) break;
    absl::StatusOr<bool> parsed = ParseDumpReply(
        request, absl::MakeConstSpan(buffer.data(), got), &sockets);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    done = !parsed.ok() || *parsed;
  }
  std::vector<std::string> described = Describe(sockets);
  std::sort(described.begin(), described.end());
  return described;
}

// Each filter alone must select the port in the kernel, in both formats:
// without the bytecode attribute (id.idiag_sport only), with the bytecode and
// a zero idiag_sport, and with both disagreeing (nothing passes).
TEST_F(SockDiagCompatTest, KernelAppliesIdiagSportAndBytecodeEachAlone) {
  for (DumpFormat format :
       {DumpFormat::kTcpBothFamilies, DumpFormat::kByFamily}) {
    const bool both = format == DumpFormat::kTcpBothFamilies;
    const DumpRequest request{
        Protocol::kTcp, AddressFamily::kIpv6, 0x1ffe, port_, 1, format};
    const std::vector<uint8_t> full = BuildDumpRequest(request);
    const size_t body = both ? 16 + 60 : 16 + 56;  // Header and request.
    ASSERT_EQ(full.size(), body + 20);
    std::vector<std::string> want = {Listener(true), Connection(true)};
    if (both) want.insert(want.end(), {Listener(false), Connection(false)});
    std::sort(want.begin(), want.end());

    std::vector<uint8_t> sport_only(full.begin(), full.begin() + body);
    const uint32_t len = static_cast<uint32_t>(body);
    std::memcpy(sport_only.data(), &len, sizeof(len));  // nlmsg_len
    EXPECT_EQ(RawDump(request, sport_only), want);

    const size_t sport_at = both ? 20 : 24;  // id.idiag_sport
    std::vector<uint8_t> bytecode_only = full;
    bytecode_only[sport_at] = bytecode_only[sport_at + 1] = 0;
    EXPECT_EQ(RawDump(request, bytecode_only), want);

    std::vector<uint8_t> disagree = full;
    const uint16_t other = htons(static_cast<uint16_t>(port_ ^ 1));
    std::memcpy(disagree.data() + sport_at, &other, sizeof(other));
    EXPECT_EQ(RawDump(request, disagree), std::vector<std::string>{});
  }
}

}  // namespace
}  // namespace pm::procfs
