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

TEST(SocketTableBuilderTest, SharesEachProcessAndMatchesMakeSocketTable) {
  const ProcessInfo nginx =
      WithUser(MakeProcess(200, "nginx", {"nginx: master process"}), "www");
  ProcessInfo unreadable;
  unreadable.pid = 300;
  unreadable.details_visible = false;
  std::vector<Pid> asked;
  auto lookup = [&](Pid pid) -> const ProcessInfo* {
    asked.push_back(pid);
    if (pid == 200) return &nginx;
    if (pid == 300) return &unreadable;
    return nullptr;  // 400 exited.
  };
  const std::vector<Socket> sockets = {
      MakeSocket(Protocol::kTcp, "0.0.0.0", 80, SocketState::kListen, {200}),
      MakeSocket(Protocol::kTcp, "::", 80, SocketState::kListen, {200, 400}),
      MakeSocket(Protocol::kUdp, "127.0.0.1", 53, SocketState::kUnconnected,
                 {300}),
      MakeSocket(Protocol::kTcp, "127.0.0.1", 5432, SocketState::kListen, {},
                 OwnerVisibility::kNotVisible),
  };
  SocketTableBuilder builder({});
  builder.Reserve(sockets.size());
  for (const Socket& socket : sockets) builder.Add(socket, lookup);

  std::vector<OwnedSocket> owned(sockets.size());
  for (size_t i = 0; i < sockets.size(); ++i) owned[i].socket = sockets[i];
  owned[0].processes = {nginx};
  owned[1].processes = {nginx};
  owned[2].processes = {unreadable};

  const std::string expected = absl::StrCat(
      "PROTO  LOCAL ADDRESS   STATE   PID  USER  PROCESS", std::string(38, ' '),
      "  COMMAND\n", "tcp    0.0.0.0:80      LISTEN  200  www   nginx",
      std::string(40, ' '), "  nginx: master process\n",
      "tcp    127.0.0.1:5432  LISTEN    -  1000  ", kNotVisibleText, "\n",
      "tcp6   [::]:80         LISTEN  200  www   nginx", std::string(40, ' '),
      "  nginx: master process\n",
      "tcp6   [::]:80         LISTEN  400  -     (exited)\n",
      "udp    127.0.0.1:53    UNCONN  300  -     ", kNotVisibleText, "\n");
  // Rows come in the order the sockets were added; this order is sorted.
  std::vector<Socket> sorted = {sockets[0], sockets[3], sockets[1], sockets[2]};
  SocketTableBuilder in_order({});
  for (const Socket& socket : sorted) in_order.Add(socket, lookup);
  EXPECT_EQ(in_order.table().Render(std::nullopt), expected);
  std::vector<OwnedSocket> owned_sorted = {owned[0], owned[3], owned[1],
                                           owned[2]};
  EXPECT_EQ(MakeSocketTable(owned_sorted, {}).Render(std::nullopt), expected);
  EXPECT_EQ(builder.table().Render(80), MakeSocketTable(owned, {}).Render(80));
  EXPECT_EQ(asked, (std::vector<Pid>{200, 200, 400, 300, 200, 200, 400, 300}));
}

TEST(SocketTableBuilderTest, OnlyPidAndRemoteColumn) {
  const ProcessInfo sshd =
      WithUser(MakeProcess(100, "sshd", {"/usr/sbin/sshd", "-D"}), "root");
  Socket connected = MakeSocket(Protocol::kTcp, "10.0.0.2", 22,
                                SocketState::kEstablished, {100, 101});
  connected.remote = {*IpAddress::Parse("fe80::1"), 50000};
  SocketTableOptions options;
  options.show_remote = true;
  options.only_pid = 100;
  SocketTableBuilder builder(options);
  builder.Add(connected, [&](Pid pid) -> const ProcessInfo* {
    return pid == 100 ? &sshd : nullptr;
  });
  EXPECT_EQ(builder.table().Render(std::nullopt),
            "PROTO  LOCAL ADDRESS  REMOTE           STATE        PID  USER  "
            "PROCESS  COMMAND\n"
            "tcp    10.0.0.2:22    [fe80::1]:50000  ESTABLISHED  100  root  "
            "sshd     /usr/sbin/sshd -D\n");
}

TEST(AppendEndpointTextTest, SpellsWhatEndpointToStringSpells) {
  const struct {
    const char* address;
    uint16_t port;
  } cases[] = {{"127.0.0.1", 8080}, {"0.0.0.0", 0},
               {"::", 0},           {"::1", 65535},
               {"fe80::1:2", 1},    {"::ffff:10.0.0.1", 53},
               {"2001:db8::", 443}, {"255.255.255.255", 9}};
  for (const auto& c : cases) {
    const Endpoint endpoint{*IpAddress::Parse(c.address), c.port};
    for (bool star : {false, true}) {
      std::string text = "prefix ";
      AppendEndpointText(endpoint, star, endpoint.address.ToString(), text);
      EXPECT_EQ(text, "prefix " + endpoint.ToString(star))
          << c.address << " " << c.port << " star " << star;
    }
  }
  std::string zero;
  AppendEndpointText({IpAddress::Any(AddressFamily::kIpv6), 0}, true,
                     "::", zero);
  EXPECT_EQ(zero, "[::]:*");
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
