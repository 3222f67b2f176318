// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The PortManager's configuration: named services, each with a default port,
// an optional fallback range, a required flag and a description; its
// validation (messages name the offending field) and the environment variable
// each service's port is exported as.
//
// Example (what examples/ports.example.json holds, as C++):
//   ServiceConfig vite{"vite-dev-server", 5176, PortRange{5173, 5180},
//                      /*required=*/true, "Vite development server"};
//   PortEnvVarName("vite-dev-server");  // "VITE_DEV_SERVER_PORT"

#ifndef PM_CORE_PORT_SERVICE_CONFIG_H_
#define PM_CORE_PORT_SERVICE_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/port_range.h"
#include "core/socket.h"

namespace pm {

// One named service port. A value type.
struct ServiceConfig {
  // Starts with a letter; then letters, digits, '-', '_' and '.'; at most 64
  // characters.
  std::string name;
  uint16_t default_port = 0;  // Tried first; 1..65535.
  // Searched in ascending order when the default port is taken. Need not
  // contain the default port.
  std::optional<PortRange> range;
  bool required = false;  // Allocated by PortManager::AllocateRequired.
  std::string description;
  Protocol protocol = Protocol::kTcp;
  std::string host = "localhost";  // Where the port must be free.
};

// The whole configuration. The default is empty: pm ships its example table as
// examples/ports.example.json, not built in.
struct PortManagerConfig {
  std::vector<ServiceConfig> services;
};

// Checks one service. `field` names it in messages ("services[2]"); errors are
// InvalidArgument "<field>.<key>: <what is wrong>", e.g.
//   "services[2].default_port: 0 is not a port"
//   "services[0].name: 'Vite Server' is not a service name: ..."
//   "services[1].range: 5180-5173 is empty: the first port must not exceed the
//    last"
//   "services[3].host: 'example.com' is not a host pm can probe: ..."
// Thread-safe.
absl::Status ValidateService(const ServiceConfig& service,
                             absl::string_view field);

// Checks every service (as "services[i]") and that no two share a name or an
// environment variable ("services[3].name: 'a_b' has the environment variable
// A_B_PORT of services[1] ('a-b')"). Thread-safe.
absl::Status ValidateConfig(const PortManagerConfig& config);

// The environment variable a service's port is exported as: the name in upper
// case with every character that is not a letter or digit replaced by '_',
// then "_PORT": "vite-dev-server" -> "VITE_DEV_SERVER_PORT". Thread-safe.
std::string PortEnvVarName(absl::string_view service);

// The service named `name`, or null. Thread-compatible.
const ServiceConfig* FindService(const PortManagerConfig& config,
                                 absl::string_view name);

}  // namespace pm

#endif  // PM_CORE_PORT_SERVICE_CONFIG_H_
