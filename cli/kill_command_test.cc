// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm kill` run in-process on the in-memory KillTestBackend: output, exit
// codes, refusals, dry runs and JSON.

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/output.h"
#include "core/kill_test_backend.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace pm::cli {
namespace {

using ::pm::kill_testing::FakeWorld;
using ::pm::kill_testing::KillTestBackend;
using ::pm::kill_testing::Reaction;
using ::pm::kill_testing::SentSignal;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

struct PmRun {
  int code = -1;
  std::string out;
  std::string err;
  int backends = 0;
};

PmRun Pm(const std::shared_ptr<FakeWorld>& world,
         std::vector<std::string> args) {
  std::vector<const char*> argv = {"pm"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  PmRun run;
  Output output{out, err, std::nullopt};
  run.code = RunPm(
      static_cast<int>(argv.size()), argv.data(),
      [&]() -> absl::StatusOr<std::unique_ptr<Backend>> {
        ++run.backends;
        return std::unique_ptr<Backend>(
            std::make_unique<KillTestBackend>(world));
      },
      output);
  run.out = out.str();
  run.err = err.str();
  return run;
}

// pm (300) under bash (200) under init; a server (400) on 8080 and an nginx
// (500, www-data) on 80; all but init and nginx are uid 1000's.
std::shared_ptr<FakeWorld> Machine() {
  auto world = std::make_shared<FakeWorld>();
  world->Add(1, 0, "init", 0);
  world->Add(200, 1, "bash");
  world->Add(300, 200, "pm").info.cmdline = {"pm", "kill", "name:.*"};
  world->Add(400, 1, "server").info.cmdline = {"server", "--port", "8080"};
  world->Listen(8080, {400});
  world->Add(500, 1, "nginx", 33).info.user = "www-data";
  world->Listen(80, {500});
  world->caller = CallerInfo{300, Uid{1000}, "user1000"};
  return world;
}

TEST(KillCommandTest, KillsTheListenerOfAPortAndSaysItIsFree) {
  auto world = Machine();
  PmRun r = Pm(world, {"kill", ":8080"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, MatchesRegex("pid 400 \\(server, user1000\\) on :8080: "
                                  "exited after TERM in [0-9.]+ ms\n"
                                  "port 8080 is free\n"));
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(world->sent,
              ElementsAre(SentSignal{400, TerminationSignal::kTerminate}));
}

TEST(KillCommandTest, APortNobodyHoldsMatchesNothing) {
  auto world = Machine();
  PmRun r = Pm(world, {"kill", ":9999"});
  EXPECT_EQ(r.code, kExitNotFound);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "pm kill: :9999: nothing listens on port 9999\n");
}

TEST(KillCommandTest, AnAmbiguousTargetIsAUsageErrorBeforeAnythingIsAsked) {
  auto world = Machine();
  PmRun r = Pm(world, {"kill", ":8080", "server"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("pm kill: 'server' is not a target: write "
                               ":PORT (a port), PID (a number), name:REGEX"));
  EXPECT_EQ(r.backends, 0);
  EXPECT_THAT(world->sent, IsEmpty());
  PmRun bad_regex = Pm(world, {"kill", "name:a(b"});
  EXPECT_EQ(bad_regex.code, kExitUsage);
  EXPECT_EQ(bad_regex.err, "pm kill: invalid pattern 'a(b': missing ): a(b\n");
  PmRun bad_signal = Pm(world, {"kill", "--signal", "STOP", "400"});
  EXPECT_EQ(bad_signal.code, kExitUsage);
  PmRun bad_grace = Pm(world, {"kill", "--grace", "soon", "400"});
  EXPECT_EQ(bad_grace.code, kExitUsage);
  EXPECT_EQ(bad_grace.err,
            "pm kill: 'soon' is not a grace period: write 5s, 500ms, 1m30s or "
            "a number of seconds\n");
  EXPECT_EQ(Pm(world, {"kill"}).code, kExitUsage);
}

TEST(KillCommandTest, ProtectedProcessesAreRefusedAndTheRunPartlyFails) {
  auto world = Machine();
  PmRun r = Pm(world, {"kill", "1", "300", "200", "0"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_EQ(r.out,
            "pid 1 (init, user0): refused: pid 1 (init) is the init process; "
            "pm never signals it; nothing was sent\n"
            "pid 300 (pm, user1000): refused: pid 300 (pm) is pm itself; "
            "nothing was sent\n"
            "pid 200 (bash, user1000): refused: pid 200 (bash) is an ancestor "
            "of pm (the shell or program that runs it); nothing was sent\n"
            "pid 0: refused: pid 0 names no single process (0 is the caller's "
            "process group, negative PIDs name groups or every process); "
            "nothing was sent\n");
  EXPECT_THAT(world->sent, IsEmpty());
}

TEST(KillCommandTest, AnotherUsersProcessNeedsYesAndSaysWhoseItIs) {
  auto world = Machine();
  world->caller = CallerInfo{300, Uid{0}, "root"};  // sudo pm kill :80
  world->processes.at(300).info.uid = 0;
  world->processes.at(200).info.uid = 0;
  PmRun r = Pm(world, {"kill", ":80"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_EQ(r.out,
            "pid 500 (nginx, www-data) on :80: refused: pid 500 (nginx) "
            "belongs to www-data (uid 33), not to root (uid 0); signalling "
            "another user's process needs explicit consent; nothing was sent; "
            "pass --yes to consent\n"
            "port 80 is still held: tcp 127.0.0.1:80 LISTEN by pid 500\n");
  EXPECT_THAT(world->sent, IsEmpty());
  PmRun yes = Pm(world, {"kill", "--yes", ":80"});
  EXPECT_EQ(yes.code, kExitOk) << yes.out << yes.err;
  EXPECT_THAT(yes.out, HasSubstr("port 80 is free\n"));
}

TEST(KillCommandTest, DryRunListsWhatWouldBeSignalledAndSendsNothing) {
  auto world = Machine();
  world->Add(401, 400, "worker").info.cmdline = {"server", "--worker"};
  PmRun r = Pm(world, {"kill", "--dry-run", "--tree", ":8080", "name:nginx"});
  EXPECT_EQ(r.code, kExitFailure);  // nginx would be refused.
  EXPECT_EQ(r.out,
            "PID  USER      PROCESS  PORT  ACTION  COMMAND\n"
            "401  user1000  worker   -     TERM    server --worker\n"
            "400  user1000  server   8080  TERM    server --port 8080\n"
            "PID  USER      PROCESS  PORT  ACTION                "
            "COMMAND\n"
            "500  www-data  nginx    80    refused (other_user)  nginx\n"
            "pid 500: pid 500 (nginx) belongs to www-data (uid 33), not to "
            "user1000 (uid 1000); signalling another user's process needs "
            "explicit consent; nothing was sent; pass --yes to consent\n");
  EXPECT_THAT(world->sent, IsEmpty());
  EXPECT_TRUE(world->Running(400) && world->Running(401));
}

TEST(KillCommandTest, PatternsNeverSelectPmOrItsShell) {
  auto world = Machine();
  world->Add(600, 1, "server").info.cmdline = {"server", "--port", "9090"};
  PmRun r = Pm(world, {"kill", "name:.*", "--dry-run", "--json"});
  nlohmann::json doc = nlohmann::json::parse(r.out);
  std::vector<int> pids;
  for (const auto& p : doc["targets"][0]["processes"]) {
    pids.push_back(p["process"]["pid"].get<int>());
  }
  // pm (300) and its ancestors (bash 200, init 1) are never selected; nginx
  // is listed (and would be refused).
  EXPECT_THAT(pids, ElementsAre(400, 500, 600));
  PmRun cmd = Pm(world, {"kill", "cmdline:--port 9090"});
  EXPECT_EQ(cmd.code, kExitOk) << cmd.err;
  EXPECT_THAT(world->exited, ElementsAre(600));
}

TEST(KillCommandTest, JsonDescribesEveryTargetAndProcess) {
  auto world = Machine();
  world->Add(401, 400, "worker");
  PmRun r = Pm(world, {"kill", "--json", ":8080", "4242"});
  EXPECT_EQ(r.code, kExitNotFound);  // 4242 matched nothing.
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["dry_run"], false);
  EXPECT_EQ(doc["signal"], "TERM");
  EXPECT_EQ(doc["grace_ms"], 5000.0);
  EXPECT_EQ(doc["escalate"], true);
  EXPECT_EQ(doc["tree"], false);
  ASSERT_EQ(doc["targets"].size(), 2u);
  const nlohmann::json& port = doc["targets"][0];
  EXPECT_EQ(port["target"], ":8080");
  EXPECT_EQ(port["kind"], "port");
  EXPECT_EQ(port["matched"], true);
  EXPECT_EQ(port["port"], 8080);
  EXPECT_EQ(port["port_free"], true);
  EXPECT_EQ(port["hidden_owner"], false);
  ASSERT_EQ(port["processes"].size(), 1u);
  const nlohmann::json& p = port["processes"][0];
  EXPECT_EQ(p["process"]["pid"], 400);
  EXPECT_EQ(p["process"]["name"], "server");
  EXPECT_EQ(p["ports"], nlohmann::json::array({8080}));
  EXPECT_EQ(p["outcome"], "exited_after_signal");
  EXPECT_EQ(p["refusal"], nullptr);
  EXPECT_EQ(p["signals"], nlohmann::json::array({"TERM"}));
  EXPECT_EQ(p["error"], nullptr);
  EXPECT_TRUE(p["elapsed_ms"].is_number());
  ASSERT_EQ(port["left_running"].size(), 1u);
  EXPECT_EQ(port["left_running"][0]["pid"], 401);
  const nlohmann::json& pid = doc["targets"][1];
  EXPECT_EQ(pid["kind"], "pid");
  EXPECT_EQ(pid["matched"], false);
  EXPECT_EQ(pid["port"], nullptr);
  EXPECT_EQ(pid["processes"], nlohmann::json::array());
}

TEST(KillCommandTest, EscalationAndItsAbsence) {
  auto world = Machine();
  world->processes.at(400).reaction = Reaction::kIgnoreTerm;
  PmRun stubborn = Pm(world, {"kill", "--no-escalate", "--grace", "0", "400"});
  EXPECT_EQ(stubborn.code, kExitFailure);
  EXPECT_EQ(stubborn.out,
            "pid 400 (server, user1000): still running: pid 400 (server) "
            "still running 0s after TERM (escalation is off)\n");
  PmRun killed = Pm(world, {"kill", "--grace", "0", "400"});
  EXPECT_EQ(killed.code, kExitOk);
  EXPECT_THAT(killed.out, MatchesRegex("pid 400 \\(server, user1000\\): "
                                       "killed with KILL after the 0s grace "
                                       "\\([0-9.]+ ms\\)\n"));
}

TEST(KillCommandTest, TreeModeReachesDescendantsAndWithoutItTheyAreShown) {
  auto world = Machine();
  world->Add(401, 400, "worker");
  world->Add(402, 401, "helper");
  PmRun plain = Pm(world, {"kill", "400"});
  EXPECT_EQ(plain.code, kExitOk);
  EXPECT_THAT(plain.out,
              HasSubstr("left running (not in --tree): pid 401 (worker, "
                        "user1000), child of 400\nleft running (not in "
                        "--tree): pid 402 (helper, user1000), child of 401\n"));
  world->Add(400, 1, "server");
  PmRun tree = Pm(world, {"kill", "--tree", "--signal", "INT", "400"});
  EXPECT_EQ(tree.code, kExitOk);
  EXPECT_THAT(world->exited, ElementsAre(400, 402, 401, 400));
  EXPECT_THAT(tree.out, HasSubstr("pid 402 (helper, user1000), child of 401: "
                                  "exited after INT in "));
}

}  // namespace
}  // namespace pm::cli
