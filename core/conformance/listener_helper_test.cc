// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests of the fixture itself, against the OS alone (no backend):
// ParseReadyFile on literal text, and a live listener_helper whose reported
// sockets accept connections, whose children go with it, and whose signals
// behave as asked.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "core/conformance/listener_helper_process.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

std::string Describe(const HelperSocket& s) {
  return s.kind + " " + std::string(ProtocolName(s.protocol)) + " " +
         s.local.ToString() + " " + s.remote.ToString();
}

// Connects to `end` over TCP; returns errno, 0 on success.
int TcpConnect(const Endpoint& end) {
  const bool v6 = end.address.is_v6();
  int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return errno;
  sockaddr_storage ss{};
  if (v6) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(end.port);
    std::copy(end.address.bytes().begin(), end.address.bytes().end(),
              sin6->sin6_addr.s6_addr);
  } else {
    auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(end.port);
    std::copy(end.address.bytes().begin(), end.address.bytes().begin() + 4,
              reinterpret_cast<uint8_t*>(&sin->sin_addr));
  }
  int rc = connect(fd, reinterpret_cast<sockaddr*>(&ss),
                   v6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in));
  int error = rc == 0 ? 0 : errno;
  close(fd);
  return error;
}

TEST(ParseReadyFileTest, ReadsEveryRecord) {
  absl::StatusOr<HelperReport> report = ParseReadyFile(
      "pid 42\nchild 43\nchild 44\ngrandchild 45\n"
      "socket tcp4 tcp 127.0.0.1 8080 0.0.0.0 0\n"
      "socket udp6 udp ::1 53 :: 0\n"
      "socket client tcp 127.0.0.1 40000 127.0.0.1 8080\n");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->pid, 42);
  EXPECT_EQ(report->children, (std::vector<Pid>{43, 44}));
  EXPECT_EQ(report->grandchildren, (std::vector<Pid>{45}));
  std::vector<std::string> sockets;
  for (const HelperSocket& s : report->sockets) sockets.push_back(Describe(s));
  EXPECT_EQ(sockets,
            (std::vector<std::string>{
                "tcp4 tcp 127.0.0.1:8080 0.0.0.0:0", "udp6 udp [::1]:53 [::]:0",
                "client tcp 127.0.0.1:40000 127.0.0.1:8080"}));
}

TEST(ParseReadyFileTest, RejectsBadLines) {
  for (const char* text : {
           "",                                               // no pid line
           "pid 0\n",                                        // bad pid
           "pid 1\nsocket tcp4 sctp 1.2.3.4 1 0.0.0.0 0\n",  // protocol
           "pid 1\nsocket tcp4 tcp 1.2.3 1 0.0.0.0 0\n",     // address
           "pid 1\nsocket tcp4 tcp ::1 65536 :: 0\n",        // port
           "pid 1\nsocket tcp4 tcp ::1 1\n",                 // short line
           "pid 1\nport 5\n",                                // unknown record
       }) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseReadyFile(text).status())) << text;
  }
}

TEST(ListenerHelperTest, ReportsEveryKindOfSocket) {
  absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
      ListenerHelper::Start({"--tcp4=0", "--tcp6=0", "--udp4=0", "--udp6=0",
                             "--dual=0", "--connect=0"});
  ASSERT_TRUE(helper.ok()) << helper.status();
  const ListenerHelper& h = **helper;
  std::vector<std::string> kinds;
  for (const HelperSocket& s : h.sockets()) kinds.push_back(s.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"tcp4", "tcp6", "udp4", "udp6",
                                             "dual", "client", "accepted"}));
  EXPECT_EQ(h.SocketOf("tcp4").local.address.ToString(), "127.0.0.1");
  EXPECT_EQ(h.SocketOf("tcp6").local.address.ToString(), "::1");
  EXPECT_EQ(h.SocketOf("udp4").protocol, Protocol::kUdp);
  EXPECT_EQ(h.SocketOf("udp6").local.address.ToString(), "::1");
  EXPECT_EQ(h.SocketOf("dual").local.address.ToString(), "::");
  EXPECT_EQ(h.SocketOf("client").remote, h.SocketOf("tcp4").local);
  EXPECT_EQ(h.SocketOf("accepted").local, h.SocketOf("tcp4").local);
  EXPECT_EQ(h.SocketOf("accepted").remote, h.SocketOf("client").local);
  for (const char* kind : {"tcp4", "tcp6", "dual"}) {
    EXPECT_EQ(TcpConnect(h.SocketOf(kind).local), 0) << kind;
  }
  // The dual-stack listener takes IPv4 connections too.
  const uint16_t dual_port = h.SocketOf("dual").local.port;
  EXPECT_EQ(TcpConnect({IpAddress::Loopback(AddressFamily::kIpv4), dual_port}),
            0);
  EXPECT_EQ(h.argv().size(), 8u);
}

TEST(ListenerHelperTest, StdinEofEndsHelperAndChildren) {
  absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
      ListenerHelper::Start({"--tcp4=0", "--fork=2"});
  ASSERT_TRUE(helper.ok()) << helper.status();
  const std::vector<Pid> children = (*helper)->children();
  ASSERT_EQ(children.size(), 2u);
  for (Pid child : children) EXPECT_EQ(kill(child, 0), 0) << child;
  absl::StatusOr<int> status = (*helper)->Stop();
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << *status;
  // The helper reaps its children before it exits.
  for (Pid child : children) {
    EXPECT_EQ(kill(child, 0), -1) << child;
    EXPECT_EQ(errno, ESRCH) << child;
  }
}

TEST(ListenerHelperTest, SigtermEndsHelper) {
  absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
      ListenerHelper::Start({"--tcp4=0"});
  ASSERT_TRUE(helper.ok()) << helper.status();
  ASSERT_EQ(kill((*helper)->pid(), SIGTERM), 0);
  absl::StatusOr<int> status = (*helper)->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << *status;
}

TEST(ListenerHelperTest, IgnoreTermSurvivesSigterm) {
  absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
      ListenerHelper::Start({"--ignore_term"});
  ASSERT_TRUE(helper.ok()) << helper.status();
  // An ignored signal is discarded when sent, so the helper is alive right
  // after.
  ASSERT_EQ(kill((*helper)->pid(), SIGTERM), 0);
  EXPECT_TRUE(
      absl::IsDeadlineExceeded((*helper)->Wait(absl::ZeroDuration()).status()));
  absl::StatusOr<int> status = (*helper)->Stop();
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << *status;
}

// Polls until `pid` no longer exists (it is not our child: init reaps it).
bool GoneWithin(Pid pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (kill(static_cast<pid_t>(pid), 0) == 0) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return errno == ESRCH;
}

TEST(ListenerHelperTest, GrandchildrenMakeAThreeGenerationTree) {
  absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
      ListenerHelper::Start({"--fork=2", "--grandchildren"});
  ASSERT_TRUE(helper.ok()) << helper.status();
  ASSERT_EQ((*helper)->children().size(), 2u);
  ASSERT_EQ((*helper)->grandchildren().size(), 2u);
  for (Pid pid : (*helper)->grandchildren()) EXPECT_EQ(kill(pid, 0), 0) << pid;
  const std::vector<Pid> grandchildren = (*helper)->grandchildren();
  absl::StatusOr<int> status = (*helper)->Stop();
  ASSERT_TRUE(status.ok()) << status.status();
  // Each child reaps its grandchild before it exits, and is reaped itself.
  for (Pid pid : grandchildren) {
    EXPECT_EQ(kill(pid, 0), -1) << pid;
    EXPECT_EQ(errno, ESRCH) << pid;
  }
}

TEST(ListenerHelperTest, DetachedChildrenOutliveATerminatedHelper) {
  absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
      ListenerHelper::Start(
          {"--tcp4=0", "--fork=1", "--grandchildren", "--detach_children"});
  ASSERT_TRUE(helper.ok()) << helper.status();
  const Pid child = (*helper)->children().at(0);
  const Pid grandchild = (*helper)->grandchildren().at(0);
  ASSERT_EQ(kill((*helper)->pid(), SIGTERM), 0);
  absl::StatusOr<int> status = (*helper)->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(kill(child, 0), 0);
  EXPECT_EQ(kill(grandchild, 0), 0);
  // They end at stdin EOF.
  ASSERT_TRUE((*helper)->Stop().ok());
  EXPECT_TRUE(GoneWithin(child, absl::Seconds(30)));
  EXPECT_TRUE(GoneWithin(grandchild, absl::Seconds(30)));
}

TEST(ListenerHelperTest, DestructorKillsAndReaps) {
  Pid pid = 0;
  {
    absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
        ListenerHelper::Start({"--ignore_term"});
    ASSERT_TRUE(helper.ok()) << helper.status();
    pid = (*helper)->pid();
  }
  EXPECT_EQ(kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST(ListenerHelperTest, BadFlagFailsStart) {
  absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
      ListenerHelper::Start({"--no_such_flag=1"});
  EXPECT_TRUE(absl::IsInternal(helper.status())) << helper.status();
}

}  // namespace
}  // namespace pm::conformance
