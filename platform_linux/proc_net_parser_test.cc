// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests of the /proc/net/{tcp,tcp6,udp,udp6} parsers on literal lines.

#include "platform_linux/proc_net_parser.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace pm::procfs {
namespace {

constexpr AddressFamily kV4 = AddressFamily::kIpv4;
constexpr AddressFamily kV6 = AddressFamily::kIpv6;

constexpr char kTcpHeader[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode                                       ";

constexpr char kLo[] = "0100007F:1F90";   // 127.0.0.1:8080
constexpr char kAny[] = "00000000:0000";  // 0.0.0.0:0
constexpr char kAny6[] = "00000000000000000000000000000000:0000";  // [::]:0

// A TCP line as get_tcp4_sock prints it, with the fields given.
std::string TcpLine(absl::string_view local, absl::string_view remote,
                    absl::string_view st, absl::string_view uid = "1000",
                    absl::string_view inode = "12345",
                    absl::string_view sl = "0:") {
  return absl::StrCat("   ", sl, " ", local, " ", remote, " ", st,
                      " 00000000:00000000 00:00000000 00000000  ", uid,
                      "        0 ", inode, " 1 0000000000000000 100 0 0 10 0");
}

TEST(ProcNetFileNameTest, NamesEachFile) {
  EXPECT_EQ(ProcNetFileName(Protocol::kTcp, kV4), "tcp");
  EXPECT_EQ(ProcNetFileName(Protocol::kTcp, kV6), "tcp6");
  EXPECT_EQ(ProcNetFileName(Protocol::kUdp, kV4), "udp");
  EXPECT_EQ(ProcNetFileName(Protocol::kUdp, kV6), "udp6");
}

// Lines as the kernel prints them, and what each must parse to.
TEST(ParseProcNetLineTest, KernelLines) {
  const struct {
    const char* line;
    Protocol protocol;
    AddressFamily family;
    const char* local;
    const char* remote;
    SocketState state;
    Uid uid;
    uint64_t inode;
  } kCases[] = {
      // get_tcp4_sock: 127.0.0.1:8080 LISTEN (state 0A).
      {"   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
       "00000000  1000        0 12345 1 0000000000000000 100 0 0 10 0",
       Protocol::kTcp, kV4, "127.0.0.1:8080", "0.0.0.0:*", SocketState::kListen,
       1000, 12345},
      // get_tcp4_sock: 192.168.1.20:50000 -> 93.184.216.34:443.
      {"  12: 1401A8C0:C350 22D8B85D:01BB 01 00000000:00000000 02:000A7B2C "
       "00000000   501        0 987654321 2 0000000000000000 20 4 30 10 -1",
       Protocol::kTcp, kV4, "192.168.1.20:50000", "93.184.216.34:443",
       SocketState::kEstablished, 501, 987654321},
      // get_timewait4_sock: uid 0, inode 0, fewer trailing fields.
      {"   3: 0100007F:1F90 0100007F:C352 06 00000000:00000000 03:000016A0 "
       "00000000     0        0 0 3 0000000000000000",
       Protocol::kTcp, kV4, "127.0.0.1:8080", "127.0.0.1:50002",
       SocketState::kTimeWait, 0, 0},
      // get_tcp6_sock: [::1]:8080 LISTEN.
      {"   0: 00000000000000000000000001000000:1F90 "
       "00000000000000000000000000000000:0000 0A 00000000:00000000 "
       "00:00000000 00000000  1000        0 7197 1 0000000000000000 100 0 0 "
       "10 0",
       Protocol::kTcp, kV6, "[::1]:8080", "[::]:*", SocketState::kListen, 1000,
       7197},
      // udp4_format_sock: a bound mDNS socket (st 07 -> UNCONN).
      {"  123: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 "
       "00000000   104        0 20775 2 0000000000000000 0",
       Protocol::kUdp, kV4, "0.0.0.0:5353", "0.0.0.0:*",
       SocketState::kUnconnected, 104, 20775},
      // udp4_format_sock: a connect()ed socket (st 01 -> ESTABLISHED).
      {"  200: 0100007F:A41F 3500007F:0035 01 00000000:00000000 00:00000000 "
       "00000000  1000        0 31337 2 0000000000000000 0",
       Protocol::kUdp, kV4, "127.0.0.1:42015", "127.0.0.53:53",
       SocketState::kEstablished, 1000, 31337},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.line);
    absl::StatusOr<Socket> s = ParseProcNetLine(c.line, c.protocol, c.family);
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_EQ(s->protocol, c.protocol);
    EXPECT_EQ(s->family(), c.family);
    EXPECT_EQ(s->local.ToString(), c.local);
    EXPECT_EQ(s->remote.ToString(true), c.remote);
    EXPECT_EQ(s->state, c.state);
    EXPECT_EQ(s->uid, c.uid);
    EXPECT_EQ(s->inode, c.inode);
    EXPECT_TRUE(s->owners.empty());
    EXPECT_EQ(s->owner_visibility, OwnerVisibility::kNotResolved);
  }
}

TEST(ParseProcNetLineTest, EveryTcpState) {
  const SocketState kWant[] = {
      SocketState::kEstablished, SocketState::kSynSent,
      SocketState::kSynRecv,     SocketState::kFinWait1,
      SocketState::kFinWait2,    SocketState::kTimeWait,
      SocketState::kClose,       SocketState::kCloseWait,
      SocketState::kLastAck,     SocketState::kListen,
      SocketState::kClosing,     SocketState::kNewSynRecv,
  };
  for (int st = 1; st <= 12; ++st) {
    SCOPED_TRACE(st);
    absl::StatusOr<Socket> s = ParseProcNetLine(
        TcpLine("0100007F:1F90", "0100007F:C350", absl::StrFormat("%02X", st)),
        Protocol::kTcp, kV4);
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_EQ(s->state, kWant[st - 1]);
  }
}

TEST(ParseProcNetLineTest, UnknownStateNumbersAreNotErrors) {
  for (absl::string_view st : {"00", "0D", "FF", "0e"}) {
    SCOPED_TRACE(st);
    absl::StatusOr<Socket> s =
        ParseProcNetLine(TcpLine(kLo, kAny, st), Protocol::kTcp, kV4);
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_EQ(s->state, SocketState::kUnknown);
  }
  // A TCP-only number such as LISTEN means nothing for UDP.
  absl::StatusOr<Socket> s = ParseProcNetLine(
      TcpLine("00000000:0035", kAny, "0A"), Protocol::kUdp, kV4);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->state, SocketState::kUnknown);
}

TEST(ParseProcNetLineTest, Ipv6AnyV4MappedAndGlobal) {
  // Each 32-bit word of the address has its bytes reversed.
  const struct {
    const char* local;
    const char* remote;
    const char* want_local;
    const char* want_remote;
  } kCases[] = {
      {"00000000000000000000000000000000:0016", kAny6, "[::]:22", "[::]:*"},
      {"0000000000000000FFFF00000100007F:1F90",
       "0000000000000000FFFF00000100007F:C350", "[::ffff:127.0.0.1]:8080",
       "[::ffff:127.0.0.1]:50000"},
      {"B80D0120000000000000000005000000:01BB",
       "000080FE000000000000000001000000:D431", "[2001:db8::5]:443",
       "[fe80::1]:54321"},
  };
  for (const auto& c : kCases) {
    absl::StatusOr<Socket> s =
        ParseProcNetLine(TcpLine(c.local, c.remote, "01"), Protocol::kTcp, kV6);
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_EQ(s->family(), kV6);
    EXPECT_EQ(s->local.ToString(), c.want_local);
    EXPECT_EQ(s->remote.ToString(true), c.want_remote);
  }
}

void ExpectInvalid(absl::string_view line, AddressFamily family,
                   absl::string_view want_message) {
  absl::StatusOr<Socket> s = ParseProcNetLine(line, Protocol::kTcp, family);
  ASSERT_FALSE(s.ok()) << line;
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(), want_message);
}

TEST(ParseProcNetLineTest, MalformedLinesAreInvalidArgument) {
  ExpectInvalid("", kV4, "expected at least 10 fields, got 0");
  ExpectInvalid("   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000", kV4,
                "expected at least 10 fields, got 5");
  ExpectInvalid(TcpLine("0100007G:1F90", kAny, "0A"), kV4,
                "local address '0100007G:1F90': 'G' is not a hex digit");
  ExpectInvalid(TcpLine("0100007F:1F9Z", kAny, "0A"), kV4,
                "local address '0100007F:1F9Z': port: 'Z' is not a hex digit");
  ExpectInvalid(TcpLine("0100007F:10000", kAny, "0A"), kV4,
                "local address '0100007F:10000': port above 0xFFFF");
  ExpectInvalid(TcpLine("0100007F:", kAny, "0A"), kV4,
                "local address '0100007F:': port: empty");
  ExpectInvalid(TcpLine("0100007F1F90", kAny, "0A"), kV4,
                "local address '0100007F1F90': expected ADDRESS:PORT in hex");
  ExpectInvalid(TcpLine(kLo, "0000000:0000", "0A"), kV4,
                "remote address '0000000:0000': expected 8 hex digits for "
                "IPv4, got 7");
  ExpectInvalid(TcpLine(kLo, kAny, "0G"), kV4,
                "state '0G': 'G' is not a hex digit");
  ExpectInvalid(TcpLine(kLo, kAny, "0A", "-1"), kV4,
                "uid '-1': '-' is not a decimal digit");
  ExpectInvalid(TcpLine(kLo, kAny, "0A", "4294967296"), kV4,
                "uid '4294967296': above 2^32-1");
  ExpectInvalid(TcpLine(kLo, kAny, "0A", "1000", "12x45"), kV4,
                "inode '12x45': 'x' is not a decimal digit");
  ExpectInvalid(TcpLine(kLo, kAny, "0A", "1000", "1", "0"), kV4,
                "sl '0': expected a decimal number and ':'");
  ExpectInvalid(TcpLine(kLo, kAny, "0A", "1000", "1", "x:"), kV4,
                "sl 'x:': expected a decimal number and ':'");
}

TEST(ParseProcNetLineTest, WrongAddressLengthForFamily) {
  // 33 digits for IPv6; then an IPv4 line read as tcp6 and the reverse.
  ExpectInvalid(TcpLine("000000000000000000000000010000000:1F90", kAny6, "0A"),
                kV6,
                "local address '000000000000000000000000010000000:1F90': "
                "expected 32 hex digits for IPv6, got 33");
  ExpectInvalid(TcpLine(kLo, kAny, "0A"), kV6,
                "local address '0100007F:1F90': expected 32 hex digits for "
                "IPv6, got 8");
  ExpectInvalid(TcpLine("00000000000000000000000001000000:1F90", kAny6, "0A"),
                kV4,
                "local address '00000000000000000000000001000000:1F90': "
                "expected 8 hex digits for IPv4, got 32");
}

TEST(ParseProcNetTest, ParsesEveryLineInOrderSkippingBlankLines) {
  absl::StatusOr<std::vector<Socket>> header_only =
      ParseProcNet(absl::StrCat(kTcpHeader, "\n"), Protocol::kTcp, kV4);
  ASSERT_TRUE(header_only.ok()) << header_only.status();
  EXPECT_TRUE(header_only->empty());

  std::string text =
      absl::StrCat(kTcpHeader, "\n", TcpLine(kLo, kAny, "0A"), "\n\n",
                   TcpLine("00000000:0016", "00000000:0000", "0A"), "   \n");
  absl::StatusOr<std::vector<Socket>> s =
      ParseProcNet(text, Protocol::kTcp, kV4);
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0].local.ToString(), "127.0.0.1:8080");
  EXPECT_EQ((*s)[1].local.ToString(), "0.0.0.0:22");
}

TEST(ParseProcNetTest, EmptyTextOrBadHeaderIsInvalid) {
  absl::StatusOr<std::vector<Socket>> s = ParseProcNet("", Protocol::kUdp, kV6);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(),
            "/proc/net/udp6 line 1: expected the header (\"sl  local_address "
            "...\"), got ''");

  s = ParseProcNet(TcpLine(kLo, kAny, "0A"), Protocol::kTcp, kV4);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(),
            "/proc/net/tcp line 1: expected the header (\"sl  local_address "
            "...\"), got '   0: 0100007F:1F90 00000000:0000 0A 000'");
}

TEST(ParseProcNetTest, ErrorNamesSourceAndLine) {
  std::string text = absl::StrCat(kTcpHeader, "\n", TcpLine(kLo, kAny, "0A"),
                                  "\n", TcpLine(kLo, kAny, "0X"), "\n");
  absl::StatusOr<std::vector<Socket>> s =
      ParseProcNet(text, Protocol::kTcp, kV4);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(),
            "/proc/net/tcp line 3: state '0X': 'X' is not a hex digit");

  s = ParseProcNet(text, Protocol::kTcp, kV4, "/tmp/root/net/tcp");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "/tmp/root/net/tcp line 3: state '0X': 'X' is not a hex digit");

  // A truncated last line (a short read of the file).
  s = ParseProcNet(absl::StrCat(kTcpHeader, "\n\n   1: 0100007F:1F91 000"),
                   Protocol::kTcp, kV4);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "/proc/net/tcp line 3: expected at least 10 fields, got 3");
}

TEST(ParseProcNetTest, GarbageNeverCrashes) {
  // Every prefix of a valid line is either parsed or rejected, never a crash.
  std::string line =
      TcpLine("0000000000000000FFFF00000100007F:1F90", kAny6, "0A");
  const size_t inode_start = line.find(" 12345 ") + 1;
  for (size_t n = 0; n <= line.size(); ++n) {
    SCOPED_TRACE(n);
    absl::StatusOr<Socket> s =
        ParseProcNetLine(line.substr(0, n), Protocol::kTcp, kV6);
    if (n <= inode_start) {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
    } else {
      ASSERT_TRUE(s.ok()) << s.status();
    }
  }
  for (absl::string_view junk : {":", "::::", "\t\t\t", "sl", "0: : : : : :"}) {
    EXPECT_FALSE(ParseProcNetLine(junk, Protocol::kUdp, kV4).ok()) << junk;
  }
}

}  // namespace
}  // namespace pm::procfs
