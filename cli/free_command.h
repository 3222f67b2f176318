// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm free PORT...`: make ports bindable again (core's FreePort).

#ifndef PM_CLI_FREE_COMMAND_H_
#define PM_CLI_FREE_COMMAND_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/kill_command.h"
#include "cli/output.h"

namespace pm::cli {

// The command line of `pm free`.
struct FreeOptions {
  TerminationFlags flags;
  std::vector<std::string> ports;  // Positional, at least one; ParsePort'ed.
  int retries = 2;                 // --retries: extra look-ups for holders.
};

// Registers `free` as a subcommand of `app`, storing into `*options`, which
// must outlive the parse. Returns the subcommand.
CLI::App* AddFreeCommand(CLI::App& app, FreeOptions* options);

// Runs `pm free`: validates every PORT, --signal and --grace first (a bad one
// prints "pm free: <why>" and returns kExitUsage), then for each distinct port
// in the order given runs FreePort: terminates whatever listens on it (TCP
// and UDP) and checks that it can be bound. Prints each process's result and
// "port N is free" or why not (or, with --json, {"ports":[...]}).
//
// Returns kExitOk only when every port is free (bindable) at the end, a port
// nothing held included; kExitUsage for a bad command line; kExitFailure
// otherwise (refused, still running, held by an unseen process, or the
// backend failed). Thread-compatible.
int RunFree(const FreeOptions& options, const BackendFactory& make_backend,
            const Output& output);

}  // namespace pm::cli

#endif  // PM_CLI_FREE_COMMAND_H_
