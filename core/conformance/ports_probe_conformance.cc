// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Ports conformance, bind probes: PortProber::ProbeBind and Reserve agree with
// the sockets a live helper holds (IPv4, IPv6, dual-stack, UDP) and with the
// backend's own socket table, and a reservation is a listening socket of this
// process.

#include <unistd.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/conformance/backend_conformance_test.h"
#include "core/find_owners.h"
#include "core/port_probe.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

constexpr AddressFamily kV4 = AddressFamily::kIpv4;
constexpr AddressFamily kV6 = AddressFamily::kIpv6;

// "free", "in use" or the error.
std::string Probe(Backend& backend, Protocol protocol, IpAddress address,
                  uint16_t port) {
  absl::StatusOr<BindOutcome> outcome =
      backend.ports().ProbeBind(protocol, Endpoint{address, port});
  if (!outcome.ok()) return outcome.status().ToString();
  return std::string(BindOutcomeName(*outcome));
}

TEST_P(BackendConformanceTest, ProbeBindSeesEveryKindOfHelperSocket) {
  // Why: the TCP v4 port is expected free once the helper exits, so it comes
  // from below the ephemeral range, where no bind(0) elsewhere is handed it.
  std::unique_ptr<ListenerHelper> helper =
      StartHelper({absl::StrCat("--tcp4=", testing::UnusedPort()), "--tcp6=0",
                   "--udp4=0", "--udp6=0"});
  ASSERT_NE(helper, nullptr);
  const IpAddress v4 = IpAddress::Loopback(kV4);
  const IpAddress v6 = IpAddress::Loopback(kV6);
  EXPECT_EQ(
      Probe(backend(), Protocol::kTcp, v4, helper->SocketOf("tcp4").local.port),
      "in use");
  EXPECT_EQ(
      Probe(backend(), Protocol::kTcp, v6, helper->SocketOf("tcp6").local.port),
      "in use");
  EXPECT_EQ(
      Probe(backend(), Protocol::kUdp, v4, helper->SocketOf("udp4").local.port),
      "in use");
  EXPECT_EQ(
      Probe(backend(), Protocol::kUdp, v6, helper->SocketOf("udp6").local.port),
      "in use");
  // The helper's v6-only [::1] listener leaves 127.0.0.1 of its port alone.
  absl::StatusOr<PortAvailability> localhost = IsPortFree(
      backend().ports(), helper->SocketOf("tcp6").local.port, "localhost");
  ASSERT_TRUE(localhost.ok()) << localhost.status();
  EXPECT_EQ(localhost->taken_on, std::vector<IpAddress>{v6});

  const uint16_t tcp4 = helper->SocketOf("tcp4").local.port;
  ASSERT_TRUE(helper->Stop().ok());
  // A listener that closes leaves nothing behind: the port is free at once.
  EXPECT_EQ(Probe(backend(), Protocol::kTcp, v4, tcp4), "free");
}

TEST_P(BackendConformanceTest, ProbeBindOfADualStackListener) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--dual=0"});
  ASSERT_NE(helper, nullptr);
  const uint16_t port = helper->SocketOf("dual").local.port;
  EXPECT_EQ(Probe(backend(), Protocol::kTcp, IpAddress::Loopback(kV4), port),
            "in use");
  EXPECT_EQ(Probe(backend(), Protocol::kTcp, IpAddress::Loopback(kV6), port),
            "in use");
  EXPECT_EQ(Probe(backend(), Protocol::kTcp, IpAddress::Any(kV4), port),
            "in use");
}

TEST_P(BackendConformanceTest, AReservationListensAsThisProcess) {
  absl::StatusOr<std::unique_ptr<PortReservation>> held =
      backend().ports().Reserve(
          Protocol::kTcp,
          Endpoint{IpAddress::Loopback(kV4), testing::UnusedPort()});
  ASSERT_TRUE(held.ok()) << held.status();
  const uint16_t port = (*held)->local().port;
  ASSERT_NE(port, 0);
  absl::StatusOr<std::vector<OwnedSocket>> owned =
      FindOwners(backend(), port, OnlyQuery(Protocol::kTcp, kV4));
  ASSERT_TRUE(owned.ok()) << owned.status();
  Socket expected = ExpectedSocket(
      Protocol::kTcp, {IpAddress::Loopback(kV4), port}, NoRemote(kV4),
      SocketState::kListen, {static_cast<Pid>(getpid())});
  EXPECT_EQ(DescribeSockets(SocketsOf(*owned)),
            std::vector<std::string>{DescribeSocket(expected)});
  absl::StatusOr<std::unique_ptr<PortReservation>> again =
      backend().ports().Reserve(Protocol::kTcp,
                                Endpoint{IpAddress::Loopback(kV4), port});
  EXPECT_TRUE(absl::IsAlreadyExists(again.status())) << again.status();
  held->reset();
  EXPECT_EQ(Probe(backend(), Protocol::kTcp, IpAddress::Loopback(kV4), port),
            "free");
}

TEST_P(BackendConformanceTest, ProbingPortZeroIsInvalid) {
  absl::StatusOr<BindOutcome> outcome = backend().ports().ProbeBind(
      Protocol::kTcp, Endpoint{IpAddress::Loopback(kV4), 0});
  EXPECT_TRUE(absl::IsInvalidArgument(outcome.status())) << outcome.status();
}

}  // namespace
}  // namespace pm::conformance
