// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// posix::ProbeBind and posix::Reserve against sockets this test holds: IPv4,
// IPv6, dual-stack, UDP, TIME_WAIT and bound-only sockets.

#include "platform_posix/bind_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"

namespace pm::posix {
namespace {

IpAddress Ip(const std::string& text) { return *IpAddress::Parse(text); }

struct Holder {
  std::string address;
  int type = SOCK_STREAM;
  bool v6only = true;     // For IPv6 holders.
  bool listen = true;     // For TCP holders.
  bool reuseaddr = true;  // SO_REUSEADDR, as servers set it.
  uint16_t port = 0;      // 0: any.
};

// A socket this test holds, closed on destruction.
class HeldSocket {
 public:
  explicit HeldSocket(const Holder& h) {
    IpAddress ip = Ip(h.address);
    fd_ = socket(ip.is_v4() ? AF_INET : AF_INET6, h.type, 0);
    EXPECT_GE(fd_, 0);
    int on = 1;
    int v6only = h.v6only ? 1 : 0;
    if (h.reuseaddr) setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (ip.is_v6()) {
      setsockopt(fd_, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
    }
    sockaddr_storage ss{};
    socklen_t len;
    if (ip.is_v4()) {
      auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
      sin->sin_family = AF_INET;
      sin->sin_port = htons(h.port);
      std::memcpy(&sin->sin_addr, ip.bytes().data(), 4);
      len = sizeof(sockaddr_in);
    } else {
      auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = htons(h.port);
      std::memcpy(&sin6->sin6_addr, ip.bytes().data(), 16);
      len = sizeof(sockaddr_in6);
    }
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&ss), len), 0)
        << h.address << ": " << std::strerror(errno);
    if (h.type == SOCK_STREAM && h.listen) {
      EXPECT_EQ(::listen(fd_, 8), 0);
    }
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len), 0);
    port_ = ntohs(ip.is_v4() ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                             : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  }
  HeldSocket(const HeldSocket&) = delete;
  HeldSocket& operator=(const HeldSocket&) = delete;
  ~HeldSocket() {
    if (fd_ >= 0) close(fd_);
  }
  uint16_t port() const { return port_; }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// "free", "in use", or the error.
std::string Probe(Protocol protocol, const std::string& address,
                  uint16_t port) {
  absl::StatusOr<BindOutcome> outcome =
      ProbeBind(protocol, Endpoint{Ip(address), port});
  if (!outcome.ok()) return outcome.status().ToString();
  return std::string(BindOutcomeName(*outcome));
}

struct MatrixCase {
  Holder holder;
  // Expected answers for 127.0.0.1, 0.0.0.0, ::1, :: (dual-stack probe).
  std::string loopback4, any4, loopback6, any6;
};

class BindProbeMatrixTest : public ::testing::TestWithParam<MatrixCase> {};

TEST_P(BindProbeMatrixTest, ProbeAnswersWhatABindMeets) {
  const MatrixCase& c = GetParam();
  HeldSocket held(c.holder);
  const uint16_t port = held.port();
  ASSERT_NE(port, 0);
  EXPECT_EQ(Probe(Protocol::kTcp, "127.0.0.1", port), c.loopback4);
  EXPECT_EQ(Probe(Protocol::kTcp, "0.0.0.0", port), c.any4);
  EXPECT_EQ(Probe(Protocol::kTcp, "::1", port), c.loopback6);
  EXPECT_EQ(Probe(Protocol::kTcp, "::", port), c.any6);
}

INSTANTIATE_TEST_SUITE_P(
    Holders, BindProbeMatrixTest,
    ::testing::Values(
        MatrixCase{{"127.0.0.1"}, "in use", "in use", "free", "in use"},
        MatrixCase{{"0.0.0.0"}, "in use", "in use", "free", "in use"},
        MatrixCase{{"::1"}, "free", "free", "in use", "in use"},
        MatrixCase{{"::"}, "free", "free", "in use", "in use"},
        MatrixCase{{"::", SOCK_STREAM, /*v6only=*/false},
                   "in use",
                   "in use",
                   "in use",
                   "in use"}));

// Ports expected to be free once closed are taken below the ephemeral range,
// so that no bind(0) elsewhere on the machine is handed them meanwhile.
uint16_t LowPort() { return pm::testing::UnusedPort(); }

TEST(BindProbeTest, UnheldPortIsFree) {
  const uint16_t port = LowPort();
  EXPECT_EQ(Probe(Protocol::kTcp, "127.0.0.1", port), "free");
  EXPECT_EQ(Probe(Protocol::kUdp, "127.0.0.1", port), "free");
}

TEST(BindProbeTest, UdpHoldsOnlyUdp) {
  HeldSocket udp({"127.0.0.1", SOCK_DGRAM, true, false, /*reuseaddr=*/false});
  EXPECT_EQ(Probe(Protocol::kUdp, "127.0.0.1", udp.port()), "in use");
  EXPECT_EQ(Probe(Protocol::kUdp, "0.0.0.0", udp.port()), "in use");
  EXPECT_EQ(Probe(Protocol::kUdp, "::", udp.port()), "in use");
  EXPECT_EQ(Probe(Protocol::kUdp, "::1", udp.port()), "free");
  EXPECT_EQ(Probe(Protocol::kTcp, "127.0.0.1", udp.port()), "free");
}

TEST(BindProbeTest, Udp6HoldsUdp6) {
  HeldSocket udp({"::1", SOCK_DGRAM, true, false, false});
  EXPECT_EQ(Probe(Protocol::kUdp, "::1", udp.port()), "in use");
  EXPECT_EQ(Probe(Protocol::kUdp, "127.0.0.1", udp.port()), "free");
}

TEST(BindProbeTest, TcpListenerLeavesUdpFree) {
  HeldSocket tcp({"127.0.0.1"});
  EXPECT_EQ(Probe(Protocol::kUdp, "127.0.0.1", tcp.port()), "free");
}

TEST(BindProbeTest, BoundSocketWithoutReuseAddrHoldsThePort) {
  // A client that bound its local port explicitly, or a half-set-up server.
  HeldSocket bound({"127.0.0.1", SOCK_STREAM, true, /*listen=*/false,
                    /*reuseaddr=*/false});
  EXPECT_EQ(Probe(Protocol::kTcp, "127.0.0.1", bound.port()), "in use");
}

TEST(BindProbeTest, V4MappedAddressMeetsTheIpv4Holder) {
  HeldSocket held({"127.0.0.1"});
  EXPECT_EQ(Probe(Protocol::kTcp, "::ffff:127.0.0.1", held.port()), "in use");
}

TEST(BindProbeTest, TimeWaitLeftoverDoesNotHoldThePort) {
  uint16_t port;
  {
    Holder at{"127.0.0.1"};
    at.port = LowPort();
    HeldSocket listener(at);
    port = listener.port();
    int client = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&to), sizeof(to)), 0);
    int accepted = accept(listener.fd(), nullptr, nullptr);
    ASSERT_GE(accepted, 0);
    close(accepted);  // The server closes first: its end goes to TIME_WAIT.
    char byte;
    ASSERT_EQ(read(client, &byte, 1), 0);  // Sees the FIN.
    close(client);
  }
  // Without SO_REUSEADDR the TIME_WAIT socket still refuses the bind...
  int plain = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_port = htons(port);
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_NE(bind(plain, reinterpret_cast<sockaddr*>(&at), sizeof(at)), 0);
  EXPECT_EQ(errno, EADDRINUSE);
  close(plain);
  // ...but a server (SO_REUSEADDR) gets the port, and so the probe says free.
  EXPECT_EQ(Probe(Protocol::kTcp, "127.0.0.1", port), "free");
}

TEST(BindProbeTest, PortZeroIsInvalid) {
  absl::StatusOr<BindOutcome> outcome =
      ProbeBind(Protocol::kTcp, Endpoint{Ip("127.0.0.1"), 0});
  EXPECT_TRUE(absl::IsInvalidArgument(outcome.status())) << outcome.status();
}

TEST(BindProbeTest, AddressOfAnotherMachineIsFailedPrecondition) {
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): never a local address.
  absl::StatusOr<BindOutcome> outcome =
      ProbeBind(Protocol::kTcp, Endpoint{Ip("192.0.2.1"), 8080});
  EXPECT_TRUE(absl::IsFailedPrecondition(outcome.status())) << outcome.status();
  EXPECT_NE(outcome.status().message().find("bind(tcp 192.0.2.1:8080)"),
            absl::string_view::npos)
      << outcome.status();
}

TEST(ReserveTest, PortZeroLetsTheKernelChoose) {
  absl::StatusOr<std::unique_ptr<PortReservation>> held =
      Reserve(Protocol::kTcp, Endpoint{Ip("127.0.0.1"), 0});
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_NE((*held)->local().port, 0);
  EXPECT_EQ(Probe(Protocol::kTcp, "127.0.0.1", (*held)->local().port),
            "in use");
}

TEST(ReserveTest, ReservationListensAndBlocksOtherBinds) {
  absl::StatusOr<std::unique_ptr<PortReservation>> held =
      Reserve(Protocol::kTcp, Endpoint{Ip("127.0.0.1"), LowPort()});
  ASSERT_TRUE(held.ok()) << held.status();
  const uint16_t port = (*held)->local().port;
  ASSERT_NE(port, 0);
  EXPECT_EQ((*held)->local().address, Ip("127.0.0.1"));
  EXPECT_EQ((*held)->protocol(), Protocol::kTcp);
  EXPECT_EQ(Probe(Protocol::kTcp, "127.0.0.1", port), "in use");
  EXPECT_EQ(Probe(Protocol::kTcp, "0.0.0.0", port), "in use");
  absl::StatusOr<std::unique_ptr<PortReservation>> again =
      Reserve(Protocol::kTcp, Endpoint{Ip("127.0.0.1"), port});
  EXPECT_TRUE(absl::IsAlreadyExists(again.status())) << again.status();

  // It is listening: a client connects (the kernel queues it).
  int client = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(client, reinterpret_cast<sockaddr*>(&to), sizeof(to)), 0);
  close(client);

  held->reset();
  EXPECT_EQ(Probe(Protocol::kTcp, "127.0.0.1", port), "free");
}

TEST(ReserveTest, UdpReservationBlocksUdpBinds) {
  absl::StatusOr<std::unique_ptr<PortReservation>> held =
      Reserve(Protocol::kUdp, Endpoint{Ip("::1"), LowPort()});
  ASSERT_TRUE(held.ok()) << held.status();
  const uint16_t port = (*held)->local().port;
  EXPECT_EQ(Probe(Protocol::kUdp, "::1", port), "in use");
  EXPECT_EQ(Probe(Protocol::kUdp, "::", port), "in use");
  EXPECT_EQ(Probe(Protocol::kUdp, "127.0.0.1", port), "free");
}

TEST(ReserveTest, ReleaseHandsTheSocketOver) {
  absl::StatusOr<std::unique_ptr<PortReservation>> held =
      Reserve(Protocol::kTcp, Endpoint{Ip("127.0.0.1"), LowPort()});
  ASSERT_TRUE(held.ok()) << held.status();
  const uint16_t port = (*held)->local().port;
  const int fd = static_cast<int>((*held)->native_handle());
  EXPECT_EQ(static_cast<int>((*held)->Release()), fd);
  held->reset();  // Does not close the released descriptor.
  EXPECT_EQ(Probe(Protocol::kTcp, "127.0.0.1", port), "in use");
  EXPECT_EQ(close(fd), 0);
  EXPECT_EQ(Probe(Protocol::kTcp, "127.0.0.1", port), "free");
}

}  // namespace
}  // namespace pm::posix
