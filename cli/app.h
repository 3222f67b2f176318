// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The pm command line: parses argv (CLI11) and runs the chosen subcommand.
// main() is a thin wrapper so tests can run pm with their own streams and
// backend.

#ifndef PM_CLI_APP_H_
#define PM_CLI_APP_H_

#include "cli/output.h"

namespace pm::cli {

// What `pm --version` prints after "pm ".
inline constexpr char kPmVersion[] = "0.1.0";

// Runs pm with `argv` (argv[0] is the program name). `--help` on pm or a
// subcommand prints help on `output.out` and returns kExitOk; `--version`
// prints "pm <version>"; no subcommand prints the help on `output.err` and
// returns kExitUsage; a command line CLI11 rejects prints "pm: <why>" on
// `output.err` and returns kExitUsage. Otherwise returns the subcommand's exit
// code (see ExitCode). The backend is created through `make_backend` only when
// a command needs it. Thread-compatible.
int RunPm(int argc, const char* const* argv, const BackendFactory& make_backend,
          const Output& output);

}  // namespace pm::cli

#endif  // PM_CLI_APP_H_
