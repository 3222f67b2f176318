// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm pidfile check FILE`: is the process a PID file names still running?

#ifndef PM_CLI_PIDFILE_COMMAND_H_
#define PM_CLI_PIDFILE_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "cli/lock_command.h"
#include "cli/output.h"

namespace pm::cli {

// The command line of `pm pidfile check`.
struct PidfileOptions {
  std::string file;   // Positional FILE.
  bool json = false;  // --json.
};

// Registers `pidfile` (with `check`) as a subcommand of `app`, storing into
// `*options`, which must outlive the parse. Returns `pidfile`.
CLI::App* AddPidfileCommand(CLI::App& app, PidfileOptions* options);

// Runs `pm pidfile check FILE`: reads FILE without following a symbolic link
// and classifies it (core/pid_file.h). Prints one of
//   "valid: pid N (name) is running, started TIME"   (+ " (unverified: no
//                                                     start time in the file)")
//   "stale: pid N is not running"
//   "stale: pid N now names another process (name, started TIME)"
//   "invalid: <why>"
// or with --json {"file","state":"valid"|"stale"|"invalid","reason",
// "pid","start_token","verified","process"}. Returns kExitOk (valid),
// kExitNotFound (stale), kExitPidFileInvalid (invalid), kExitFailure (the
// file or the process table could not be read: "pm pidfile: <why>" on
// stderr). Nothing is modified or removed. Thread-compatible.
int RunPidfile(const PidfileOptions& options,
               const BackendFactory& make_backend,
               const LocalSystemFactory& make_local_system,
               const Output& output);

}  // namespace pm::cli

#endif  // PM_CLI_PIDFILE_COMMAND_H_
