// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// What `pm kill` and `pm free` print in human form: one line per process, and
// the --dry-run table. (The --json objects are in cli/kill_json.h.)

#ifndef PM_CLI_KILL_REPORT_H_
#define PM_CLI_KILL_REPORT_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "cli/kill_target.h"
#include "core/kill_port.h"
#include "core/terminate.h"

namespace pm::cli {

// What became of one TARGET.
struct KillTargetOutcome {
  KillTarget target;
  bool matched = false;  // Some process or socket was selected.
  absl::Status error;    // The target could not be resolved (not NotFound).
  // Dry runs: what would happen. Real runs of PID and pattern targets: what
  // did. Real runs of port targets: port_report.
  std::optional<TerminationPlan> plan;
  std::optional<TerminationReport> report;
  std::optional<KillPortReport> port_report;
  // Listening ports of the processes listed (dry runs), by PID.
  std::map<Pid, std::vector<uint16_t>> ports;
};

// "3.2 ms", "5.01 s": how elapsed times are printed.
std::string FormatElapsed(absl::Duration elapsed);

// "pid 4242 (python3, alice) on :8000: exited after TERM in 3.2 ms", or
// "...: refused: <why>" (with "; pass --yes to consent" for another user's
// process), "...: killed with KILL after the 5s grace (5.01 s)",
// "...: already gone", "...: still running: <why>", "...: failed: <why>".
// `port` is the port target the process was found on, if any.
std::string DescribeResult(const TerminationResult& result,
                           std::optional<uint16_t> port,
                           const TerminationPolicy& policy);

// "pid 4243 (python3, alice), child of 4242": a descendant left running.
std::string DescribeLeftRunning(const ProcessInfo& process);

// The lines after a port's processes: "port 8080 is free", or why not.
std::string DescribePortEnd(const KillPortReport& report);

// True when something about `outcome` failed: an error, a process that was
// refused or still runs (also a refusal a dry run foresees), a port left held.
bool OutcomeFailed(const KillTargetOutcome& outcome);

// Writes `outcome` in human form: results on `out`, "pm <command>: TARGET:
// ..." notes (nothing matched, errors) on `err`. Dry runs print a table
// (PID USER PROCESS PORT ACTION COMMAND) fitted to `width`, then the reason of
// each refusal.
void PrintOutcome(const KillTargetOutcome& outcome,
                  const TerminationPolicy& policy, bool dry_run,
                  absl::string_view command, std::optional<size_t> width,
                  std::ostream& out, std::ostream& err);

// The plan's processes as results that have not happened yet: outcome
// kExitedAfterSignal for those that would be signalled, kRefused (with the
// refusal) or kAlreadyGone for the others.
std::vector<TerminationResult> PlannedResults(const TerminationPlan& plan);

// The per-process results of `outcome` (planned ones for a dry run), and the
// descendants left running (or that would be).
std::vector<TerminationResult> OutcomeResults(const KillTargetOutcome& outcome);
const std::vector<ProcessInfo>& OutcomeLeftRunning(
    const KillTargetOutcome& outcome);

// The listening ports `outcome` knows for `pid` (dry runs), or none.
const std::vector<uint16_t>& PortsOf(const KillTargetOutcome& outcome, Pid pid);

}  // namespace pm::cli

#endif  // PM_CLI_KILL_REPORT_H_
