// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm ports` on a fake machine: filters, rows, JSON, exit codes.

#include "cli/ports_command.h"

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

TEST(PortsCommandTest, DefaultListsListeningSocketsSortedOneRowPerOwner) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"ports"}, tables);
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(
      r.out,
      "PROTO  LOCAL ADDRESS  STATE   PID  USER      PROCESS                    "
      "                    COMMAND\n"
      "tcp    0.0.0.0:22     LISTEN  100  root      sshd                       "
      "                    /usr/sbin/sshd -D\n"
      "tcp6   [::]:80        LISTEN  200  www-data  nginx                      "
      "                    nginx: master process\n"
      "tcp6   [::]:80        LISTEN  201  www-data  nginx                      "
      "                    nginx: worker process\n"
      "udp    0.0.0.0:53     UNCONN  300  nobody    dnsmasq                    "
      "                    dnsmasq -k\n"
      "udp6   [::1]:5353     UNCONN    -  1000      (not visible: held by "
      "another user/namespace)\n");
  ASSERT_EQ(tables->queries.size(), 1u);
  EXPECT_TRUE(tables->queries[0].states == SocketStateSet::Listening());
  EXPECT_TRUE(tables->queries[0].with_owners);
  EXPECT_FALSE(tables->queries[0].local_port.has_value());
  EXPECT_EQ(tables->lookups, (std::vector<Pid>{100, 200, 201, 300}));
}

TEST(PortsCommandTest, ListeningFlagIsTheDefault) {
  PmResult plain = RunPmForTest({"ports"}, MakeMachine());
  PmResult explicit_flag =
      RunPmForTest({"ports", "--listening"}, MakeMachine());
  EXPECT_EQ(explicit_flag.exit_code, kExitOk);
  EXPECT_EQ(explicit_flag.out, plain.out);
}

TEST(PortsCommandTest, AllShowsEveryStateWithRemoteAndLooksEachPidUpOnce) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"ports", "--all", "--tcp", "-4"}, tables);
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out,
            "PROTO  LOCAL ADDRESS   REMOTE           STATE        PID  USER  "
            "PROCESS     COMMAND\n"
            "tcp    0.0.0.0:22      0.0.0.0:*        LISTEN       100  root  "
            "sshd        /usr/sbin/sshd -D\n"
            "tcp    10.0.0.1:22     10.0.0.2:50000   ESTABLISHED  100  root  "
            "sshd        /usr/sbin/sshd -D\n"
            "tcp    127.0.0.1:9000  127.0.0.1:40000  TIME_WAIT      -  -     "
            "(no owner)\n");
  ASSERT_EQ(tables->queries.size(), 1u);
  EXPECT_TRUE(tables->queries[0].states.IsAll());
  EXPECT_TRUE(tables->queries[0].tcp);
  EXPECT_FALSE(tables->queries[0].udp);
  EXPECT_TRUE(tables->queries[0].ipv4);
  EXPECT_FALSE(tables->queries[0].ipv6);
  EXPECT_EQ(tables->lookups, (std::vector<Pid>{100}));
}

TEST(PortsCommandTest, SeveralPortsAreFilteredFromOneListing) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"ports", "--port", "22", "--port", ":53"}, tables);
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out,
            "PROTO  LOCAL ADDRESS  STATE   PID  USER    PROCESS  COMMAND\n"
            "tcp    0.0.0.0:22     LISTEN  100  root    sshd     "
            "/usr/sbin/sshd -D\n"
            "udp    0.0.0.0:53     UNCONN  300  nobody  dnsmasq  dnsmasq -k\n");
  ASSERT_EQ(tables->queries.size(), 1u);
  EXPECT_FALSE(tables->queries[0].local_port.has_value());
  EXPECT_EQ(tables->lookups, (std::vector<Pid>{100, 300}));
}

TEST(PortsCommandTest, EachPortFlagTakesOneValue) {
  PmResult r = RunPmForTest({"ports", "--port", "22", "53"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.err,
            "pm: The following argument was not expected: 53\n"
            "Run 'pm --help' for more information.\n");
}

TEST(PortsCommandTest, OnePortIsPassedToTheBackend) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"ports", "-p", "80", "-6"}, tables);
  EXPECT_EQ(r.exit_code, kExitOk);
  ASSERT_EQ(tables->queries.size(), 1u);
  EXPECT_EQ(tables->queries[0].local_port, std::optional<uint16_t>(80));
  EXPECT_FALSE(tables->queries[0].ipv4);
  EXPECT_TRUE(tables->queries[0].ipv6);
}

TEST(PortsCommandTest, PidKeepsOnlyThatOwnersRows) {
  PmResult r = RunPmForTest({"ports", "--pid", "201"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out,
            "PROTO  LOCAL ADDRESS  STATE   PID  USER      PROCESS  COMMAND\n"
            "tcp6   [::]:80        LISTEN  201  www-data  nginx    nginx: "
            "worker process\n");
}

TEST(PortsCommandTest, JsonHoldsWholeSocketsAndNothingElse) {
  PmResult r = RunPmForTest({"ports", "--json", "--udp", "-4"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, R"({
  "sockets": [
    {
      "protocol": "udp",
      "family": "ipv4",
      "local": {
        "address": "0.0.0.0",
        "port": 53
      },
      "remote": {
        "address": "0.0.0.0",
        "port": 0
      },
      "state": "UNCONN",
      "uid": 1000,
      "inode": 5053,
      "owner_visibility": "visible",
      "owners_partial": false,
      "owners": [
        {
          "pid": 300,
          "ppid": 1,
          "name": "dnsmasq",
          "user": "nobody",
          "uid": 1000,
          "exe": "/usr/bin/dnsmasq",
          "cmdline": [
            "dnsmasq",
            "-k"
          ],
          "start_time": "2026-01-01T00:00:00Z",
          "details_visible": true
        }
      ]
    }
  ]
}
)");
}

TEST(PortsCommandTest, JsonWithNothingMatchingIsAnEmptyList) {
  PmResult r = RunPmForTest({"ports", "--json", "--port", "1"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out, "{\n  \"sockets\": []\n}\n");
}

TEST(PortsCommandTest, NothingMatchingPrintsTheHeaderOnly) {
  PmResult r = RunPmForTest({"ports", "--port", "1"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out,
            "PROTO  LOCAL ADDRESS  STATE  PID  USER  PROCESS  COMMAND\n");
}

TEST(PortsCommandTest, BadPortIsAUsageErrorBeforeAnyLookup) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"ports", "--port", "22", "--port", "abc"}, tables);
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "pm ports: 'abc' is not a port: expected a number from 1 to "
            "65535\n");
  EXPECT_EQ(tables->backends_created, 0);
}

TEST(PortsCommandTest, PidMustBePositive) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"ports", "--pid", "0"}, tables);
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "pm ports: --pid 0 is not a process ID: give a number from 1 up\n");
  PmResult junk = RunPmForTest({"ports", "--pid", "abc"}, tables);
  EXPECT_EQ(junk.exit_code, kExitUsage);
  EXPECT_EQ(junk.out, "");
  EXPECT_EQ(tables->backends_created, 0);
}

TEST(PortsCommandTest, SocketTableErrorIsAFailure) {
  auto tables = MakeMachine();
  tables->list_error =
      absl::PermissionDeniedError("open(/proc/net/tcp): Permission denied");
  PmResult r = RunPmForTest({"ports", "--json"}, tables);
  EXPECT_EQ(r.exit_code, kExitFailure);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "pm ports: open(/proc/net/tcp): Permission denied\n");
}

}  // namespace
}  // namespace pm::cli
