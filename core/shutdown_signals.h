// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// InstallSignalHandlers: runs ShutdownHandlers when the process is asked to
// stop (POSIX: SIGTERM, SIGINT, SIGHUP), on a normal thread, never in signal
// context. Implemented by platform_posix; elsewhere it returns Unimplemented
// (Windows: SetConsoleCtrlHandler, to come).

#ifndef PM_CORE_SHUTDOWN_SIGNALS_H_
#define PM_CORE_SHUTDOWN_SIGNALS_H_

#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/shutdown_handlers.h"

namespace pm {

struct ShutdownSignalOptions {
  // Called on the watcher thread after the handlers ran, with the signal's
  // number and ShutdownHandlers::RunAll's status. Empty: the default, which
  // writes a failed status to stderr ("pm: shutdown: ...") and then ends the
  // process by the same signal (default action restored, signal raised
  // again), so a parent's waitpid sees "terminated by SIGTERM" as it would
  // without handlers. A callback that returns lets the process go on: the
  // application then decides how to exit.
  std::function<void(int signal_number, const absl::Status& status)>
      on_complete;
};

// Installed signal handling; destroying it restores the previous signal
// dispositions and stops the watcher thread (it must not be destroyed from
// inside on_complete or a handler, which run on that thread).
class ShutdownSignalWatch {
 public:
  virtual ~ShutdownSignalWatch() = default;
};

// Installs handlers for SIGTERM, SIGINT and SIGHUP that write the signal's
// number to a self-pipe. A watcher thread reads the pipe and runs
// `handlers.RunAll()` there (handlers may take locks, allocate and log), then
// calls options.on_complete. A second of these signals arriving after the
// first (while the handlers run, or later while the watch exists) ends the
// process at once with _exit(128 + signal number): the user asked twice.
// `handlers` must outlive the returned watch.
//
// Example:
//   ShutdownHandlers handlers;
//   ... handlers.Add(...) ...
//   absl::StatusOr<std::unique_ptr<ShutdownSignalWatch>> watch =
//       InstallSignalHandlers(handlers);
//
// Errors: FailedPrecondition when a watch is already installed in this
// process (signal dispositions are process-wide); the OS error naming the
// call (pipe, sigaction) otherwise; Unimplemented on OSes without an
// implementation. Thread-safe.
absl::StatusOr<std::unique_ptr<ShutdownSignalWatch>> InstallSignalHandlers(
    ShutdownHandlers& handlers,
    ShutdownSignalOptions options = ShutdownSignalOptions());

}  // namespace pm

#endif  // PM_CORE_SHUTDOWN_SIGNALS_H_
