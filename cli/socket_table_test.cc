// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Exact tables of sockets: one row per owner, invisible and ownerless sockets,
// fitting to a width.

#include "cli/socket_table.h"

#include "absl/strings/str_cat.h"
#include "cli/test_sockets.h"
#include "gtest/gtest.h"

namespace pm::cli {
namespace {

using ::pm::cli::testing::MakeProcess;
using ::pm::cli::testing::MakeSocket;

ProcessInfo WithUser(ProcessInfo info, const std::string& user) {
  info.user = user;
  return info;
}

std::vector<OwnedSocket> ListeningFixture() {
  std::vector<OwnedSocket> sockets(3);
  sockets[0].socket =
      MakeSocket(Protocol::kTcp, "0.0.0.0", 22, SocketState::kListen, {100});
  sockets[0].processes = {
      WithUser(MakeProcess(100, "sshd", {"/usr/sbin/sshd", "-D"}), "root")};
  sockets[1].socket =
      MakeSocket(Protocol::kTcp, "127.0.0.1", 5432, SocketState::kListen, {},
                 OwnerVisibility::kNotVisible);
  sockets[2].socket =
      MakeSocket(Protocol::kTcp, "::", 80, SocketState::kListen, {200, 201});
  sockets[2].processes = {
      WithUser(MakeProcess(200, "nginx", {"nginx: master process"}),
               "www-data"),
      WithUser(MakeProcess(201, "nginx", {"nginx: worker process"}),
               "www-data")};
  return sockets;
}

TEST(SocketTableTest, OneRowPerOwnerAndOneForAnInvisibleHolder) {
  EXPECT_EQ(
      MakeSocketTable(ListeningFixture(), {}).Render(std::nullopt),
      "PROTO  LOCAL ADDRESS   STATE   PID  USER      PROCESS                   "
      "                     COMMAND\n"
      "tcp    0.0.0.0:22      LISTEN  100  root      sshd                      "
      "                     /usr/sbin/sshd -D\n"
      "tcp    127.0.0.1:5432  LISTEN    -  1000      (not visible: held by "
      "another user/namespace)\n"
      "tcp6   [::]:80         LISTEN  200  www-data  nginx                     "
      "                     nginx: master process\n"
      "tcp6   [::]:80         LISTEN  201  www-data  nginx                     "
      "                     nginx: worker process\n");
}

TEST(SocketTableTest, FitsEightyColumnsByCuttingProcessThenCommand) {
  EXPECT_EQ(MakeSocketTable(ListeningFixture(), {}).Render(80),
            "PROTO  LOCAL ADDRESS   STATE   PID  USER      PROCESS          "
            "COMMAND\n"
            "tcp    0.0.0.0:22      LISTEN  100  root      sshd             "
            "/usr/sbin/sshd -D\n"
            "tcp    127.0.0.1:5432  LISTEN    -  1000      (not visible...\n"
            "tcp6   [::]:80         LISTEN  200  www-data  nginx            "
            "nginx: master...\n"
            "tcp6   [::]:80         LISTEN  201  www-data  nginx            "
            "nginx: worker...\n");
}

TEST(SocketTableTest, RemoteColumnNoOwnerAndExitedOwner) {
  std::vector<OwnedSocket> sockets(3);
  sockets[0].socket =
      MakeSocket(Protocol::kTcp, "0.0.0.0", 22, SocketState::kListen, {100});
  sockets[0].processes = {
      WithUser(MakeProcess(100, "sshd", {"/usr/sbin/sshd", "-D"}), "root")};
  sockets[1].socket =
      MakeSocket(Protocol::kTcp, "127.0.0.1", 8080, SocketState::kTimeWait, {},
                 OwnerVisibility::kNoOwner);
  sockets[1].socket.remote = {*IpAddress::Parse("127.0.0.1"), 40000};
  sockets[2].socket = MakeSocket(Protocol::kTcp, "127.0.0.1", 9000,
                                 SocketState::kListen, {300});
  SocketTableOptions options;
  options.show_remote = true;
  EXPECT_EQ(MakeSocketTable(sockets, options).Render(std::nullopt),
            "PROTO  LOCAL ADDRESS   REMOTE           STATE      PID  USER  "
            "PROCESS     COMMAND\n"
            "tcp    0.0.0.0:22      0.0.0.0:*        LISTEN     100  root  "
            "sshd        /usr/sbin/sshd -D\n"
            "tcp    127.0.0.1:8080  127.0.0.1:40000  TIME_WAIT    -  -     "
            "(no owner)\n"
            "tcp    127.0.0.1:9000  0.0.0.0:*        LISTEN     300  -     "
            "(exited)\n");
}

TEST(SocketTableTest, OnlyPidKeepsThatOwnersRows) {
  SocketTableOptions options;
  options.only_pid = 201;
  EXPECT_EQ(MakeSocketTable(ListeningFixture(), options).Render(std::nullopt),
            "PROTO  LOCAL ADDRESS  STATE   PID  USER      PROCESS  COMMAND\n"
            "tcp6   [::]:80        LISTEN  201  www-data  nginx    nginx: "
            "worker process\n");
}

TEST(SocketTableTest, UnreadableOwnerIsMarkedNotVisible) {
  std::vector<OwnedSocket> sockets(1);
  sockets[0].socket = MakeSocket(Protocol::kUdp, "0.0.0.0", 53,
                                 SocketState::kUnconnected, {77});
  ProcessInfo partial;
  partial.pid = 77;
  partial.details_visible = false;
  sockets[0].processes = {partial};
  EXPECT_EQ(MakeSocketTable(sockets, {}).Render(std::nullopt),
            absl::StrCat("PROTO  LOCAL ADDRESS  STATE   PID  USER  PROCESS",
                         std::string(38, ' '), "  COMMAND\n",
                         "udp    0.0.0.0:53     UNCONN   77  -     ",
                         kNotVisibleText, "\n"));
}

TEST(ProtocolColumnTest, AddsSixForIpv6) {
  EXPECT_EQ(ProtocolColumn(MakeSocket(Protocol::kUdp, "::1", 1,
                                      SocketState::kUnconnected, {})),
            "udp6");
  EXPECT_EQ(ProtocolColumn(MakeSocket(Protocol::kTcp, "10.0.0.1", 1,
                                      SocketState::kListen, {})),
            "tcp");
}

}  // namespace
}  // namespace pm::cli
