// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The ports document: the shipped example, field-naming validation, and the
// exact JSON written.

#include "core/port_json.h"

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tools/cpp/runfiles/runfiles.h"

namespace pm {
namespace {

using ::bazel::tools::cpp::runfiles::Runfiles;

std::string ReadRunfile(const std::string& name) {
  std::string error;
  std::unique_ptr<Runfiles> runfiles(Runfiles::CreateForTest(&error));
  EXPECT_NE(runfiles, nullptr) << error;
  if (runfiles == nullptr) return "";
  std::ifstream in(runfiles->Rlocation(name));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The error message of parsing `json`, or "OK".
std::string ErrorOf(const std::string& json) {
  absl::StatusOr<PortsDocument> document = ParsePortsDocument(json);
  if (document.ok()) return "OK";
  EXPECT_TRUE(absl::IsInvalidArgument(document.status())) << document.status();
  return std::string(document.status().message());
}

std::string Service(const std::string& fields) {
  return absl::StrCat(R"({"services": [{"name": "a", "default_port": 1000},)",
                      R"( {"name": "b", "default_port": 2000},)", "{", fields,
                      "}]}");
}

TEST(PortJsonTest, TheShippedExampleHoldsTheSeedsTable) {
  const std::string text = ReadRunfile("pm/examples/ports.example.json");
  ASSERT_FALSE(text.empty());
  absl::StatusOr<PortsDocument> document = ParsePortsDocument(text);
  ASSERT_TRUE(document.ok()) << document.status();
  const auto& services = document->config.services;
  ASSERT_EQ(services.size(), 4u);
  struct Row {
    const char* name;
    uint16_t port, first, last;
    bool required;
    const char* description;
  };
  const Row rows[] = {
      {"vite-dev-server", 5176, 5173, 5180, true, "Vite development server"},
      {"python-ai-service", 5050, 5050, 5060, false,
       "Python AI document analysis service"},
      {"electron-dev-api", 8080, 8080, 8090, false,
       "Electron development API server"},
      {"playwright-debug", 9323, 9320, 9330, false, "Playwright debugger"}};
  for (size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(rows[i].name);
    EXPECT_EQ(services[i].name, rows[i].name);
    EXPECT_EQ(services[i].default_port, rows[i].port);
    ASSERT_TRUE(services[i].range.has_value());
    EXPECT_EQ(*services[i].range, (PortRange{rows[i].first, rows[i].last}));
    EXPECT_EQ(services[i].required, rows[i].required);
    EXPECT_EQ(services[i].description, rows[i].description);
    EXPECT_EQ(services[i].protocol, Protocol::kTcp);
    EXPECT_EQ(services[i].host, "localhost");
  }
  EXPECT_TRUE(document->allocations.empty());
}

TEST(PortJsonTest, ErrorsNameTheField) {
  EXPECT_EQ(ErrorOf(Service(R"("name": "c", "default_port": 5000,
                               "range": [5000, 70000])")),
            "services[2].range[1]: 70000 is not a port");
  EXPECT_EQ(ErrorOf(Service(R"("name": "c", "default_port": -1)")),
            "services[2].default_port: -1 is not a port");
  EXPECT_EQ(ErrorOf(Service(R"("name": "c", "default_port": "80")")),
            "services[2].default_port: expected a port number, got \"80\"");
  EXPECT_EQ(ErrorOf(Service(R"("name": "c", "default_port": 80.5)")),
            "services[2].default_port: expected a port number, got 80.5");
  EXPECT_EQ(ErrorOf(Service(R"("name": "c", "default_port": 1, "range": [1])")),
            "services[2].range: expected [first, last], got [1]");
  EXPECT_EQ(
      ErrorOf(Service(R"("name": "c", "default_port": 1, "required": "yes")")),
      "services[2].required: expected true or false, got \"yes\"");
  EXPECT_EQ(ErrorOf(Service(R"("name": "c", "default_port": 1, "colour": 3)")),
            "services[2].colour: unknown key (expected name, service, "
            "default_port, range, required, description, protocol, host)");
  EXPECT_EQ(ErrorOf(Service(R"("default_port": 1)")),
            "services[2].name: missing");
  EXPECT_EQ(ErrorOf(Service(R"("name": "c")")),
            "services[2].default_port: missing");
  EXPECT_EQ(
      ErrorOf(Service(R"("name": "c", "default_port": 1, "protocol": "sctp")")),
      "services[2].protocol: 'sctp' is not a protocol: expected \"tcp\" or "
      "\"udp\"");
  EXPECT_EQ(ErrorOf(Service(R"("name": "a", "default_port": 1)")),
            "services[2].name: 'a' is defined twice (first in services[0])");
  EXPECT_EQ(ErrorOf(Service(R"("name": "c", "service": "c",
                               "default_port": 1)")),
            "services[2].service: give \"name\" or \"service\", not both");
  EXPECT_EQ(ErrorOf(R"({"services": [3]})"),
            "services[0]: expected an object, got 3");
  EXPECT_EQ(ErrorOf(R"({"services": {}})"),
            "services: expected an array, got {}");
  EXPECT_EQ(ErrorOf(R"({"version": 2})"),
            "version: 2 is not a version pm reads (expected 1)");
  EXPECT_EQ(ErrorOf(R"({"extra": 1})"),
            "document.extra: unknown key (expected version, services, "
            "allocations)");
  EXPECT_EQ(ErrorOf("[]"), "expected a JSON object, got []");
  EXPECT_EQ(ErrorOf(R"({"allocations": [{"service": "a", "port": 80,
                       "allocated_at": "yesterday"}]})"),
            "allocations[0].allocated_at: 'yesterday' is not an RFC 3339 time");
  EXPECT_EQ(ErrorOf(R"({"allocations": [{"port": 80}]})"),
            "allocations[0].service: missing");
  EXPECT_EQ(ErrorOf(R"({"allocations": [{"service": "a", "port": 80,
                       "pid": -4}]})"),
            "allocations[0].pid: expected a whole number, got -4");
}

TEST(PortJsonTest, BadJsonGivesTheLineAndColumn) {
  EXPECT_EQ(ErrorOf("{\n  \"services\": [\n}"),
            "line 3, column 1: syntax error while parsing value - unexpected "
            "'}'; expected '[', '{', or a literal");
  EXPECT_EQ(ErrorOf(""),
            "line 1, column 1: syntax error while parsing value - unexpected "
            "end of input; expected '[', '{', or a literal");
}

TEST(PortJsonTest, TheSeedsSpellingIsAccepted) {
  absl::StatusOr<PortsDocument> document = ParsePortsDocument(
      R"({"services": [{"service": "api", "default_port": 9999,
                        "range": null, "protocol": "udp", "host": "::1"}]})");
  ASSERT_TRUE(document.ok()) << document.status();
  const ServiceConfig& api = document->config.services.at(0);
  EXPECT_EQ(api.name, "api");
  EXPECT_FALSE(api.range.has_value());
  EXPECT_EQ(api.protocol, Protocol::kUdp);
  EXPECT_EQ(api.host, "::1");
}

TEST(PortJsonTest, SerializedDocumentIsExactAndRoundTrips) {
  PortsDocument document;
  ServiceConfig api;
  api.name = "api";
  api.default_port = 8080;
  api.range = PortRange{8080, 8081};
  api.description = "API";
  document.config.services.push_back(api);
  AllocationRecord record;
  record.service = "api";
  record.port = 8081;
  record.requested_port = 8080;
  record.allocated_at = absl::FromUnixMillis(1767323045250);
  record.pid = 4242;
  record.start_token = 123456;
  document.allocations.push_back(record);
  const std::string text = SerializePortsDocument(document);
  EXPECT_EQ(text, R"({
  "version": 1,
  "services": [
    {
      "name": "api",
      "default_port": 8080,
      "range": [
        8080,
        8081
      ],
      "required": false,
      "description": "API",
      "protocol": "tcp",
      "host": "localhost"
    }
  ],
  "allocations": [
    {
      "service": "api",
      "port": 8081,
      "requested_port": 8080,
      "protocol": "tcp",
      "host": "localhost",
      "allocated_at": "2026-01-02T03:04:05.25Z",
      "pid": 4242,
      "start_token": 123456,
      "persistent": false
    }
  ]
}
)");
  absl::StatusOr<PortsDocument> back = ParsePortsDocument(text);
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->config.services.size(), 1u);
  EXPECT_EQ(back->config.services[0].range, api.range);
  EXPECT_EQ(back->config.services[0].description, "API");
  ASSERT_EQ(back->allocations.size(), 1u);
  EXPECT_TRUE(back->allocations[0] == record);
}

}  // namespace
}  // namespace pm
