// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Ports conformance, part 2: ports nobody holds, ports whose owner has exited,
// what a closed connection leaves behind, and one process with many listeners.

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/conformance/backend_conformance_test.h"
#include "core/find_owners.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

constexpr AddressFamily kV4 = AddressFamily::kIpv4;

// A TCP port this process bound on 127.0.0.1 and closed again: held by nobody
// (unless another process grabs it in between, which the kernel makes unlikely
// by rotating ephemeral ports). 0 on failure.
uint16_t ReleasedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(sin);
  uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len) == 0) {
    port = ntohs(sin.sin_port);
  }
  close(fd);
  return port;
}

// Calls `done` every 10 ms until it returns true or `timeout` passes; returns
// its last answer. For kernel state that settles asynchronously (a TCP close
// handshake), never as a delay.
bool Eventually(const std::function<bool()>& done,
                absl::Duration timeout = absl::Seconds(10)) {
  absl::Time deadline = absl::Now() + timeout;
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return true;
}

void ExpectExitedNormally(ListenerHelper& helper) {
  absl::StatusOr<int> status = helper.Stop();
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << "wait status " << *status;
}

TEST_P(BackendConformanceTest, UnheldPortIsNotFound) {
  const uint16_t port = ReleasedPort();
  ASSERT_NE(port, 0);
  SocketQuery on_port;
  on_port.local_port = port;
  on_port.with_owners = true;
  absl::StatusOr<std::vector<Socket>> listed =
      backend().ports().ListSockets(on_port);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(DescribeSockets(*listed), std::vector<std::string>{});
  absl::StatusOr<std::vector<OwnedSocket>> owned = FindOwners(backend(), port);
  EXPECT_TRUE(absl::IsNotFound(owned.status())) << owned.status();
}

TEST_P(BackendConformanceTest, PortOfExitedOwnerIsNotFound) {
  std::unique_ptr<ListenerHelper> helper =
      StartHelper({"--tcp4=0", "--tcp6=0", "--udp4=0", "--udp6=0"});
  ASSERT_NE(helper, nullptr);
  const std::vector<HelperSocket> held = helper->sockets();
  ASSERT_EQ(held.size(), 4u);
  for (const HelperSocket& s : held) {  // Found while the helper lives...
    absl::StatusOr<std::vector<OwnedSocket>> owned =
        FindOwners(backend(), s.local.port,
                   OnlyQuery(s.protocol, s.local.address.family()));
    ASSERT_TRUE(owned.ok()) << s.kind << ": " << owned.status();
  }
  ExpectExitedNormally(*helper);
  for (const HelperSocket& s : held) {  // ...and gone once it has exited.
    absl::StatusOr<std::vector<OwnedSocket>> owned =
        FindOwners(backend(), s.local.port,
                   OnlyQuery(s.protocol, s.local.address.family()));
    EXPECT_TRUE(absl::IsNotFound(owned.status()))
        << s.kind << " port " << s.local.port << ": " << owned.status();
  }
}

TEST_P(BackendConformanceTest, ClosedConnectionLeavesOnlyUnownedTimeWait) {
  std::unique_ptr<ListenerHelper> helper =
      StartHelper({"--tcp4=0", "--connect=0"});
  ASSERT_NE(helper, nullptr);
  const Endpoint server = helper->SocketOf("tcp4").local;
  const Endpoint client = helper->SocketOf("client").local;
  // The helper closes the client end first: the client is the active closer and
  // stays in TIME_WAIT, owned by no process; the server side goes away
  // entirely.
  ExpectExitedNormally(*helper);

  std::vector<Socket> to_server;
  auto client_settled = [&] {
    to_server.clear();
    absl::StatusOr<std::vector<OwnedSocket>> owned =
        FindOwners(backend(), client.port, OnlyQuery(Protocol::kTcp, kV4));
    if (!owned.ok()) return false;
    for (const Socket& s : SocketsOf(*owned)) {
      if (s.remote == server) to_server.push_back(s);
    }
    return to_server.size() == 1 &&
           to_server[0].state == SocketState::kTimeWait;
  };
  EXPECT_TRUE(Eventually(client_settled));
  EXPECT_EQ(DescribeSockets(to_server),
            std::vector<std::string>{DescribeSocket(ExpectedSocket(
                Protocol::kTcp, client, server, SocketState::kTimeWait, {}))});

  absl::StatusOr<std::vector<OwnedSocket>> on_server;
  EXPECT_TRUE(Eventually([&] {
    on_server =
        FindOwners(backend(), server.port, OnlyQuery(Protocol::kTcp, kV4));
    return absl::IsNotFound(on_server.status());
  })) << (on_server.ok()
              ? absl::StrJoin(DescribeSockets(SocketsOf(*on_server)), "; ")
              : on_server.status().ToString());
}

TEST_P(BackendConformanceTest, TwoHundredListenersOfOneProcess) {
  constexpr int kListeners = 200;
  std::unique_ptr<ListenerHelper> helper =
      StartHelper({absl::StrCat("--count=", kListeners)});
  ASSERT_NE(helper, nullptr);
  ASSERT_EQ(helper->sockets().size(), static_cast<size_t>(kListeners));
  std::vector<Socket> expected;
  std::set<uint16_t> ports;
  for (const HelperSocket& s : helper->sockets()) {
    ports.insert(s.local.port);
    expected.push_back(ExpectedSocket(Protocol::kTcp, s.local, NoRemote(kV4),
                                      SocketState::kListen, {helper->pid()}));
  }
  ASSERT_EQ(ports.size(), static_cast<size_t>(kListeners));

  SocketQuery query = OnlyQuery(Protocol::kTcp, kV4);
  query.states = SocketStateSet::Listening();
  absl::StatusOr<std::vector<Socket>> listed =
      backend().ports().ListSockets(query);
  ASSERT_TRUE(listed.ok()) << listed.status();
  std::vector<Socket> on_our_ports;
  std::map<uint16_t, int> times_listed;
  for (const Socket& s : *listed) {
    if (ports.count(s.local.port) == 0) continue;
    on_our_ports.push_back(s);
    ++times_listed[s.local.port];
  }
  for (uint16_t port : ports) {
    EXPECT_EQ(times_listed[port], 1) << "port " << port;
  }
  EXPECT_EQ(DescribeSockets(on_our_ports), DescribeSockets(expected));
  EXPECT_EQ(DescribeSockets(HeldBy(*listed, helper->pid())),
            DescribeSockets(expected));
}

}  // namespace
}  // namespace pm::conformance

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BackendConformanceTest);
