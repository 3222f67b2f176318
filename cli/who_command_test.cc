// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm who` on a fake machine: owners, exit codes, messages for bad ports.

#include "cli/who_command.h"

#include "absl/status/status.h"
#include "cli/fake_tables_fixture.h"
#include "cli/output.h"
#include "cli/run_pm.h"
#include "gtest/gtest.h"

namespace pm::cli {
namespace {

using ::pm::cli::testing::MakeMachine;
using ::pm::cli::testing::PmResult;
using ::pm::cli::testing::RunPmForTest;

TEST(WhoCommandTest, PrintsTheListeningOwnerAndExitsZero) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"who", "22"}, tables);
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "PROTO  LOCAL ADDRESS  STATE   PID  USER  PROCESS  COMMAND\n"
            "tcp    0.0.0.0:22     LISTEN  100  root  sshd     "
            "/usr/sbin/sshd -D\n");
  ASSERT_EQ(tables->queries.size(), 1u);
  EXPECT_EQ(tables->queries[0].local_port, std::optional<uint16_t>(22));
  EXPECT_TRUE(tables->queries[0].states == SocketStateSet::Listening());
}

TEST(WhoCommandTest, PortsInTheOrderGivenWithEveryOwner) {
  PmResult r = RunPmForTest({"who", "80", "22", "80"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out,
            "PROTO  LOCAL ADDRESS  STATE   PID  USER      PROCESS  COMMAND\n"
            "tcp6   [::]:80        LISTEN  200  www-data  nginx    nginx: "
            "master process\n"
            "tcp6   [::]:80        LISTEN  201  www-data  nginx    nginx: "
            "worker process\n"
            "tcp    0.0.0.0:22     LISTEN  100  root      sshd     "
            "/usr/sbin/sshd -D\n");
}

TEST(WhoCommandTest, AllAddsOtherStatesAndTheRemoteColumn) {
  PmResult r = RunPmForTest({"who", "--all", "22"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out,
            "PROTO  LOCAL ADDRESS  REMOTE          STATE        PID  USER  "
            "PROCESS  COMMAND\n"
            "tcp    0.0.0.0:22     0.0.0.0:*       LISTEN       100  root  "
            "sshd     /usr/sbin/sshd -D\n"
            "tcp    10.0.0.1:22    10.0.0.2:50000  ESTABLISHED  100  root  "
            "sshd     /usr/sbin/sshd -D\n");
}

TEST(WhoCommandTest, PortWithoutListenerExitsOneWithAMessage) {
  PmResult r = RunPmForTest({"who", "8080"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitNotFound);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "port 8080: nothing is listening\n");
}

TEST(WhoCommandTest, TimeWaitIsNotListeningButIsASocketWithAll) {
  PmResult listening = RunPmForTest({"who", "9000"}, MakeMachine());
  EXPECT_EQ(listening.exit_code, kExitNotFound);
  EXPECT_EQ(listening.err, "port 9000: nothing is listening\n");
  PmResult all = RunPmForTest({"who", "--all", "9000"}, MakeMachine());
  EXPECT_EQ(all.exit_code, kExitOk);
  EXPECT_EQ(all.err, "");
}

TEST(WhoCommandTest, OneMissingPortOfSeveralExitsOne) {
  PmResult r =
      RunPmForTest({"who", "22", "8080", "--all", "8081"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitNotFound);
  EXPECT_EQ(r.err, "port 8080: no socket\nport 8081: no socket\n");
  EXPECT_NE(r.out.find("0.0.0.0:22"), std::string::npos);
}

TEST(WhoCommandTest, InvisibleOwnerStillHoldsThePort) {
  PmResult r = RunPmForTest({"who", "5353"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out,
            "PROTO  LOCAL ADDRESS  STATE   PID  USER  PROCESS                 "
            "                       COMMAND\n"
            "udp6   [::1]:5353     UNCONN    -  1000  (not visible: held by "
            "another user/namespace)\n");
}

TEST(WhoCommandTest, FirstAsksTheBackendForTheFirstOwnerOnly) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"who", "--first", "22"}, tables);
  EXPECT_EQ(r.exit_code, kExitOk);
  ASSERT_EQ(tables->queries.size(), 1u);
  EXPECT_EQ(tables->queries[0].owner_search, OwnerSearch::kFirst);
  EXPECT_TRUE(tables->queries[0].with_owners);

  r = RunPmForTest({"who", "22"}, tables);
  ASSERT_EQ(tables->queries.size(), 2u);
  EXPECT_EQ(tables->queries[1].owner_search, OwnerSearch::kAll);
}

TEST(WhoCommandTest, ProtocolFilterApplies) {
  PmResult r = RunPmForTest({"who", "--udp", "22"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitNotFound);
}

struct BadPort {
  const char* text;
  const char* message;
};

class WhoBadPortTest : public ::testing::TestWithParam<BadPort> {};

TEST_P(WhoBadPortTest, IsAUsageErrorWithParsePortsMessageAndNoLookup) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"who", "22", GetParam().text}, tables);
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, std::string("pm who: ") + GetParam().message + "\n");
  EXPECT_EQ(tables->backends_created, 0);
  EXPECT_TRUE(tables->queries.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Ports, WhoBadPortTest,
    ::testing::Values(
        BadPort{"0",
                "port 0 is not a port a process can hold: give a port from 1 "
                "to 65535"},
        BadPort{"70000",
                "port 70000 is out of range: ports go from 1 to 65535"},
        BadPort{"abc",
                "'abc' is not a port: expected a number from 1 to 65535"},
        BadPort{"-5",
                "'-5' is not a port: expected a number from 1 to 65535"}));

TEST(WhoCommandTest, JsonListsEveryPortAndKeepsMessagesOnStderr) {
  PmResult r = RunPmForTest({"who", "--json", "22", "8080"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitNotFound);
  EXPECT_EQ(r.err, "port 8080: nothing is listening\n");
  EXPECT_EQ(r.out, R"({
  "ports": [
    {
      "port": 22,
      "sockets": [
        {
          "protocol": "tcp",
          "family": "ipv4",
          "local": {
            "address": "0.0.0.0",
            "port": 22
          },
          "remote": {
            "address": "0.0.0.0",
            "port": 0
          },
          "state": "LISTEN",
          "uid": 1000,
          "inode": 5022,
          "owner_visibility": "visible",
          "owners_partial": false,
          "owners": [
            {
              "pid": 100,
              "ppid": 1,
              "name": "sshd",
              "user": "root",
              "uid": 1000,
              "exe": "/usr/bin/sshd",
              "cmdline": [
                "/usr/sbin/sshd",
                "-D"
              ],
              "start_time": "2026-01-01T00:00:00Z",
              "details_visible": true
            }
          ]
        }
      ]
    },
    {
      "port": 8080,
      "sockets": []
    }
  ]
}
)");
}

TEST(WhoCommandTest, BackendErrorIsAFailureWithNothingOnStdout) {
  auto tables = MakeMachine();
  tables->list_error = absl::UnavailableError("sock_diag kept changing");
  PmResult r = RunPmForTest({"who", "--json", "22"}, tables);
  EXPECT_EQ(r.exit_code, kExitFailure);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "pm who: port 22: sock_diag kept changing\n");
}

TEST(WhoCommandTest, NoPortIsAUsageError) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"who"}, tables);
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "pm: PORT is required\nRun 'pm --help' for more information.\n");
  EXPECT_EQ(tables->backends_created, 0);
}

}  // namespace
}  // namespace pm::cli
