// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm status --config FILE`: the managed ports an application declares (a
// JSON file), each with whether it is in use and which processes hold it, and
// who holds the application's single-instance lock.

#ifndef PM_CLI_STATUS_COMMAND_H_
#define PM_CLI_STATUS_COMMAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/lock_command.h"
#include "cli/output.h"

namespace pm::cli {

// The managed ports of an application, as `pm status` reads them:
//   {"app": "my-app", "ports": [{"port": 5050, "name": "ai-service"}, ...]}
// "app" is optional (no lock is reported without it); "name" is optional.
struct StatusConfig {
  std::string app;
  struct Port {
    uint16_t port = 0;
    std::string name;
  };
  std::vector<Port> ports;
};

// Parses a StatusConfig. Returns InvalidArgument naming `path` for text that is
// not JSON, a missing "ports" array, a port that is not an integer in 1-65535
// or is listed twice, or a "name"/"app" that is not a string. Thread-safe.
absl::StatusOr<StatusConfig> ParseStatusConfig(absl::string_view text,
                                               absl::string_view path);

// The command line of `pm status`.
struct StatusOptions {
  std::string config;  // --config FILE (required).
  bool json = false;   // --json.
};

// Registers `status` as a subcommand of `app`, storing into `*options`, which
// must outlive the parse. Returns `status`.
CLI::App* AddStatusCommand(CLI::App& app, StatusOptions* options);

// Runs `pm status`: reads the config, registers its ports with a
// ProcessManager on the backend and LocalSystem the factories create, and
// prints ProcessManager::Status():
//   app my-app: lock held by pid 4242        (or "lock free", "lock stale")
//   PORT   NAME        STATE    PIDS
//   5050   ai-service  in use   4242
//   8080   api         free     -
// or with --json {"app","lock":"held"|"free"|"stale"|null,"lock_pid",
// "ports":[{"port","name","in_use","owners":[..],"error"}]}. Returns kExitOk;
// kExitUsage (before the OS is asked) when the file cannot be read or parsed
// ("pm status: <why>" on stderr); kExitFailure when the backend or the
// LocalSystem cannot be created. Thread-compatible.
int RunStatus(const StatusOptions& options, const BackendFactory& make_backend,
              const LocalSystemFactory& make_local_system,
              const Output& output);

}  // namespace pm::cli

#endif  // PM_CLI_STATUS_COMMAND_H_
