// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for the inet_diag codec on hand-built bytes (no sockets).

#include "platform_linux/inet_diag_codec.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "platform_linux/inet_diag_test_util.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::Cat;
using ::pm::procfs::testing::DiagMsg;
using ::pm::procfs::testing::Int32Payload;
using ::pm::procfs::testing::LoadAt;
using ::pm::procfs::testing::Nlmsg;

// Runs INET_DIAG_BC port bytecode as net/ipv4/inet_diag.c inet_diag_bc_run()
// does, for a socket whose source port is `sport`.
bool RunPortBytecode(const std::vector<uint8_t>& bc, uint16_t sport) {
  int len = static_cast<int>(bc.size());
  size_t pc = 0;
  while (len > 0) {
    const auto op = LoadAt<inet_diag_bc_op>(bc, pc);
    const auto arg = LoadAt<inet_diag_bc_op>(bc, pc + 4);
    bool yes = true;
    if (op.code == INET_DIAG_BC_S_GE) yes = sport >= arg.no;
    if (op.code == INET_DIAG_BC_S_LE) yes = sport <= arg.no;
    const int step = yes ? op.yes : op.no;
    len -= step;
    pc += step;
  }
  return len == 0;
}

const std::vector<uint8_t> kLoopback4 = {127, 0, 0, 1};
const std::vector<uint8_t> kZero4 = {0, 0, 0, 0};
const std::vector<uint8_t> kLoopback6 = {0, 0, 0, 0, 0, 0, 0, 0,
                                         0, 0, 0, 0, 0, 0, 0, 1};
const std::vector<uint8_t> kMapped6 = {0, 0, 0,    0,    0,  0, 0, 0,
                                       0, 0, 0xff, 0xff, 10, 1, 2, 3};

TEST(InetDiagCodecTest, KernelStates) {
  using S = SocketState;
  const Protocol tcp = Protocol::kTcp, udp = Protocol::kUdp;
  EXPECT_EQ(SocketStateFromKernel(tcp, 10), S::kListen);
  EXPECT_EQ(SocketStateFromKernel(tcp, 12), S::kNewSynRecv);
  EXPECT_EQ(SocketStateFromKernel(tcp, 13), S::kUnknown);
  EXPECT_EQ(SocketStateFromKernel(udp, 7), S::kUnconnected);
  EXPECT_EQ(SocketStateFromKernel(udp, 1), S::kEstablished);
  EXPECT_EQ(SocketStateFromKernel(udp, 10), S::kUnknown);
  EXPECT_EQ(KernelStateMask(tcp, SocketStateSet::All()), 0x1ffeu);
  EXPECT_EQ(KernelStateMask(tcp, SocketStateSet::Listening()), 1u << 10);
  EXPECT_EQ(KernelStateMask(tcp, SocketStateSet::Of({S::kTimeWait})), 1u << 6);
  EXPECT_EQ(KernelStateMask(tcp, SocketStateSet::Of({S::kUnconnected})), 0u);
  EXPECT_EQ(KernelStateMask(udp, SocketStateSet::All()), (1u << 1) | (1u << 7));
  EXPECT_EQ(KernelStateMask(udp, SocketStateSet::Listening()), 1u << 7);
  EXPECT_EQ(KernelStateMask(udp, SocketStateSet::Of({S::kListen})), 0u);
}

TEST(InetDiagCodecTest, SourcePortBytecodeAcceptsOnlyThePort) {
  // {code, yes, no}: S_GE (2) jumps past the end on failure, S_LE (3) too;
  // each is followed by an op whose `no` holds the port in host order.
  const inet_diag_bc_op ops[] = {
      {2, 8, 20}, {0, 0, 8080}, {3, 8, 12}, {0, 0, 8080}};
  std::vector<uint8_t> want(sizeof(ops));
  std::memcpy(want.data(), ops, sizeof(ops));
  const std::vector<uint8_t> bc = SourcePortBytecode(8080);
  EXPECT_EQ(bc, want);
  EXPECT_TRUE(RunPortBytecode(bc, 8080));
  for (uint16_t p : {0, 1, 8079, 8081, 65535}) {
    EXPECT_FALSE(RunPortBytecode(bc, p)) << p;
  }
  EXPECT_TRUE(RunPortBytecode(SourcePortBytecode(65535), 65535));
}

// Checks the nlmsghdr and struct inet_diag_req_v2 opening a dump request,
// whose id holds `sport` (network order) and zeros.
void ExpectRequest(const std::vector<uint8_t>& bytes, uint32_t len,
                   uint32_t seq, uint8_t family, uint8_t protocol,
                   uint32_t states, std::vector<uint8_t> sport = {0, 0}) {
  ASSERT_EQ(bytes.size(), len);
  const auto h = LoadAt<nlmsghdr>(bytes, 0);
  EXPECT_EQ(h.nlmsg_len, len);
  EXPECT_EQ(h.nlmsg_type, 20);      // SOCK_DIAG_BY_FAMILY
  EXPECT_EQ(h.nlmsg_flags, 0x301);  // NLM_F_REQUEST | NLM_F_DUMP
  EXPECT_EQ(h.nlmsg_seq, seq);
  EXPECT_EQ(h.nlmsg_pid, 0u);
  // sdiag_family, sdiag_protocol, idiag_ext, pad; idiag_states; the id:
  // idiag_sport, then zeros (dport, addresses, interface, cookie).
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 16, bytes.begin() + 20),
            (std::vector<uint8_t>{family, protocol, 0, 0}));
  EXPECT_EQ(LoadAt<uint32_t>(bytes, 20), states);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 24, bytes.begin() + 26),
            sport);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 26, bytes.begin() + 72),
            std::vector<uint8_t>(46, 0));
}

TEST(InetDiagCodecTest, DumpRequests) {
  ExpectRequest(BuildDumpRequest({Protocol::kUdp, AddressFamily::kIpv6, 0x82,
                                  std::nullopt, 77}),
                72, 77, AF_INET6, IPPROTO_UDP, 0x82);
  const std::vector<uint8_t> bytes = BuildDumpRequest(
      {Protocol::kTcp, AddressFamily::kIpv4, 1u << 10, uint16_t{8080}, 5});
  // 8080 = 0x1f90, in network order in idiag_sport.
  ExpectRequest(bytes, 92, 5, AF_INET, IPPROTO_TCP, 1u << 10, {0x1f, 0x90});
  ASSERT_EQ(bytes.size(), 92u);
  const auto attr = LoadAt<nlattr>(bytes, 72);
  EXPECT_EQ(attr.nla_len, 20);
  EXPECT_EQ(attr.nla_type, 1);  // INET_DIAG_REQ_BYTECODE
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 76, bytes.end()),
            SourcePortBytecode(8080));
}

// Decodes `msg` and prints every field of the Socket ("" on error).
std::string Decode(Protocol protocol, const std::vector<uint8_t>& msg) {
  absl::StatusOr<Socket> s = DecodeInetDiagMsg(protocol, msg);
  EXPECT_TRUE(s.ok()) << s.status();
  if (!s.ok()) return "";
  return absl::StrCat(ProtocolName(s->protocol), " ", s->local.ToString(), " ",
                      s->remote.ToString(), " ", SocketStateName(s->state), " ",
                      AddressFamilyName(s->family()),
                      " uid=", s->uid.value_or(4242), " inode=", s->inode,
                      " owners=", s->owners.size(), " ",
                      OwnerVisibilityName(s->owner_visibility));
}

TEST(InetDiagCodecTest, DecodesTcp) {
  EXPECT_EQ(Decode(Protocol::kTcp, DiagMsg(AF_INET, 10, 8080, 0, kLoopback4,
                                           kZero4, 1000, 123456)),
            "tcp 127.0.0.1:8080 0.0.0.0:0 LISTEN IPv4 uid=1000 inode=123456 "
            "owners=0 not resolved");
  EXPECT_EQ(Decode(Protocol::kTcp, DiagMsg(AF_INET6, 1, 443, 51234, kLoopback6,
                                           kLoopback6, 0, 99)),
            "tcp [::1]:443 [::1]:51234 ESTABLISHED IPv6 uid=0 inode=99 "
            "owners=0 not resolved");
  // A v4-mapped address stays IPv6 (SocketMatches compares it unmapped).
  EXPECT_EQ(Decode(Protocol::kTcp,
                   DiagMsg(AF_INET6, 6, 80, 40000, kMapped6, kMapped6, 7, 0)),
            "tcp [::ffff:10.1.2.3]:80 [::ffff:10.1.2.3]:40000 TIME_WAIT IPv6 "
            "uid=7 inode=0 owners=0 not resolved");
}

TEST(InetDiagCodecTest, DecodesUdpStates) {
  EXPECT_EQ(Decode(Protocol::kUdp,
                   DiagMsg(AF_INET, 7, 53, 0, kLoopback4, kZero4, 1, 2)),
            "udp 127.0.0.1:53 0.0.0.0:0 UNCONN IPv4 uid=1 inode=2 owners=0 "
            "not resolved");
  EXPECT_EQ(Decode(Protocol::kUdp,
                   DiagMsg(AF_INET, 1, 5000, 53, kLoopback4, kLoopback4, 1, 3)),
            "udp 127.0.0.1:5000 127.0.0.1:53 ESTABLISHED IPv4 uid=1 inode=3 "
            "owners=0 not resolved");
}

const DumpRequest kTcp6Dump{Protocol::kTcp, AddressFamily::kIpv6, 0x1ffe,
                            std::nullopt, 9};

// A reply to kTcp6Dump: SOCK_DIAG_BY_FAMILY for a socket on [::1]:`sport`.
std::vector<uint8_t> Reply6(uint32_t seq, uint16_t sport, uint32_t inode) {
  return Nlmsg(
      SOCK_DIAG_BY_FAMILY, seq,
      DiagMsg(AF_INET6, 10, sport, 0, kLoopback6, kLoopback6, 0, inode));
}

absl::Status ParseStatus(const DumpRequest& request,
                         const std::vector<uint8_t>& datagram) {
  std::vector<Socket> sockets;
  absl::Status status = ParseDumpReply(request, datagram, &sockets).status();
  EXPECT_TRUE(sockets.empty());
  return status;
}

TEST(InetDiagCodecTest, ParsesSeveralMessagesThenDone) {
  std::vector<Socket> sockets;
  absl::StatusOr<bool> done = ParseDumpReply(
      kTcp6Dump, Cat({Reply6(9, 22, 10), Reply6(8, 23, 11), Reply6(9, 24, 12)}),
      &sockets);  // seq 8: left over from another dump, skipped
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_FALSE(*done);
  ASSERT_EQ(sockets.size(), 2u);
  EXPECT_EQ(sockets[0].local.ToString(), "[::1]:22");
  EXPECT_EQ(sockets[1].inode, 12u);

  done = ParseDumpReply(
      kTcp6Dump, Cat({Reply6(9, 80, 13), Nlmsg(NLMSG_DONE, 9, {0, 0, 0, 0})}),
      &sockets);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(*done);
  ASSERT_EQ(sockets.size(), 3u);
  EXPECT_EQ(sockets[2].local.ToString(), "[::1]:80");
}

TEST(InetDiagCodecTest, NlmsgErrorBecomesStatusNamingTheDump) {
  const absl::Status status =
      ParseStatus(kTcp6Dump, Nlmsg(NLMSG_ERROR, 9, Int32Payload(-EACCES)));
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(status.message(),
            "sock_diag dump tcp6: Permission denied (EACCES)");
  std::vector<Socket> sockets;  // An ack (error 0) ends the exchange.
  absl::StatusOr<bool> done = ParseDumpReply(
      kTcp6Dump, Nlmsg(NLMSG_ERROR, 9, Int32Payload(0)), &sockets);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(*done);
}

TEST(InetDiagCodecTest, MissingUdpDiagIsUnimplemented) {
  const DumpRequest udp{Protocol::kUdp, AddressFamily::kIpv4, 0x82,
                        std::nullopt, 3};
  const absl::Status status =
      ParseStatus(udp, Nlmsg(NLMSG_ERROR, 3, Int32Payload(-ENOENT)));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(status.message(),
            "sock_diag dump udp: No such file or directory (ENOENT): the "
            "kernel has no udp_diag support");
  // Failures inside a running dump come in NLMSG_DONE; -1 is EPERM.
  EXPECT_EQ(
      ParseStatus(udp, Nlmsg(NLMSG_DONE, 3, {0xff, 0xff, 0xff, 0xff})).code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      ParseStatus(udp, Nlmsg(NLMSG_DONE, 3, Int32Payload(-EOPNOTSUPP))).code(),
      absl::StatusCode::kUnimplemented);
}

TEST(InetDiagCodecTest, RejectsMalformedReplies) {
  std::vector<uint8_t> cut = Reply6(9, 22, 10);
  cut.resize(cut.size() - 20);  // ends in the middle of the message
  EXPECT_EQ(ParseStatus(kTcp6Dump, cut).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseStatus(kTcp6Dump, std::vector<uint8_t>(10, 0)).code(),
            absl::StatusCode::kInvalidArgument);  // shorter than a header
  EXPECT_EQ(ParseStatus(kTcp6Dump, Nlmsg(SOCK_DIAG_BY_FAMILY, 9, {1, 2, 3, 4}))
                .code(),
            absl::StatusCode::kInvalidArgument);  // not an inet_diag_msg
  EXPECT_EQ(DecodeInetDiagMsg(Protocol::kTcp,
                              DiagMsg(AF_UNIX, 10, 1, 0, kZero4, kZero4, 0, 0))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace pm::procfs
