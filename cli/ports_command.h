// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm ports`: lists sockets and the processes that hold them.

#ifndef PM_CLI_PORTS_COMMAND_H_
#define PM_CLI_PORTS_COMMAND_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/filter_flags.h"
#include "cli/output.h"
#include "core/process.h"

namespace pm::cli {

// The command line of `pm ports`.
struct PortsOptions {
  FilterFlags filter;
  std::vector<std::string> ports;  // --port, repeatable; parsed by ParsePort.
  std::optional<Pid> pid;          // --pid; must be positive.
  bool json = false;               // --json.
};

// Registers `ports` as a subcommand of `app`, storing into `*options`, which
// must outlive the parse. Returns the subcommand.
CLI::App* AddPortsCommand(CLI::App& app, PortsOptions* options);

// Runs `pm ports`: validates the options (a bad --port or a --pid under 1
// prints "pm ports: <why>" and returns kExitUsage before the backend is
// created), lists the selected sockets with their owners, sorted by protocol
// then local endpoint, and writes a table or, with --json, {"sockets":[...]}.
// Each owner PID is looked up once. Returns kExitOk (also when nothing matches)
// or kExitFailure when the backend cannot be created or the socket table cannot
// be read (message on `output.err`). Thread-compatible.
int RunPorts(const PortsOptions& options, const BackendFactory& make_backend,
             const Output& output);

}  // namespace pm::cli

#endif  // PM_CLI_PORTS_COMMAND_H_
