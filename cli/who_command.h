// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm who PORT...`: which processes hold these ports.

#ifndef PM_CLI_WHO_COMMAND_H_
#define PM_CLI_WHO_COMMAND_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/filter_flags.h"
#include "cli/output.h"

namespace pm::cli {

// The command line of `pm who`.
struct WhoOptions {
  FilterFlags filter;
  std::vector<std::string> ports;  // Positional, at least one; ParsePort'ed.
  bool json = false;               // --json.
  // --first: the first owner found of each socket (OwnerSearch::kFirst), not
  // every owner: faster, for scripts that need one holder.
  bool first = false;
};

// Registers `who` as a subcommand of `app`, storing into `*options`, which must
// outlive the parse. Returns the subcommand.
CLI::App* AddWhoCommand(CLI::App& app, WhoOptions* options);

// Runs `pm who`: parses every port first (a bad one prints "pm who:
// <ParsePort's message>" and returns kExitUsage before anything is looked up),
// then calls FindOwners for each distinct port in the order given and prints
// the owners as one table (or, with --json,
// {"ports":[{"port":N,"sockets":[...]}]}). A port without a matching socket
// prints "port N: nothing is listening" ("port N: no socket" with --all) on
// `output.err`. Returns kExitOk when every port has a socket (an owner that is
// not visible still holds the port), kExitNotFound when one has none,
// kExitFailure when the backend fails (nothing is printed on `output.out`
// then). Thread-compatible.
int RunWho(const WhoOptions& options, const BackendFactory& make_backend,
           const Output& output);

}  // namespace pm::cli

#endif  // PM_CLI_WHO_COMMAND_H_
