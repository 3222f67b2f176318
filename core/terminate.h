// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Terminate: stop exact process incarnations (and, on request, their trees)
// gracefully: a signal, a grace period, then KILL; every step guarded
// (core/kill_guard.h) and every result reported per process.

#ifndef PM_CORE_TERMINATE_H_
#define PM_CORE_TERMINATE_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "core/backend.h"
#include "core/kill_guard.h"
#include "core/process.h"
#include "core/process_terminator.h"

namespace pm {

// How to terminate.
struct TerminationPolicy {
  TerminationSignal signal = TerminationSignal::kTerminate;  // Sent first.
  absl::Duration grace = absl::Seconds(5);  // Wait after `signal`.
  bool escalate = true;  // Send KILL to what outlives the grace.
  absl::Duration kill_wait = absl::Seconds(5);  // Wait after KILL.
  // Also every descendant (found from the process table by ppid), children
  // before parents. Without it, descendants are only reported when they are
  // left running.
  bool tree = false;
  // Nothing waits past this instant: the grace and the wait after KILL are
  // cut short, and what still runs then is reported kStillRunning.
  absl::Time deadline = absl::InfiniteFuture();
  // Consent to signal other users' processes (GuardContext).
  bool allow_other_users = false;
};

// What happened to one process.
enum class TerminationOutcome {
  kExitedAfterSignal,  // Exited within the grace (or exited on its own).
  kKilledAfterGrace,   // Outlived the grace; exited after KILL.
  kAlreadyGone,        // Had exited before any signal reached it.
  kRefused,            // Nothing was sent: see TerminationResult::refusal.
  kStillRunning,       // Alive at the end (no escalation, or the deadline).
  kFailed,             // An unexpected OS error; see the status.
};

// "exited_after_signal", "killed_after_grace", "already_gone", "refused",
// "still_running", "failed". Stable (pm kill --json).
absl::string_view TerminationOutcomeName(TerminationOutcome outcome);

// True for the outcomes after which the process no longer runs.
bool IsGoneOutcome(TerminationOutcome outcome);

// One process's result.
struct TerminationResult {
  // What was known of the process when it was planned; identity() is what was
  // signalled. Only the pid is set for an invalid PID or a process gone before
  // it could be read.
  ProcessInfo process;
  bool descendant = false;  // Found through `tree`, not asked for.
  TerminationOutcome outcome = TerminationOutcome::kFailed;
  Refusal refusal = Refusal::kNone;  // Why, for kRefused.
  // OK for kExitedAfterSignal, kKilledAfterGrace and kAlreadyGone. Otherwise
  // the reason, naming the process: InvalidArgument or PermissionDenied from
  // the guard, FailedPrecondition for a reused PID, PermissionDenied from the
  // OS, DeadlineExceeded for kStillRunning, another code for kFailed.
  absl::Status status;
  std::vector<TerminationSignal> signals_sent;  // In order.
  // From the first signal to the observed exit (or to giving up); zero when
  // nothing was sent.
  absl::Duration elapsed;
};

// A plan: what would be signalled, in order, and what would be refused.
struct TerminationPlan {
  GuardContext guard;
  // Deepest descendants first, then their parents; the requested processes
  // last among their trees. Refused and gone entries carry their outcome.
  struct Target {
    ProcessInfo process;
    bool descendant = false;
    bool gone = false;     // Exited before planning: kAlreadyGone.
    GuardVerdict verdict;  // Not ok(): kRefused with this reason.
    bool will_signal() const { return !gone && verdict.ok(); }
  };
  std::vector<Target> targets;
  // Without `tree`: descendants of the targets that are not targets
  // themselves, checked after the run (TerminationReport::left_running).
  std::vector<ProcessInfo> untouched_descendants;
};

// The results of a run, one per planned target, in the plan's order.
struct TerminationReport {
  std::vector<TerminationResult> processes;
  // Descendants that were not signalled (no `tree`) and still run afterwards,
  // as planned (ppid is the parent they had then).
  std::vector<ProcessInfo> left_running;
};

// Plans the termination of `targets` without sending anything: lists the
// process table once, builds the guard context from it (backend.Caller()),
// checks each target's identity against the table (a PID now naming another
// process is refused with FailedPrecondition, kStaleIdentity; one no longer
// listed is gone) and applies the guard to it and, with `tree`, to each of its
// descendants. A refused target's descendants are not planned. Duplicates are
// planned once. `table`, when given, is used instead of listing again (it must
// be a fresh ListProcesses answer, sorted by PID).
//
// Errors (for the whole plan): FailedPrecondition when the caller cannot be
// identified; the discovery's error when the table cannot be listed.
// Thread-compatible (as the backend).
absl::StatusOr<TerminationPlan> PlanTermination(
    Backend& backend, absl::Span<const ProcessIdentity> targets,
    const TerminationPolicy& policy,
    const std::vector<ProcessInfo>* table = nullptr);

// Runs `plan`: sends policy.signal to every target that will_signal (in plan
// order, so children go first), waits for each through
// ProcessTerminator::WaitForExit until the shared grace ends, sends KILL to
// what outlives it (with escalate), and waits again. Each send re-verifies the
// identity (ProcessTerminator::Signal). Never fails as a whole: every error is
// a per-process result. Thread-compatible.
TerminationReport ExecuteTerminationPlan(Backend& backend,
                                         const TerminationPlan& plan,
                                         const TerminationPolicy& policy);

// Plans and runs the termination of one process incarnation (and its tree).
//
// Example:
//   TerminationPolicy policy;
//   policy.grace = absl::Seconds(2);
//   absl::StatusOr<TerminationReport> report =
//       Terminate(backend, info.identity(), policy);
//   // report->processes[0].outcome == TerminationOutcome::kExitedAfterSignal
//
// Errors: as PlanTermination. Thread-compatible.
absl::StatusOr<TerminationReport> Terminate(Backend& backend,
                                            const ProcessIdentity& target,
                                            const TerminationPolicy& policy);

// The same for several processes at once: one signal round, one shared grace.
absl::StatusOr<TerminationReport> TerminateAll(
    Backend& backend, absl::Span<const ProcessIdentity> targets,
    const TerminationPolicy& policy);

}  // namespace pm

#endif  // PM_CORE_TERMINATE_H_
