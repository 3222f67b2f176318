// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// What every pm command writes to and returns: its streams, the table width,
// the exit codes, and the factory that creates the OS backend when a command
// needs it.

#ifndef PM_CLI_OUTPUT_H_
#define PM_CLI_OUTPUT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>

#include "absl/status/statusor.h"
#include "core/backend.h"

namespace pm::cli {

// pm's exit codes (docs/cli.md). Scripts rely on them: never renumber.
enum ExitCode : int {
  kExitOk = 0,        // Done; for `pm who`, every port has an owner.
  kExitNotFound = 1,  // `pm who`: at least one port has no (matching) socket.
  kExitUsage = 2,  // Bad command line: unknown flag, bad port, no subcommand.
  kExitFailure =
      3,  // The OS could not be asked (backend or socket table error).
  // `pm pidfile check`: the file is not a valid PID file, or pm refuses to
  // trust it (symbolic link, not a regular file, another user's, unreadable).
  kExitPidFileInvalid = 4,
};

// Where a command writes. Human text and JSON go to `out`, diagnostics to
// `err`. `width` limits table lines (nullopt: no limit). The streams must
// outlive the command; they are written from the calling thread only.
struct Output {
  std::ostream& out;
  std::ostream& err;
  std::optional<size_t> width;
};

// Creates the backend a command queries. Called at most once per command, and
// only after the command line has been validated, so usage errors never touch
// the OS.
using BackendFactory =
    std::function<absl::StatusOr<std::unique_ptr<Backend>>()>;

}  // namespace pm::cli

#endif  // PM_CLI_OUTPUT_H_
