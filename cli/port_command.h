// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm port ...`: probe, find, wait for and allocate ports.
//
//   pm port check PORT...            free, or who holds it
//   pm port find [RANGE]             print a free port (any port without RANGE)
//   pm port wait PORT [--free]       wait for a listener (or for the port to
//                                    be free), up to --timeout
//   pm port alloc SERVICE...         allocate named service ports (--config)
//   pm port release SERVICE... | --all
//   pm port status                   allocations and who holds their ports
//   pm port env                      SERVICE_NAME_PORT=port lines
//
// docs/cli.md documents the output, the JSON and the exit codes.

#ifndef PM_CLI_PORT_COMMAND_H_
#define PM_CLI_PORT_COMMAND_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/output.h"

namespace pm::cli {

// Where a probe looks: the host (ParseProbeHost) and the protocol.
struct PortTargetFlags {
  std::string host = "localhost";  // --host.
  bool udp = false;                // -u/--udp (default TCP).
};

struct PortCheckOptions {
  std::vector<std::string> ports;  // PORT..., ParsePort'ed.
  PortTargetFlags target;
  bool json = false;
};

struct PortFindOptions {
  std::string range;  // [RANGE]: "5173-5180", "8080"; empty: any port.
  PortTargetFlags target;
  bool json = false;
};

struct PortWaitCommandOptions {
  std::string port;
  std::string timeout = "30s";  // --timeout: absl duration or seconds.
  bool free = false;            // --free: wait for the port to be free.
  std::string host;             // --host: empty means any local address.
  bool udp = false;
  bool json = false;
};

// Where the PortManager commands keep and read their files.
struct PortManagerFlags {
  // --config: a ports document (examples/ports.example.json). Default:
  // <state dir>/ports.json when it exists, else no services.
  std::string config;
  // --state-dir. Default: $PM_STATE_DIR, else $XDG_STATE_HOME/pm, else
  // $HOME/.local/state/pm, else %LOCALAPPDATA%/pm.
  std::string state_dir;
};

struct PortAllocOptions {
  std::vector<std::string> services;
  bool required = false;  // --required: every required service.
  PortManagerFlags files;
  bool json = false;
};

struct PortReleaseOptions {
  std::vector<std::string> services;
  bool all = false;  // --all.
  PortManagerFlags files;
  bool json = false;
};

struct PortStatusOptions {
  PortManagerFlags files;
  bool json = false;
};

struct PortEnvOptions {
  PortManagerFlags files;
  bool json = false;
  bool export_prefix = false;  // --export: "export NAME=port".
};

// Every `pm port` subcommand's options, and which one was parsed.
struct PortOptions {
  PortCheckOptions check;
  PortFindOptions find;
  PortWaitCommandOptions wait;
  PortAllocOptions alloc;
  PortReleaseOptions release;
  PortStatusOptions status;
  PortEnvOptions env;
  // Set by AddPortCommand; RunPort asks which one parsed().
  CLI::App* check_command = nullptr;
  CLI::App* find_command = nullptr;
  CLI::App* wait_command = nullptr;
  CLI::App* alloc_command = nullptr;
  CLI::App* release_command = nullptr;
  CLI::App* status_command = nullptr;
  CLI::App* env_command = nullptr;
};

// Registers `port` and its subcommands on `app`, storing into `*options`,
// which must outlive the parse. Returns the `port` command.
CLI::App* AddPortCommand(CLI::App& app, PortOptions* options);

// Runs the parsed `pm port` subcommand. Returns kExitOk on success;
// kExitNotFound for a "no" answer (check: a port is taken; find: no free port;
// wait: the timeout passed; alloc: a port could not be allocated; release: a
// service had no allocation); kExitUsage for a bad argument, a bad or
// unreadable config file or an unknown service (nothing is changed then);
// kExitFailure when the OS or the state directory fails. Thread-compatible.
int RunPort(const PortOptions& options, const BackendFactory& make_backend,
            const Output& output);

// The subcommands (RunPort dispatches to them).
int RunPortCheck(const PortCheckOptions& options,
                 const BackendFactory& make_backend, const Output& output);
int RunPortFind(const PortFindOptions& options,
                const BackendFactory& make_backend, const Output& output);
int RunPortWait(const PortWaitCommandOptions& options,
                const BackendFactory& make_backend, const Output& output);
int RunPortAlloc(const PortAllocOptions& options,
                 const BackendFactory& make_backend, const Output& output);
int RunPortRelease(const PortReleaseOptions& options,
                   const BackendFactory& make_backend, const Output& output);
int RunPortStatus(const PortStatusOptions& options,
                  const BackendFactory& make_backend, const Output& output);
int RunPortEnv(const PortEnvOptions& options,
               const BackendFactory& make_backend, const Output& output);

}  // namespace pm::cli

#endif  // PM_CLI_PORT_COMMAND_H_
