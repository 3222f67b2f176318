// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// WaitForListener and WaitUntilFree on the native backend, with listeners that
// appear and disappear in a child process or another thread.

#include "core/port_wait.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::pm::testing::NativeBackend;
using ::pm::testing::SocketSpec;
using ::pm::testing::TestSocket;
using ::pm::testing::UnusedPort;

SocketSpec Listener(uint16_t port, std::string address = "127.0.0.1",
                    Protocol protocol = Protocol::kTcp) {
  SocketSpec spec;
  spec.address = std::move(address);
  spec.port = port;
  spec.protocol = protocol;
  return spec;
}

class PortWaitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = NativeBackend();
    ASSERT_NE(backend_, nullptr);
  }
  std::unique_ptr<Backend> backend_;
};

TEST_F(PortWaitTest, AListenerAlreadyThereIsReportedWithItsOwner) {
  TestSocket held(Listener(0));
  ASSERT_TRUE(held.ok());
  absl::StatusOr<PortWaitResult> up =
      WaitForListener(*backend_, held.port(), absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(up.ok()) << up.status();
  EXPECT_EQ(up->polls, 1);
  ASSERT_EQ(up->holders.size(), 1u);
  EXPECT_EQ(up->holders[0].socket.local.ToString(),
            absl::StrCat("127.0.0.1:", held.port()));
  EXPECT_EQ(up->holders[0].socket.owners, std::vector<Pid>{getpid()});
  ASSERT_EQ(up->holders[0].processes.size(), 1u);
  EXPECT_EQ(up->holders[0].processes[0].pid, getpid());
}

TEST_F(PortWaitTest, AListenerStartedLaterByAChildIsFound) {
  const uint16_t port = UnusedPort();
  int go[2];
  ASSERT_EQ(pipe(go), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(go[1]);
    usleep(20000);  // Let the parent start polling first.
    TestSocket server(Listener(port));
    char byte;
    (void)!read(go[0], &byte, 1);  // Until the parent closes its end.
    _exit(server.ok() ? 0 : 1);
  }
  close(go[0]);
  PortWaitOptions every_owner;
  every_owner.owner_search = OwnerSearch::kAll;
  absl::StatusOr<PortWaitResult> up = WaitForListener(
      *backend_, port, absl::Now() + absl::Seconds(30), every_owner);
  close(go[1]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(up.ok()) << up.status();
  EXPECT_GT(up->polls, 1);
  ASSERT_EQ(up->holders.size(), 1u);
  EXPECT_EQ(up->holders[0].socket.owners, std::vector<Pid>{child});
  EXPECT_FALSE(up->holders[0].socket.owners_partial);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST_F(PortWaitTest, TheDeadlineIsHonoured) {
  const uint16_t port = UnusedPort();
  const absl::Time deadline = absl::Now() + absl::Milliseconds(60);
  absl::StatusOr<PortWaitResult> up =
      WaitForListener(*backend_, port, deadline);
  const absl::Time returned = absl::Now();
  EXPECT_TRUE(absl::IsDeadlineExceeded(up.status())) << up.status();
  EXPECT_TRUE(absl::StartsWith(
      up.status().message(),
      absl::StrCat("nothing listens on tcp port ", port, " after ")))
      << up.status();
  EXPECT_GE(returned, deadline);  // Never gives up early.
}

TEST_F(PortWaitTest, APastDeadlineChecksOnce) {
  TestSocket held(Listener(0));
  ASSERT_TRUE(held.ok());
  absl::StatusOr<PortWaitResult> up =
      WaitForListener(*backend_, held.port(), absl::InfinitePast());
  ASSERT_TRUE(up.ok()) << up.status();
  EXPECT_EQ(up->polls, 1);
  absl::StatusOr<PortWaitResult> free =
      WaitUntilFree(*backend_, held.port(), absl::InfinitePast());
  EXPECT_TRUE(absl::IsDeadlineExceeded(free.status())) << free.status();
}

TEST_F(PortWaitTest, ThePortIsSeenFreeOnceTheListenerCloses) {
  auto held = std::make_unique<TestSocket>(Listener(UnusedPort(), "::1"));
  ASSERT_TRUE(held->ok());
  const uint16_t port = held->port();
  std::thread closer([&held] {
    absl::SleepFor(absl::Milliseconds(20));
    held->Close();
  });
  PortWaitOptions options;
  options.host = "localhost";  // Also requires a bind to succeed.
  absl::StatusOr<PortWaitResult> free =
      WaitUntilFree(*backend_, port, absl::Now() + absl::Seconds(30), options);
  closer.join();
  ASSERT_TRUE(free.ok()) << free.status();
  EXPECT_TRUE(free->holders.empty());
  EXPECT_GT(free->polls, 1);
}

TEST_F(PortWaitTest, ATimeoutWaitingForFreeNamesTheHolder) {
  TestSocket held(Listener(0));
  ASSERT_TRUE(held.ok());
  absl::StatusOr<PortWaitResult> free = WaitUntilFree(
      *backend_, held.port(), absl::Now() + absl::Milliseconds(20));
  EXPECT_TRUE(absl::IsDeadlineExceeded(free.status())) << free.status();
  EXPECT_TRUE(absl::StrContains(free.status().message(),
                                absl::StrCat("by pid ", getpid(), " (")))
      << free.status();
  EXPECT_TRUE(absl::StartsWith(
      free.status().message(),
      absl::StrCat("tcp port ", held.port(), " is still held after ")))
      << free.status();
}

TEST_F(PortWaitTest, OnlyListenersForTheHostCount) {
  TestSocket v6(Listener(0, "::1"));
  ASSERT_TRUE(v6.ok());
  PortWaitOptions options;
  options.host = "127.0.0.1";
  absl::StatusOr<PortWaitResult> v4 = WaitForListener(
      *backend_, v6.port(), absl::Now() + absl::Milliseconds(10), options);
  EXPECT_TRUE(absl::IsDeadlineExceeded(v4.status())) << v4.status();
  EXPECT_TRUE(absl::StartsWith(v4.status().message(),
                               absl::StrCat("nothing listens on tcp port ",
                                            v6.port(), " on 127.0.0.1 after ")))
      << v4.status();
  options.host = "localhost";
  absl::StatusOr<PortWaitResult> any = WaitForListener(
      *backend_, v6.port(), absl::Now() + absl::Seconds(30), options);
  ASSERT_TRUE(any.ok()) << any.status();
  EXPECT_EQ(any->holders.size(), 1u);
}

TEST_F(PortWaitTest, UdpSocketsAreWaitedForToo) {
  TestSocket udp(Listener(UnusedPort(), "127.0.0.1", Protocol::kUdp));
  ASSERT_TRUE(udp.ok());
  PortWaitOptions options;
  options.protocol = Protocol::kUdp;
  options.with_owners = false;
  absl::StatusOr<PortWaitResult> up = WaitForListener(
      *backend_, udp.port(), absl::Now() + absl::Seconds(30), options);
  ASSERT_TRUE(up.ok()) << up.status();
  ASSERT_EQ(up->holders.size(), 1u);
  EXPECT_EQ(up->holders[0].socket.protocol, Protocol::kUdp);
  EXPECT_EQ(up->holders[0].socket.owner_visibility,
            OwnerVisibility::kNotResolved);
  EXPECT_TRUE(up->holders[0].processes.empty());
  // The TCP port of the same number is free.
  EXPECT_TRUE(
      WaitUntilFree(*backend_, udp.port(), absl::Now() + absl::Seconds(30))
          .ok());
}

TEST_F(PortWaitTest, PortZeroAndBadHostsAreInvalid) {
  EXPECT_TRUE(absl::IsInvalidArgument(
      WaitForListener(*backend_, 0, absl::Now()).status()));
  PortWaitOptions options;
  options.host = "somewhere";
  EXPECT_TRUE(absl::IsInvalidArgument(
      WaitUntilFree(*backend_, 8080, absl::Now(), options).status()));
}

}  // namespace
}  // namespace pm
