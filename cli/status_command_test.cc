// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm status --config FILE`: the config parser, and the command on sockets
// held by the test (in use, owner PID) and ports nobody holds.

#include "cli/status_command.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/app.h"
#include "core/backend.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace pm::cli {
namespace {

struct PmResult {
  int code = -1;
  std::string out;
  std::string err;
};

PmResult Pm(std::vector<std::string> args) {
  args.insert(args.begin(), "pm");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  Output output{out, err, std::nullopt};
  PmResult result;
  result.code = RunPm(
      static_cast<int>(argv.size()), argv.data(),
      [] { return CreateDefaultBackend(); }, output);
  result.out = out.str();
  result.err = err.str();
  return result;
}

std::string WriteConfig(const std::string& name, const std::string& text) {
  std::string path = absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
  std::ofstream(path) << text;
  return path;
}

TEST(ParseStatusConfigTest, ParsesAppAndPorts) {
  absl::StatusOr<StatusConfig> config = ParseStatusConfig(
      R"({"app": "my-app", "ports": [{"port": 5050, "name": "ai"},
                                     {"port": 8080}]})",
      "f.json");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->app, "my-app");
  ASSERT_EQ(config->ports.size(), 2u);
  EXPECT_EQ(config->ports[0].port, 5050);
  EXPECT_EQ(config->ports[0].name, "ai");
  EXPECT_EQ(config->ports[1].port, 8080);
  EXPECT_EQ(config->ports[1].name, "");
}

TEST(ParseStatusConfigTest, RejectsBadConfigsNamingTheFile) {
  for (const char* text :
       {"", "[]", "{", R"({"app": "x"})", R"({"ports": [{"port": 0}]})",
        R"({"ports": [{"port": 65536}]})", R"({"ports": [{"port": "80"}]})",
        R"({"ports": [{"port": 80}, {"port": 80}]})",
        R"({"ports": [{"port": 80, "name": 3}]})",
        R"({"app": 1, "ports": []})"}) {
    absl::StatusOr<StatusConfig> config = ParseStatusConfig(text, "f.json");
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument)
        << text;
    EXPECT_EQ(config.status().message().substr(0, 8), "f.json: ") << text;
  }
}

TEST(StatusCommandTest, PrintsInUseAndOwnerOfEachPort) {
  testing::TestSocket held(testing::SocketSpec{});
  ASSERT_TRUE(held.ok());
  uint16_t free_port = testing::UnusedPort();
  ASSERT_NE(free_port, 0);
  std::string path = WriteConfig(
      "ports.json", absl::StrFormat(R"({"ports": [{"port": %d, "name": "held"},
                                    {"port": %d, "name": "idle"}]})",
                                    held.port(), free_port));
  PmResult text = Pm({"status", "--config", path});
  EXPECT_EQ(text.code, kExitOk) << text.err;
  std::string held_line = absl::StrFormat("%-6d %-4s %-7s %d\n", held.port(),
                                          "held", "in use", getpid());
  std::string free_line =
      absl::StrFormat("%-6d %-4s %-7s -\n", free_port, "idle", "free");
  EXPECT_NE(text.out.find(held_line), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(free_line), std::string::npos) << text.out;

  PmResult json = Pm({"status", "--config", path, "--json"});
  ASSERT_EQ(json.code, kExitOk) << json.err;
  nlohmann::json doc = nlohmann::json::parse(json.out);
  EXPECT_TRUE(doc["app"].is_null());
  EXPECT_TRUE(doc["lock"].is_null());
  ASSERT_EQ(doc["ports"].size(), 2u);
  for (const nlohmann::json& port : doc["ports"]) {
    if (port["port"] == held.port()) {
      EXPECT_EQ(port["name"], "held");
      EXPECT_EQ(port["in_use"], true);
      EXPECT_EQ(port["owners"], nlohmann::json::array({getpid()}));
    } else {
      EXPECT_EQ(port["port"], free_port);
      EXPECT_EQ(port["in_use"], false);
      EXPECT_EQ(port["owners"], nlohmann::json::array());
    }
    EXPECT_TRUE(port["error"].is_null());
  }
}

TEST(StatusCommandTest, ReportsAFreeLock) {
  std::string path =
      WriteConfig("app.json", R"({"app": "pm-status-test-free", "ports": []})");
  PmResult json = Pm({"status", "--config", path, "--json"});
  ASSERT_EQ(json.code, kExitOk) << json.err;
  nlohmann::json doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["app"], "pm-status-test-free");
  EXPECT_EQ(doc["lock"], "free");
  EXPECT_TRUE(doc["lock_pid"].is_null());
}

TEST(StatusCommandTest, BadConfigIsAUsageError) {
  std::string path = WriteConfig("bad.json", "{");
  PmResult r = Pm({"status", "--config", path});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err, absl::StrCat("pm status: ", path, ": not valid JSON\n"));
  EXPECT_EQ(r.out, "");
  PmResult missing = Pm({"status", "--config", path + ".missing"});
  EXPECT_EQ(missing.code, kExitUsage);
  EXPECT_EQ(Pm({"status"}).code, kExitUsage);
}

}  // namespace
}  // namespace pm::cli
