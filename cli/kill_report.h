// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// What `pm kill` and `pm free` print: one line per process in human form, the
// --dry-run table, and the --json objects (schema in docs/cli.md).

#ifndef PM_CLI_KILL_REPORT_H_
#define PM_CLI_KILL_REPORT_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "cli/json_output.h"
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

// The JSON of one process's result:
// {"process":PROCESS,"ports":[...],"descendant":b,"outcome":s,"refusal":s|null,
//  "signals":[...],"elapsed_ms":n,"error":s|null}.
Json ResultJson(const TerminationResult& result,
                const std::vector<uint16_t>& ports);

// The JSON of one TARGET (see docs/cli.md, `pm kill --json`).
Json OutcomeJson(const KillTargetOutcome& outcome, bool dry_run);

// The JSON of `pm free` for one port: {"port","free","error","hidden_owner",
// "processes","left_running","remaining"}.
Json FreePortJson(uint16_t port, const absl::StatusOr<KillPortReport>& report);

}  // namespace pm::cli

#endif  // PM_CLI_KILL_REPORT_H_
