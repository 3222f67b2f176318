// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ValidateService, ValidateConfig and PortEnvVarName.

#include "core/port_service_config.h"

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

ServiceConfig Vite() {
  ServiceConfig s;
  s.name = "vite-dev-server";
  s.default_port = 5176;
  s.range = PortRange{5173, 5180};
  s.required = true;
  s.description = "Vite development server";
  return s;
}

std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

TEST(ValidateServiceTest, TheSeedsServiceIsValid) {
  EXPECT_TRUE(ValidateService(Vite(), "services[0]").ok());
  ServiceConfig no_range = Vite();
  no_range.range.reset();
  EXPECT_TRUE(ValidateService(no_range, "services[0]").ok());
}

TEST(ValidateServiceTest, MessagesNameTheField) {
  ServiceConfig s = Vite();
  s.default_port = 0;
  EXPECT_EQ(Message(ValidateService(s, "services[2]")),
            "services[2].default_port: 0 is not a port");

  s = Vite();
  s.range = PortRange{5180, 5173};
  EXPECT_EQ(Message(ValidateService(s, "services[1]")),
            "services[1].range: 5180-5173 is empty: the first port must not "
            "exceed the last");

  s = Vite();
  s.range = PortRange{0, 10};
  EXPECT_EQ(Message(ValidateService(s, "services[0]")),
            "services[0].range[0]: 0 is not a port");

  s = Vite();
  s.name = "Vite Server";
  EXPECT_EQ(Message(ValidateService(s, "services[0]")),
            "services[0].name: 'Vite Server' is not a service name: start with "
            "a letter, then use letters, digits, '-', '_' and '.' (at most 64 "
            "characters)");

  s = Vite();
  s.name = "9lives";
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateService(s, "services[0]")));
  s.name = std::string(65, 'a');
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateService(s, "services[0]")));

  s = Vite();
  s.host = "example.com";
  EXPECT_EQ(Message(ValidateService(s, "services[3]")),
            "services[3].host: 'example.com' is not a host pm can probe: give "
            "localhost or an IP address (127.0.0.1, ::1, 0.0.0.0, ::)");
}

TEST(ValidateConfigTest, EmptyIsValid) {
  EXPECT_TRUE(ValidateConfig(PortManagerConfig()).ok());
}

TEST(ValidateConfigTest, DuplicateNamesAndVariablesAreRefused) {
  PortManagerConfig config;
  config.services = {Vite(), Vite()};
  config.services[1].default_port = 6000;
  EXPECT_EQ(Message(ValidateConfig(config)),
            "services[1].name: 'vite-dev-server' is defined twice (first in "
            "services[0])");

  config.services[1].name = "vite_dev.server";
  EXPECT_EQ(Message(ValidateConfig(config)),
            "services[1].name: 'vite_dev.server' has the environment variable "
            "VITE_DEV_SERVER_PORT of services[0] ('vite-dev-server')");

  config.services[1].name = "api";
  EXPECT_TRUE(ValidateConfig(config).ok());
  config.services[1].default_port = 0;
  EXPECT_EQ(Message(ValidateConfig(config)),
            "services[1].default_port: 0 is not a port");
}

TEST(PortEnvVarNameTest, UpperSnakeCaseWithPortSuffix) {
  EXPECT_EQ(PortEnvVarName("vite-dev-server"), "VITE_DEV_SERVER_PORT");
  EXPECT_EQ(PortEnvVarName("python-ai-service"), "PYTHON_AI_SERVICE_PORT");
  EXPECT_EQ(PortEnvVarName("api.v2_beta"), "API_V2_BETA_PORT");
  EXPECT_EQ(PortEnvVarName("x"), "X_PORT");
}

TEST(FindServiceTest, FindsByExactName) {
  PortManagerConfig config;
  config.services = {Vite()};
  ASSERT_NE(FindService(config, "vite-dev-server"), nullptr);
  EXPECT_EQ(FindService(config, "vite-dev-server")->default_port, 5176);
  EXPECT_EQ(FindService(config, "VITE-DEV-SERVER"), nullptr);
}

}  // namespace
}  // namespace pm
