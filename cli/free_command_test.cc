// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm free` run in-process on the in-memory KillTestBackend.

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
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

struct PmRun {
  int code = -1;
  std::string out;
  std::string err;
};

PmRun Pm(const std::shared_ptr<FakeWorld>& world,
         std::vector<std::string> args) {
  std::vector<const char*> argv = {"pm"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Output output{out, err, std::nullopt};
  PmRun run;
  run.code = RunPm(
      static_cast<int>(argv.size()), argv.data(),
      [&]() -> absl::StatusOr<std::unique_ptr<Backend>> {
        return std::unique_ptr<Backend>(
            std::make_unique<KillTestBackend>(world));
      },
      output);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::shared_ptr<FakeWorld> Machine() {
  auto world = std::make_shared<FakeWorld>();
  world->Add(1, 0, "init", 0);
  world->Add(300, 1, "pm");
  world->Add(400, 1, "server");
  world->Listen(8080, {400});
  world->Add(500, 1, "nginx", 33);
  world->Listen(80, {500});
  world->caller = CallerInfo{300, Uid{1000}, "user1000"};
  world->probe = BindOutcome::kFree;
  return world;
}

TEST(FreeCommandTest, FreesAHeldPortAndAcceptsAFreeOne) {
  auto world = Machine();
  PmRun r = Pm(world, {"free", "8080", ":9090"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, MatchesRegex("pid 400 \\(server, user1000\\) on :8080: "
                                  "exited after TERM in [0-9.]+ ms\n"
                                  "port 8080 is free\n"
                                  "port 9090 is free\n"));
  EXPECT_EQ(r.err, "");
}

TEST(FreeCommandTest, APortStillHeldFailsTheRun) {
  auto world = Machine();
  PmRun r = Pm(world, {"free", "8080", "80"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_THAT(r.out, HasSubstr("port 8080 is free\n"));
  EXPECT_THAT(r.out, HasSubstr("port 80 is still held: tcp 127.0.0.1:80 "
                               "LISTEN by pid 500\n"));
}

TEST(FreeCommandTest, AFreeLookingPortThatCannotBeBoundIsNotFree) {
  auto world = Machine();
  world->probe = BindOutcome::kInUse;
  PmRun r = Pm(world, {"free", "9090"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_THAT(r.out, HasSubstr("port 9090 is still held: binding tcp "
                               "[::]:9090 fails (in use)"));
}

TEST(FreeCommandTest, BadPortsAreUsageErrors) {
  auto world = Machine();
  PmRun r = Pm(world, {"free", "8080", "abc"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err,
            "pm free: 'abc' is not a port: expected a number from 1 to "
            "65535\n");
  EXPECT_TRUE(world->sent.empty());
  EXPECT_EQ(Pm(world, {"free", "--retries", "-1", "80"}).code, kExitUsage);
}

TEST(FreeCommandTest, JsonListsEachPort) {
  auto world = Machine();
  PmRun r = Pm(world, {"free", "--json", "8080", "80"});
  EXPECT_EQ(r.code, kExitFailure);
  nlohmann::json doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["ports"].size(), 2u);
  EXPECT_EQ(doc["ports"][0]["port"], 8080);
  EXPECT_EQ(doc["ports"][0]["free"], true);
  EXPECT_EQ(doc["ports"][0]["processes"][0]["outcome"], "exited_after_signal");
  EXPECT_EQ(doc["ports"][1]["free"], false);
  EXPECT_EQ(doc["ports"][1]["processes"][0]["refusal"], "other_user");
  EXPECT_EQ(doc["ports"][1]["remaining"][0]["local"], "127.0.0.1:80");
  EXPECT_EQ(doc["ports"][1]["remaining"][0]["owners"],
            nlohmann::json::array({500}));
}

}  // namespace
}  // namespace pm::cli
