// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm lock status APP` (who holds an application's single-instance lock) and
// `pm lock hold APP` (hold it until interrupted; a second instance is told who
// holds it).

#ifndef PM_CLI_LOCK_COMMAND_H_
#define PM_CLI_LOCK_COMMAND_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "cli/output.h"
#include "core/local_system.h"

namespace pm::cli {

// Creates the LocalSystem (state directory, lock files, channel) a command
// uses; called at most once, after the command line was validated.
using LocalSystemFactory =
    std::function<absl::StatusOr<std::unique_ptr<LocalSystem>>()>;

// The command line of `pm lock status|hold`.
struct LockOptions {
  enum class Action { kNone, kStatus, kHold };
  Action action = Action::kNone;  // Set by the subcommand parsed.
  std::string app;                // Positional APP.
  std::string state_dir;          // --state-dir; "" : the default.
  bool json = false;              // --json.
  // pm's own argv, which `hold` hands to the holder as a second instance.
  std::vector<std::string> argv;
};

// Registers `lock` (with `status` and `hold`) as a subcommand of `app`,
// storing into `*options`, which must outlive the parse. Returns `lock`.
CLI::App* AddLockCommand(CLI::App& app, LockOptions* options);

// Runs the parsed `pm lock` subcommand.
//
// status: prints "APP: held by pid N (name) on HOST, started TIME",
// "APP: stale: pid N on HOST (started TIME) no longer runs; the lock is free"
// or "APP: free", then "lock file: PATH"; with --json one document
// {"app","lock_file","state","holder":{"pid","start_time","host","alive",
// "process"}|null}. Returns kExitOk when held, kExitNotFound when free or
// stale.
//
// hold: takes the lock and prints "holding APP (pid N); lock file PATH; press
// Ctrl-C to release", then one line per second instance ("second instance:
// pid N, cwd DIR, argv: ..."), which gets the reply "pid N holds APP (pm lock
// hold)"; on SIGINT, SIGTERM or SIGHUP releases the lock, prints "released
// APP" and returns kExitOk. When another process holds the lock, prints who
// and its reply and returns kExitNotFound. With --json every line is one JSON
// object: {"event":"acquired"|"second_instance"|"released"|"refused",...}.
//
// Both: a bad APP prints "pm lock: <why>" and returns kExitUsage before the OS
// is asked; OS errors print "pm lock: <why>" and return kExitFailure.
// Thread-compatible (hold writes `output` from the calling thread only).
int RunLock(const LockOptions& options, const BackendFactory& make_backend,
            const LocalSystemFactory& make_local_system, const Output& output);

}  // namespace pm::cli

#endif  // PM_CLI_LOCK_COMMAND_H_
