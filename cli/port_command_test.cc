// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm port ...` run in-process on the native backend, against sockets the test
// holds and a state directory under $TEST_TMPDIR.

#include "cli/port_command.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/app.h"
#include "cli/output.h"
#include "core/backend.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace pm::cli {
namespace {

using ::pm::testing::SocketSpec;
using ::pm::testing::TestSocket;

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

Result Pm(std::vector<std::string> args) {
  std::vector<const char*> argv = {"pm"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out;
  std::ostringstream err;
  Output output{out, err, std::nullopt};
  Result r;
  r.code = RunPm(
      static_cast<int>(argv.size()), argv.data(),
      [] { return CreateDefaultBackend(); }, output);
  r.out = out.str();
  r.err = err.str();
  return r;
}

nlohmann::json Parse(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

std::unique_ptr<TestSocket> Hold(uint16_t port) {
  SocketSpec spec;
  spec.port = port;
  auto held = std::make_unique<TestSocket>(spec);
  EXPECT_TRUE(held->ok());
  return held;
}

TEST(PortCheckCommandTest, FreeAndHeldPorts) {
  auto held = Hold(0);
  const uint16_t free_port = testing::UnusedPort();
  Result r = Pm({"port", "check", absl::StrCat(free_port)});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("free   -         -"), std::string::npos) << r.out;

  r = Pm({"port", "check", absl::StrCat(held->port()), "--json"});
  EXPECT_EQ(r.code, kExitNotFound) << r.err;
  nlohmann::json doc = Parse(r.out);
  ASSERT_TRUE(doc.is_object()) << r.out;
  const nlohmann::json& port = doc["ports"][0];
  EXPECT_EQ(port["port"], held->port());
  EXPECT_EQ(port["free"], false);
  EXPECT_EQ(port["taken_on"], nlohmann::json::array({"127.0.0.1"}));
  EXPECT_EQ(port["free_on"], nlohmann::json::array({"::1"}));
  EXPECT_EQ(port["sockets"][0]["owners"][0]["pid"], getpid());

  r = Pm({"port", "check", absl::StrCat(held->port())});
  EXPECT_NE(r.out.find(absl::StrCat("in use  127.0.0.1  pid ", getpid())),
            std::string::npos)
      << r.out;
}

TEST(PortCheckCommandTest, UsageErrors) {
  Result r = Pm({"port", "check", "70000"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err,
            "pm port check: port 70000 is out of range: ports go from 1 to "
            "65535\n");
  r = Pm({"port", "check", "8080", "--host", "example.com"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(Pm({"port"}).code, kExitUsage);
}

TEST(PortFindCommandTest, PrintsTheFirstFreePortOfTheRange) {
  const PortRange range = testing::UnusedRange(3);
  auto a = Hold(range.first);
  auto b = Hold(static_cast<uint16_t>(range.first + 1));
  Result r = Pm({"port", "find", range.ToString()});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, absl::StrCat(range.first + 2, "\n"));
  auto c = Hold(static_cast<uint16_t>(range.first + 2));
  r = Pm({"port", "find", range.ToString()});
  EXPECT_EQ(r.code, kExitNotFound);
  EXPECT_EQ(r.err, absl::StrCat("pm port find: no free tcp port in ",
                                range.ToString(), " on localhost: 3 in use\n"));
  EXPECT_EQ(Pm({"port", "find", "9-1"}).code, kExitUsage);
  r = Pm({"port", "find", "--json"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_TRUE(Parse(r.out)["port"].is_number()) << r.out;
  EXPECT_TRUE(Parse(r.out)["range"].is_null()) << r.out;
}

TEST(PortWaitCommandTest, ListenerFreeAndTimeout) {
  // Why: a port below the ephemeral range, so that once closed it stays free
  // (an ephemeral one was taken by another process's bind(0) in between).
  auto held = Hold(testing::UnusedPort());
  const std::string port = absl::StrCat(held->port());
  Result r = Pm({"port", "wait", port, "--timeout", "30s"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find(absl::StrCat("127.0.0.1:", port, "  LISTEN  ")),
            std::string::npos)
      << r.out;

  r = Pm({"port", "wait", port, "--free", "--timeout", "20ms", "--json"});
  EXPECT_EQ(r.code, kExitNotFound);
  EXPECT_EQ(Parse(r.out)["event"], "timeout") << r.out;
  EXPECT_NE(r.err.find(absl::StrCat("by pid ", getpid())), std::string::npos)
      << r.err;

  held->Close();
  r = Pm({"port", "wait", port, "--free", "--json"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(Parse(r.out)["event"], "free") << r.out;

  r = Pm({"port", "wait", port, "--timeout", "0.02"});
  EXPECT_EQ(r.code, kExitNotFound);
  EXPECT_EQ(r.err.rfind(absl::StrCat("pm port wait: nothing listens on tcp "
                                     "port ",
                                     port, " after "),
                        0),
            0u)
      << r.err;
  r = Pm({"port", "wait", port, "--timeout", "soon"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err,
            "pm port wait: --timeout 'soon' is not a duration: give seconds "
            "(10), or 500ms, 30s, 2m, inf\n");
}

class PortManagerCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ = absl::StrCat(
        tmp != nullptr ? tmp : "/tmp", "/cli_",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    range_ = testing::UnusedRange(2);
    config_ = absl::StrCat(dir_, "-ports.json");
    std::ofstream(config_) << absl::StrCat(
        R"({"services": [{"name": "web-app", "default_port": )", range_.first,
        R"(, "range": [)", range_.first, ", ", range_.last,
        R"(], "required": true}, {"name": "api", "default_port": )",
        range_.first, "}]}");
  }
  Result Run(std::vector<std::string> args) {
    args.push_back("--state-dir");
    args.push_back(dir_);
    return Pm(args);
  }

  std::string dir_;
  std::string config_;
  PortRange range_;
};

TEST_F(PortManagerCommandTest, AllocStatusEnvRelease) {
  Result r = Run({"port", "alloc", "web-app", "--config", config_});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find(absl::StrCat("web-app  ", range_.first,
                                    "  allocated  allocated the default port")),
            std::string::npos)
      << r.out;
  // The allocation outlives the command: the next ones see it.
  r = Run({"port", "alloc", "api", "--config", config_});
  EXPECT_EQ(r.code, kExitNotFound) << r.out;
  EXPECT_NE(r.out.find(absl::StrCat("is allocated to web-app and api has no "
                                    "fallback range")),
            std::string::npos)
      << r.out;
  r = Run({"port", "status", "--json"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  nlohmann::json status = Parse(r.out);
  ASSERT_EQ(status["allocations"].size(), 1u) << r.out;
  EXPECT_EQ(status["allocations"][0]["service"], "web-app");
  EXPECT_EQ(status["allocations"][0]["persistent"], true);
  EXPECT_EQ(status["allocations"][0]["in_use"], false);

  r = Run({"port", "env"});
  EXPECT_EQ(r.out, absl::StrCat("WEB_APP_PORT=", range_.first, "\n"));
  r = Run({"port", "env", "--export"});
  EXPECT_EQ(r.out, absl::StrCat("export WEB_APP_PORT=", range_.first, "\n"));
  r = Run({"port", "env", "--json"});
  EXPECT_EQ(Parse(r.out)["variables"]["WEB_APP_PORT"],
            absl::StrCat(range_.first));

  r = Run({"port", "release", "web-app"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(r.out,
            absl::StrCat("released web-app (port ", range_.first, ")\n"));
  r = Run({"port", "release", "web-app"});
  EXPECT_EQ(r.code, kExitNotFound);
  EXPECT_EQ(r.err,
            "pm port release: service 'web-app' has no port allocated\n");
}

TEST_F(PortManagerCommandTest, RequiredAndReleaseAll) {
  Result r =
      Run({"port", "alloc", "--required", "--config", config_, "--json"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  nlohmann::json doc = Parse(r.out);
  ASSERT_EQ(doc["allocations"].size(), 1u) << r.out;
  EXPECT_EQ(doc["allocations"][0]["service"], "web-app");
  EXPECT_EQ(doc["allocations"][0]["status"], "allocated");
  r = Run({"port", "release", "--all", "--json"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(Parse(r.out)["released"][0]["service"], "web-app") << r.out;
  EXPECT_EQ(Run({"port", "status"}).out,
            "SERVICE  PORT  PROTO  STATE  HELD BY  ALLOCATED\n");
}

TEST_F(PortManagerCommandTest, UsageErrorsChangeNothing) {
  Result r = Run({"port", "alloc", "nope", "--config", config_});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err,
            "pm port alloc: unknown service 'nope' (configured: web-app, "
            "api)\n");
  r = Run({"port", "alloc", "web-app"});  // No --config, none in the dir.
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err,
            "pm port alloc: unknown service 'web-app' (no services are "
            "configured: give --config FILE)\n");
  std::ofstream(config_) << R"({"services": [{"name": "x",
      "default_port": 1, "range": [1, 70000]}]})";
  r = Run({"port", "alloc", "x", "--config", config_});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err, absl::StrCat("pm port alloc: ", config_,
                                ": services[0].range[1]: 70000 is not a "
                                "port\n"));
  EXPECT_EQ(Run({"port", "alloc"}).code, kExitUsage);
  EXPECT_EQ(Run({"port", "release"}).code, kExitUsage);
  EXPECT_EQ(Run({"port", "status", "--json"}).out,
            "{\n  \"allocations\": []\n}\n");
}

}  // namespace
}  // namespace pm::cli
