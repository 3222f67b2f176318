// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ExecuteTerminationPlan: signal, wait for the grace through the backend's
// event-driven WaitForExit, escalate to KILL, wait again.

#include "core/terminate.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace pm {
namespace {

// Records the answer of ProcessTerminator::Signal in `result`. Returns true
// when the signal was delivered (the process must now be waited for).
bool Delivered(const absl::Status& sent, TerminationSignal signal,
               TerminationResult& result) {
  if (sent.ok()) {
    result.signals_sent.push_back(signal);
    return true;
  }
  result.status = sent;
  if (absl::IsNotFound(sent)) {
    // Exited before the signal: a process that exits on its own is success.
    result.status = absl::OkStatus();
    result.outcome = result.signals_sent.empty()
                         ? TerminationOutcome::kAlreadyGone
                         : TerminationOutcome::kExitedAfterSignal;
  } else if (absl::IsFailedPrecondition(sent) && !result.signals_sent.empty()) {
    // The PID was reused after an earlier signal: the process did exit.
    result.status = absl::OkStatus();
    result.outcome = TerminationOutcome::kExitedAfterSignal;
  } else if (absl::IsFailedPrecondition(sent)) {
    result.outcome = TerminationOutcome::kRefused;
    result.refusal = Refusal::kStaleIdentity;
  } else if (absl::IsPermissionDenied(sent)) {
    result.outcome = TerminationOutcome::kRefused;
    result.refusal = Refusal::kOsDenied;
  } else {
    result.outcome = TerminationOutcome::kFailed;
  }
  return false;
}

// "5s", "250ms", and "0s" rather than absl's bare "0".
std::string FormatWait(absl::Duration d) {
  return d == absl::ZeroDuration() ? "0s" : absl::FormatDuration(d);
}

absl::Status StillRunning(const ProcessInfo& process, absl::string_view after,
                          bool cut_by_deadline) {
  return absl::DeadlineExceededError(absl::StrCat(
      DescribeProcess(process), " still running ", after,
      cut_by_deadline ? " (the deadline cut the wait short)" : ""));
}

}  // namespace

absl::string_view TerminationOutcomeName(TerminationOutcome outcome) {
  switch (outcome) {
    case TerminationOutcome::kExitedAfterSignal:
      return "exited_after_signal";
    case TerminationOutcome::kKilledAfterGrace:
      return "killed_after_grace";
    case TerminationOutcome::kAlreadyGone:
      return "already_gone";
    case TerminationOutcome::kRefused:
      return "refused";
    case TerminationOutcome::kStillRunning:
      return "still_running";
    case TerminationOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

bool IsGoneOutcome(TerminationOutcome outcome) {
  return outcome == TerminationOutcome::kExitedAfterSignal ||
         outcome == TerminationOutcome::kKilledAfterGrace ||
         outcome == TerminationOutcome::kAlreadyGone;
}

TerminationReport ExecuteTerminationPlan(Backend& backend,
                                         const TerminationPlan& plan,
                                         const TerminationPolicy& policy) {
  ProcessTerminator& terminator = backend.terminator();
  TerminationReport report;
  const size_t n = plan.targets.size();
  report.processes.resize(n);
  std::vector<absl::Time> sent_at(n);
  std::vector<size_t> waiting;

  // 1. The first signal, to every target in plan order (children first).
  for (size_t i = 0; i < n; ++i) {
    const TerminationPlan::Target& target = plan.targets[i];
    TerminationResult& result = report.processes[i];
    result.process = target.process;
    result.descendant = target.descendant;
    if (target.gone) {
      result.outcome = TerminationOutcome::kAlreadyGone;
    } else if (!target.verdict.ok()) {
      result.outcome = TerminationOutcome::kRefused;
      result.refusal = target.verdict.refusal;
      result.status = target.verdict.status;
    } else {
      sent_at[i] = absl::Now();
      if (Delivered(terminator.Signal(target.process.identity(), policy.signal),
                    policy.signal, result)) {
        waiting.push_back(i);
      }
    }
  }

  // 2. The grace: one shared end, so N processes take max(exit), not the sum.
  const absl::Time grace_end =
      std::min(absl::Now() + policy.grace, policy.deadline);
  std::vector<size_t> stubborn;
  for (size_t i : waiting) {
    TerminationResult& result = report.processes[i];
    absl::Status waited =
        terminator.WaitForExit(result.process.identity(), grace_end);
    if (waited.ok()) {
      result.outcome = TerminationOutcome::kExitedAfterSignal;
      result.elapsed = absl::Now() - sent_at[i];
    } else if (absl::IsDeadlineExceeded(waited)) {
      stubborn.push_back(i);
    } else {
      result.outcome = TerminationOutcome::kFailed;
      result.status = waited;
      result.elapsed = absl::Now() - sent_at[i];
    }
  }

  // 3. Escalation: KILL what outlived the grace, then wait for it.
  const bool cut = grace_end == policy.deadline;
  const bool escalate =
      policy.escalate && policy.signal != TerminationSignal::kKill;
  std::vector<size_t> killed;
  for (size_t i : stubborn) {
    TerminationResult& result = report.processes[i];
    const std::string after =
        absl::StrCat(FormatWait(policy.grace), " after ",
                     TerminationSignalName(policy.signal));
    if (!escalate) {
      result.outcome = TerminationOutcome::kStillRunning;
      result.status = StillRunning(
          result.process,
          absl::StrCat(after, policy.escalate ? "" : " (escalation is off)"),
          cut);
      result.elapsed = absl::Now() - sent_at[i];
      continue;
    }
    if (Delivered(terminator.Signal(result.process.identity(),
                                    TerminationSignal::kKill),
                  TerminationSignal::kKill, result)) {
      killed.push_back(i);
    } else {
      result.elapsed = absl::Now() - sent_at[i];
    }
  }
  const absl::Time kill_end =
      std::min(absl::Now() + policy.kill_wait, policy.deadline);
  for (size_t i : killed) {
    TerminationResult& result = report.processes[i];
    absl::Status waited =
        terminator.WaitForExit(result.process.identity(), kill_end);
    result.elapsed = absl::Now() - sent_at[i];
    if (waited.ok()) {
      result.outcome = TerminationOutcome::kKilledAfterGrace;
    } else if (absl::IsDeadlineExceeded(waited)) {
      result.outcome = TerminationOutcome::kStillRunning;
      result.status = StillRunning(
          result.process,
          absl::StrCat(FormatWait(policy.kill_wait), " after KILL"),
          kill_end == policy.deadline);
    } else {
      result.outcome = TerminationOutcome::kFailed;
      result.status = waited;
    }
  }

  // 4. Descendants that were not targets: which of them outlived it all.
  for (const ProcessInfo& child : plan.untouched_descendants) {
    absl::StatusOr<ProcessInfo> now = backend.processes().GetProcess(child.pid);
    if (now.ok() && now->start_token == child.start_token) {
      // As planned: its ppid is still the parent it had (a re-read would say
      // 1, or a subreaper, once the parent is gone).
      report.left_running.push_back(child);
    }
  }
  return report;
}

absl::StatusOr<TerminationReport> TerminateAll(
    Backend& backend, absl::Span<const ProcessIdentity> targets,
    const TerminationPolicy& policy) {
  PM_ASSIGN_OR_RETURN(TerminationPlan plan,
                      PlanTermination(backend, targets, policy));
  return ExecuteTerminationPlan(backend, plan, policy);
}

absl::StatusOr<TerminationReport> Terminate(Backend& backend,
                                            const ProcessIdentity& target,
                                            const TerminationPolicy& policy) {
  return TerminateAll(backend, absl::MakeConstSpan(&target, 1), policy);
}

}  // namespace pm
