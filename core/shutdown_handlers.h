// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ShutdownHandlers: the cleanup steps a process runs when it is asked to stop,
// each with a deadline, all of them run even when some fail or hang, and
// every failure reported together. Plain C++ (std::thread); signals are wired
// to it by core/shutdown_signals.h.

#ifndef PM_CORE_SHUTDOWN_HANDLERS_H_
#define PM_CORE_SHUTDOWN_HANDLERS_H_

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace pm {

// The outcome of one handler in a run.
struct ShutdownHandlerResult {
  std::string name;
  // OK, the handler's error, or DeadlineExceeded when it did not return
  // within its deadline.
  absl::Status status;
  bool abandoned = false;  // Timed out; its thread was left running.
  absl::Duration elapsed;  // Until it returned, or until it was abandoned.
};

// A list of named shutdown handlers.
//
// Order: RunAll runs the handlers in reverse order of registration (last
// added, first run), like atexit() and destructors: what was set up last is
// torn down first (stop accepting requests before closing the database).
//
// Deadlines: each handler runs on a thread of its own while RunAll waits up to
// its deadline. A handler still running then is abandoned: RunAll records
// DeadlineExceeded and goes on with the next one; the abandoned thread is
// detached and keeps running until its handler returns (or the process
// exits), so whatever the handler uses must stay valid that long (capture
// shared_ptrs, not references to locals). Handlers must not throw.
//
// Example:
//   ShutdownHandlers handlers;
//   handlers.Add("close db", [&] { return db.Close(); }, absl::Seconds(2));
//   handlers.Add("stop server", [&] { return server.Stop(); },
//                absl::Seconds(5));
//   absl::Status s = handlers.RunAll();  // "stop server", then "close db".
//
// Thread-safe: Add and RunAll may be called from any thread (a signal watcher
// thread runs RunAll). Handlers run outside the internal lock and may call
// Add; what they add runs at the next RunAll.
class ShutdownHandlers {
 public:
  using Handler = std::function<absl::Status()>;

  ShutdownHandlers() = default;
  ShutdownHandlers(const ShutdownHandlers&) = delete;
  ShutdownHandlers& operator=(const ShutdownHandlers&) = delete;

  // Registers `handler` under `name` (used in messages) with `deadline`
  // (absl::InfiniteDuration() waits for it however long it takes). Returns
  // InvalidArgument, registering nothing, for an empty handler or a deadline
  // that is not positive.
  absl::Status Add(std::string name, Handler handler, absl::Duration deadline);

  // The number of handlers registered and not yet run.
  size_t size() const;

  // Runs every registered handler once, in the documented order, and removes
  // them from the list. Returns one result per handler, in run order.
  std::vector<ShutdownHandlerResult> RunAllWithResults();

  // Runs as RunAllWithResults and summarises: OK when every handler returned
  // OK, otherwise SummarizeShutdownResults' status.
  absl::Status RunAll();

 private:
  struct Entry {
    std::string name;
    Handler handler;
    absl::Duration deadline;
  };

  mutable std::mutex mu_;
  std::vector<Entry> entries_;  // In registration order.
};

// Folds results into one status: OK when all are OK; otherwise the code of the
// first failure in run order and a message listing every failure, e.g.
//   "2 of 4 shutdown handlers failed: 'flush' failed: INTERNAL: disk full;
//    'upload' timed out: DEADLINE_EXCEEDED: did not return within 100ms
//    (abandoned)"
// Pure; thread-safe.
absl::Status SummarizeShutdownResults(
    const std::vector<ShutdownHandlerResult>& results);

}  // namespace pm

#endif  // PM_CORE_SHUTDOWN_HANDLERS_H_
