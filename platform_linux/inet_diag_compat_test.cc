// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for the codec's TCPDIAG_GETSOCK dumps (TCP of both families in one
// request) and for the kernel errno it reports, on hand-built bytes.

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "platform_linux/inet_diag_codec.h"
#include "platform_linux/inet_diag_test_util.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::Cat;
using ::pm::procfs::testing::DiagMsg;
using ::pm::procfs::testing::Int32Payload;
using ::pm::procfs::testing::Nlmsg;

// Appends `value` in host byte order, as netlink headers carry it.
template <typename T>
void Host(T value, std::vector<uint8_t>* out) {
  uint8_t b[sizeof(T)];
  std::memcpy(b, &value, sizeof(T));
  out->insert(out->end(), b, b + sizeof(T));
}

// The bytes a TCPDIAG_GETSOCK dump request must have: nlmsghdr, then struct
// inet_diag_req {family, src_len, dst_len, ext; id; states; dbs}.
std::vector<uint8_t> CompatRequest(uint32_t len, uint32_t seq,
                                   std::vector<uint8_t> sport,
                                   uint32_t states) {
  std::vector<uint8_t> b;
  Host<uint32_t>(len, &b);
  Host<uint16_t>(18, &b);     // TCPDIAG_GETSOCK
  Host<uint16_t>(0x301, &b);  // NLM_F_REQUEST | NLM_F_DUMP
  Host<uint32_t>(seq, &b);
  Host<uint32_t>(0, &b);                          // nlmsg_pid: the kernel
  b.insert(b.end(), {0, 0, 0, 0});                // AF_UNSPEC, 0, 0, no ext
  b.insert(b.end(), sport.begin(), sport.end());  // idiag_sport, big-endian
  b.insert(b.end(), 46, 0);  // dport, src, dst, if, cookie: all 0
  Host<uint32_t>(states, &b);
  Host<uint32_t>(0, &b);  // idiag_dbs
  return b;
}

TEST(InetDiagCompatTest, RequestWithPortCarriesItInTheIdAndTheBytecode) {
  const DumpRequest request{Protocol::kTcp, AddressFamily::kIpv6,
                            1u << 10,       uint16_t{8080},
                            /*seq=*/7,      DumpFormat::kTcpBothFamilies};
  std::vector<uint8_t> want = CompatRequest(96, 7, {0x1f, 0x90}, 1u << 10);
  Host<uint16_t>(20, &want);  // nla_len: header + 16 bytes of bytecode
  Host<uint16_t>(1, &want);   // INET_DIAG_REQ_BYTECODE
  const std::vector<uint8_t> bytecode = SourcePortBytecode(8080);
  want.insert(want.end(), bytecode.begin(), bytecode.end());
  ASSERT_EQ(want.size(), 96u);
  EXPECT_EQ(BuildDumpRequest(request), want);
  EXPECT_EQ(sizeof(inet_diag_req), 60u);
}

TEST(InetDiagCompatTest, RequestWithoutPortHasAZeroId) {
  const DumpRequest request{Protocol::kTcp, AddressFamily::kIpv4,
                            0x1ffe,         std::nullopt,
                            /*seq=*/3,      DumpFormat::kTcpBothFamilies};
  EXPECT_EQ(BuildDumpRequest(request), CompatRequest(76, 3, {0, 0}, 0x1ffe));
}

TEST(InetDiagCompatTest, DumpNames) {
  EXPECT_EQ(DumpName({Protocol::kTcp, AddressFamily::kIpv4, 0, std::nullopt, 0,
                      DumpFormat::kTcpBothFamilies}),
            "tcp+tcp6");
  EXPECT_EQ(
      DumpName({Protocol::kUdp, AddressFamily::kIpv6, 0, std::nullopt, 0}),
      "udp6");
}

const std::vector<uint8_t> kLoopback4 = {127, 0, 0, 1};
const std::vector<uint8_t> kZero4 = {0, 0, 0, 0};
const std::vector<uint8_t> kLoopback6 = {0, 0, 0, 0, 0, 0, 0, 0,
                                         0, 0, 0, 0, 0, 0, 0, 1};
const DumpRequest kCompat{Protocol::kTcp,
                          AddressFamily::kIpv4,
                          0x1ffe,
                          std::nullopt,
                          9,
                          DumpFormat::kTcpBothFamilies};
const DumpRequest kTcp4{Protocol::kTcp, AddressFamily::kIpv4, 0x1ffe,
                        std::nullopt, 9};

// One compat reply datagram: a v4 listener, a v6 connection, a message of the
// other request type (to skip), then NLMSG_DONE.
std::vector<uint8_t> CompatReply() {
  return Cat({Nlmsg(TCPDIAG_GETSOCK, 9,
                    DiagMsg(AF_INET, 10, 8080, 0, kLoopback4, kZero4, 0, 100)),
              Nlmsg(TCPDIAG_GETSOCK, 9,
                    DiagMsg(AF_INET6, 1, 8080, 40000, kLoopback6, kLoopback6,
                            1000, 101)),
              Nlmsg(SOCK_DIAG_BY_FAMILY, 9,
                    DiagMsg(AF_INET, 10, 22, 0, kLoopback4, kZero4, 0, 102)),
              Nlmsg(NLMSG_DONE, 9, {0, 0, 0, 0})});
}

std::string Describe(const Socket& s) {
  return absl::StrCat(ProtocolName(s.protocol), " ", s.local.ToString(), " ",
                      s.remote.ToString(), " ", SocketStateName(s.state),
                      " uid=", s.uid.value_or(4242), " inode=", s.inode);
}

TEST(InetDiagCompatTest, CompatReplyGivesBothFamilies) {
  std::vector<Socket> sockets;
  int kernel_errno = -1;
  absl::StatusOr<bool> done =
      ParseDumpReply(kCompat, CompatReply(), &sockets, &kernel_errno);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(*done);
  EXPECT_EQ(kernel_errno, 0);
  ASSERT_EQ(sockets.size(), 2u);
  EXPECT_EQ(Describe(sockets[0]),
            "tcp 127.0.0.1:8080 0.0.0.0:0 LISTEN uid=0 inode=100");
  EXPECT_EQ(Describe(sockets[1]),
            "tcp [::1]:8080 [::1]:40000 ESTABLISHED uid=1000 inode=101");
}

TEST(InetDiagCompatTest, PerFamilyRequestSkipsCompatMessages) {
  std::vector<Socket> sockets;
  absl::StatusOr<bool> done = ParseDumpReply(kTcp4, CompatReply(), &sockets);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(*done);
  ASSERT_EQ(sockets.size(), 1u);
  EXPECT_EQ(Describe(sockets[0]),
            "tcp 127.0.0.1:22 0.0.0.0:0 LISTEN uid=0 inode=102");
}

// Parses `datagram` as the reply to `request`; returns the status and sets
// `*kernel_errno`.
absl::Status Parse(const DumpRequest& request,
                   const std::vector<uint8_t>& datagram, int* kernel_errno) {
  std::vector<Socket> sockets;
  absl::Status status =
      ParseDumpReply(request, datagram, &sockets, kernel_errno).status();
  EXPECT_TRUE(sockets.empty());
  return status;
}

TEST(InetDiagCompatTest, RefusalsAreUnimplementedAndGiveTheErrno) {
  int e = -1;
  absl::Status s =
      Parse(kCompat, Nlmsg(NLMSG_ERROR, 9, Int32Payload(-EOPNOTSUPP)), &e);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(),
            "sock_diag dump tcp+tcp6: Operation not supported (EOPNOTSUPP): "
            "the kernel does not take TCPDIAG_GETSOCK dumps");
  EXPECT_EQ(e, EOPNOTSUPP);

  s = Parse(kCompat, Nlmsg(NLMSG_ERROR, 9, Int32Payload(-EINVAL)), &e);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(),
            "sock_diag dump tcp+tcp6: Invalid argument (EINVAL): the kernel "
            "does not take TCPDIAG_GETSOCK dumps");
  EXPECT_EQ(e, EINVAL);

  s = Parse(kCompat, Nlmsg(NLMSG_DONE, 9, Int32Payload(-ENOENT)), &e);
  EXPECT_EQ(s.message(),
            "sock_diag dump tcp+tcp6: No such file or directory (ENOENT): the "
            "kernel has no tcp_diag support");
  EXPECT_EQ(e, ENOENT);
}

TEST(InetDiagCompatTest, OtherErrorsKeepTheirCodes) {
  int e = -1;
  absl::Status s =
      Parse(kCompat, Nlmsg(NLMSG_ERROR, 9, Int32Payload(-EACCES)), &e);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(e, EACCES);
  // EINVAL for a per-family dump is a bad request, not a missing feature.
  s = Parse(kTcp4, Nlmsg(NLMSG_ERROR, 9, Int32Payload(-EINVAL)), &e);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "sock_diag dump tcp: Invalid argument (EINVAL)");
  EXPECT_EQ(e, EINVAL);
  // A reply we cannot decode is not the kernel's error: no errno.
  s = Parse(kCompat, std::vector<uint8_t>(10, 0), &e);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(e, 0);
}

}  // namespace
}  // namespace pm::procfs
