// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// IsPortFree on the native backend against sockets the test holds (IPv4, IPv6,
// dual-stack, UDP), and its host parsing and family fallback on fakes.

#include "core/port_probe.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::pm::testing::NativeBackend;
using ::pm::testing::SocketSpec;
using ::pm::testing::TestSocket;

IpAddress Ip(const std::string& text) { return *IpAddress::Parse(text); }

std::string Addresses(const std::vector<IpAddress>& addresses) {
  return absl::StrJoin(
      addresses, ",",
      [](std::string* out, const IpAddress& a) { out->append(a.ToString()); });
}

// "free on [..] taken on [..]" (plus " skipped [..]" when any), or the error.
std::string Check(PortProber& prober, uint16_t port, const std::string& host,
                  Protocol protocol = Protocol::kTcp) {
  absl::StatusOr<PortAvailability> a = IsPortFree(prober, port, host, protocol);
  if (!a.ok()) return a.status().ToString();
  std::string text = absl::StrCat(a->free() ? "FREE" : "TAKEN", " free on [",
                                  Addresses(a->free_on), "] taken on [",
                                  Addresses(a->taken_on), "]");
  if (!a->skipped.empty()) {
    absl::StrAppend(&text, " skipped [", Addresses(a->skipped), "]");
  }
  return text;
}

TEST(ParseProbeHostTest, LocalhostIsBothLoopbacks) {
  absl::StatusOr<ProbeHost> host = ParseProbeHost("localhost");
  ASSERT_TRUE(host.ok()) << host.status();
  EXPECT_EQ(Addresses(host->addresses), "127.0.0.1,::1");
  EXPECT_TRUE(host->skip_missing_families);
}

TEST(ParseProbeHostTest, LiteralsWithAndWithoutBrackets) {
  EXPECT_EQ(Addresses(ParseProbeHost("[::1]")->addresses), "::1");
  EXPECT_EQ(Addresses(ParseProbeHost("::")->addresses), "::");
  EXPECT_EQ(Addresses(ParseProbeHost(" 0.0.0.0 ")->addresses), "0.0.0.0");
  EXPECT_FALSE(ParseProbeHost("10.1.2.3")->skip_missing_families);
}

TEST(ParseProbeHostTest, NamesAreRefused) {
  absl::StatusOr<ProbeHost> host = ParseProbeHost("example.com");
  EXPECT_TRUE(absl::IsInvalidArgument(host.status()));
  EXPECT_EQ(host.status().message(),
            "'example.com' is not a host pm can probe: give localhost or an IP "
            "address (127.0.0.1, ::1, 0.0.0.0, ::)");
  EXPECT_TRUE(absl::IsInvalidArgument(ParseProbeHost("").status()));
}

TEST(AddressesConflictTest, SameFamilyEqualOrWildcard) {
  EXPECT_TRUE(AddressesConflict(Ip("127.0.0.1"), Ip("127.0.0.1")));
  EXPECT_TRUE(AddressesConflict(Ip("0.0.0.0"), Ip("127.0.0.1")));
  EXPECT_TRUE(AddressesConflict(Ip("127.0.0.1"), Ip("0.0.0.0")));
  EXPECT_FALSE(AddressesConflict(Ip("127.0.0.1"), Ip("127.0.0.2")));
  EXPECT_TRUE(AddressesConflict(Ip("::"), Ip("::1")));
  EXPECT_FALSE(AddressesConflict(Ip("::1"), Ip("127.0.0.1")));
  // Dual-stack "::" wanted meets IPv4 holders; a v4-mapped holder is IPv4.
  EXPECT_TRUE(AddressesConflict(Ip("127.0.0.1"), Ip("::")));
  EXPECT_TRUE(AddressesConflict(Ip("::ffff:127.0.0.1"), Ip("127.0.0.1")));
  // An IPv6 wildcard holder may be v6-only: not certain.
  EXPECT_FALSE(AddressesConflict(Ip("::"), Ip("127.0.0.1")));
}

struct HolderCase {
  std::string name;
  SocketSpec holder;
  // Expected Check() for localhost, 127.0.0.1, ::1, 0.0.0.0.
  std::string localhost, loopback4, loopback6, any4;
};

class IsPortFreeHolderTest : public ::testing::TestWithParam<HolderCase> {};

TEST_P(IsPortFreeHolderTest, TakenExactlyWhereABindFails) {
  const HolderCase& c = GetParam();
  std::unique_ptr<Backend> backend = NativeBackend();
  ASSERT_NE(backend, nullptr);
  TestSocket held(c.holder);
  ASSERT_TRUE(held.ok());
  const uint16_t port = held.port();
  const Protocol protocol = c.holder.protocol;
  EXPECT_EQ(Check(backend->ports(), port, "localhost", protocol), c.localhost);
  EXPECT_EQ(Check(backend->ports(), port, "127.0.0.1", protocol), c.loopback4);
  EXPECT_EQ(Check(backend->ports(), port, "::1", protocol), c.loopback6);
  EXPECT_EQ(Check(backend->ports(), port, "0.0.0.0", protocol), c.any4);
}

SocketSpec Spec(std::string address, Protocol protocol = Protocol::kTcp,
                bool v6only = true) {
  SocketSpec spec;
  spec.address = std::move(address);
  spec.protocol = protocol;
  spec.v6only = v6only;
  spec.reuseaddr = protocol == Protocol::kTcp;
  return spec;
}

const char kBoth[] = "TAKEN free on [] taken on [127.0.0.1,::1]";
const char kOnly4[] = "TAKEN free on [::1] taken on [127.0.0.1]";
const char kOnly6[] = "TAKEN free on [127.0.0.1] taken on [::1]";
const char kTaken4[] = "TAKEN free on [] taken on [127.0.0.1]";
const char kFree4[] = "FREE free on [127.0.0.1] taken on []";
const char kTaken6[] = "TAKEN free on [] taken on [::1]";
const char kFree6[] = "FREE free on [::1] taken on []";
const char kTakenAny4[] = "TAKEN free on [] taken on [0.0.0.0]";
const char kFreeAny4[] = "FREE free on [0.0.0.0] taken on []";

INSTANTIATE_TEST_SUITE_P(
    Holders, IsPortFreeHolderTest,
    ::testing::Values(HolderCase{"tcp_loopback4", Spec("127.0.0.1"), kOnly4,
                                 kTaken4, kFree6, kTakenAny4},
                      HolderCase{"tcp_any4", Spec("0.0.0.0"), kOnly4, kTaken4,
                                 kFree6, kTakenAny4},
                      HolderCase{"tcp_loopback6", Spec("::1"), kOnly6, kFree4,
                                 kTaken6, kFreeAny4},
                      HolderCase{"tcp_any6_v6only", Spec("::"), kOnly6, kFree4,
                                 kTaken6, kFreeAny4},
                      HolderCase{"tcp_any6_dual_stack",
                                 Spec("::", Protocol::kTcp, /*v6only=*/false),
                                 kBoth, kTaken4, kTaken6, kTakenAny4},
                      HolderCase{"udp_loopback4",
                                 Spec("127.0.0.1", Protocol::kUdp), kOnly4,
                                 kTaken4, kFree6, kTakenAny4},
                      HolderCase{"udp_loopback6", Spec("::1", Protocol::kUdp),
                                 kOnly6, kFree4, kTaken6, kFreeAny4},
                      HolderCase{"udp_any6_dual_stack",
                                 Spec("::", Protocol::kUdp, /*v6only=*/false),
                                 kBoth, kTaken4, kTaken6, kTakenAny4}),
    [](const ::testing::TestParamInfo<HolderCase>& param) {
      return param.param.name;
    });

TEST(IsPortFreeTest, UnheldPortIsFreeOnBothLoopbacks) {
  std::unique_ptr<Backend> backend = NativeBackend();
  ASSERT_NE(backend, nullptr);
  const uint16_t port = testing::UnusedPort();
  EXPECT_EQ(Check(backend->ports(), port, "localhost"),
            "FREE free on [127.0.0.1,::1] taken on []");
  EXPECT_EQ(Check(backend->ports(), port, "localhost", Protocol::kUdp),
            "FREE free on [127.0.0.1,::1] taken on []");
}

TEST(IsPortFreeTest, ProtocolsAreIndependent) {
  std::unique_ptr<Backend> backend = NativeBackend();
  ASSERT_NE(backend, nullptr);
  TestSocket tcp(Spec("127.0.0.1"));
  ASSERT_TRUE(tcp.ok());
  EXPECT_EQ(Check(backend->ports(), tcp.port(), "127.0.0.1", Protocol::kUdp),
            kFree4);
}

TEST(IsPortFreeTest, PortZeroAndBadHostAreInvalid) {
  std::unique_ptr<Backend> backend = NativeBackend();
  ASSERT_NE(backend, nullptr);
  EXPECT_TRUE(absl::IsInvalidArgument(
      IsPortFree(backend->ports(), 0, "localhost").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      IsPortFree(backend->ports(), 8080, "nowhere").status()));
}

// A prober that answers probes from a script: IPv6 may be missing.
class ScriptedProber : public PortProber {
 public:
  absl::Status ipv6_error = absl::OkStatus();
  absl::Status ipv4_error = absl::OkStatus();

  absl::StatusOr<std::vector<Socket>> ListSockets(const SocketQuery&) override {
    return std::vector<Socket>();
  }
  absl::StatusOr<BindOutcome> ProbeBind(Protocol,
                                        const Endpoint& local) override {
    const absl::Status& error = local.address.is_v4() ? ipv4_error : ipv6_error;
    if (!error.ok()) return error;
    return BindOutcome::kFree;
  }
};

TEST(IsPortFreeTest, LocalhostSkipsAMissingIpv6Stack) {
  ScriptedProber prober;
  prober.ipv6_error = absl::UnimplementedError("socket(): EAFNOSUPPORT");
  EXPECT_EQ(Check(prober, 8080, "localhost"),
            "FREE free on [127.0.0.1] taken on [] skipped [::1]");
  EXPECT_EQ(Check(prober, 8080, "::1"),
            "UNIMPLEMENTED: socket(): EAFNOSUPPORT");
  prober.ipv6_error = absl::FailedPreconditionError("bind(): EADDRNOTAVAIL");
  EXPECT_EQ(Check(prober, 8080, "localhost"),
            "FREE free on [127.0.0.1] taken on [] skipped [::1]");
}

TEST(IsPortFreeTest, OtherErrorsAreNotSkipped) {
  ScriptedProber prober;
  prober.ipv6_error = absl::PermissionDeniedError("bind(): EACCES");
  EXPECT_EQ(Check(prober, 80, "localhost"),
            "PERMISSION_DENIED: bind(): EACCES");
}

TEST(IsPortFreeTest, NoAddressLeftIsFailedPrecondition) {
  ScriptedProber prober;
  prober.ipv4_error = absl::FailedPreconditionError("v4 gone");
  prober.ipv6_error = absl::UnimplementedError("v6 gone");
  EXPECT_EQ(Check(prober, 8080, "localhost"),
            "FAILED_PRECONDITION: cannot probe localhost: none of its "
            "addresses exists on this machine");
}

TEST(IsPortFreeTest, TableOnlyProberIsUnimplemented) {
  class TableOnly : public PortProber {
    absl::StatusOr<std::vector<Socket>> ListSockets(
        const SocketQuery&) override {
      return std::vector<Socket>();
    }
  } prober;
  EXPECT_TRUE(
      absl::IsUnimplemented(IsPortFree(prober, 8080, "127.0.0.1").status()));
}

}  // namespace
}  // namespace pm
