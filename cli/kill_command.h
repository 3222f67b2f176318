// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm kill TARGET...`: terminate processes by port, PID or pattern, through
// core's guarded Terminate and KillPort.

#ifndef PM_CLI_KILL_COMMAND_H_
#define PM_CLI_KILL_COMMAND_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/output.h"
#include "core/terminate.h"

namespace pm::cli {

// The flags `pm kill` and `pm free` share.
struct TerminationFlags {
  std::string signal = "TERM";  // --signal: TERM, KILL, INT, HUP.
  std::string grace = "5s";     // --grace: before escalating to KILL.
  bool no_escalate = false;     // --no-escalate.
  bool tree = false;            // --tree: descendants too.
  bool yes = false;             // --yes: consent for other users' processes.
  bool json = false;            // --json.
};

// Registers the shared flags on `command`.
void AddTerminationFlags(CLI::App& command, TerminationFlags* flags);

// The TerminationPolicy the flags ask for. InvalidArgument naming the flag for
// a bad --signal or --grace.
absl::StatusOr<TerminationPolicy> PolicyFromFlags(
    const TerminationFlags& flags);

// The command line of `pm kill`.
struct KillOptions {
  TerminationFlags flags;
  std::vector<std::string> targets;  // Positional, at least one.
  bool dry_run = false;              // --dry-run: list, send nothing.
  bool connected = false;  // --connected: clients bound to the port too.
};

// Registers `kill` as a subcommand of `app`, storing into `*options`, which
// must outlive the parse. Returns the subcommand.
CLI::App* AddKillCommand(CLI::App& app, KillOptions* options);

// Runs `pm kill`: parses every TARGET, --signal and --grace first (a bad one
// prints "pm kill: <why>" and returns kExitUsage before the OS is asked),
// then resolves and terminates each target in the order given: a port through
// KillPort (its listening owners; the port must end up free), a PID or a
// pattern through Terminate (one plan per target). With --dry-run nothing is
// sent: a table lists what would be signalled. Prints one line per process on
// `output.out` (or, with --json, {"dry_run":..,"targets":[...]}) and notes
// about targets that matched nothing on `output.err`.
//
// Returns kExitUsage for a bad command line; kExitFailure when the backend
// cannot be created, a target cannot be resolved, a process was refused (or
// would be, in a dry run), still runs at the end, or a port is still held;
// else kExitNotFound when a target matched nothing; else kExitOk.
// Thread-compatible.
int RunKill(const KillOptions& options, const BackendFactory& make_backend,
            const Output& output);

}  // namespace pm::cli

#endif  // PM_CLI_KILL_COMMAND_H_
