// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessManager's port and process operations: IsPortInUse,
// FindProcessByPort, KillProcessById, KillProcessOnPort, EnsurePortAvailable.

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/port_probe.h"
#include "core/process_manager.h"

namespace pm {

absl::StatusOr<bool> ProcessManager::IsPortInUse(uint16_t port) {
  absl::StatusOr<PortAvailability> availability =
      IsPortFree(backend_->ports(), port, "localhost", Protocol::kTcp);
  if (!availability.ok()) {
    Log(LogSeverity::kError, "IsPortInUse", port, std::nullopt,
        availability.status());
    return availability.status();
  }
  return !availability->free();
}

absl::StatusOr<std::vector<ProcessInfo>> ProcessManager::FindProcessByPort(
    uint16_t port) {
  SocketQuery query;
  query.states = SocketStateSet::Listening();
  absl::StatusOr<std::vector<OwnedSocket>> found =
      FindOwners(*backend_, port, query);
  if (!found.ok()) {
    // NotFound is an answer ("nothing there"), not a failure to log.
    if (!absl::IsNotFound(found.status())) {
      Log(LogSeverity::kError, "FindProcessByPort", port, std::nullopt,
          found.status());
    }
    return found.status();
  }
  std::vector<ProcessInfo> processes;
  for (const OwnedSocket& owned : *found) {
    for (const ProcessInfo& process : owned.processes) {
      bool seen = std::any_of(
          processes.begin(), processes.end(),
          [&](const ProcessInfo& p) { return p.pid == process.pid; });
      if (!seen) processes.push_back(process);
    }
  }
  std::sort(
      processes.begin(), processes.end(),
      [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; });
  return processes;
}

absl::StatusOr<TerminationResult> ProcessManager::KillProcessById(
    Pid pid, const TerminationPolicy& policy) {
  auto fail = [&](const absl::Status& status) {
    Log(LogSeverity::kError, "KillProcessById", std::nullopt, pid, status);
    return status;
  };
  absl::StatusOr<ProcessInfo> process = backend_->processes().GetProcess(pid);
  if (!process.ok()) return fail(process.status());
  absl::StatusOr<TerminationReport> report =
      Terminate(*backend_, process->identity(), policy);
  if (!report.ok()) return fail(report.status());
  for (const TerminationResult& result : report->processes) {
    if (result.descendant || result.process.pid != pid) continue;
    if (!result.status.ok()) return fail(result.status);
    return result;
  }
  return fail(absl::InternalError(
      absl::StrCat("KillProcessById: no result for pid ", pid)));
}

absl::StatusOr<KillPortReport> ProcessManager::KillProcessOnPort(
    uint16_t port, const TerminationPolicy& policy) {
  absl::StatusOr<KillPortReport> report = KillPort(*backend_, port, policy);
  if (!report.ok()) {
    Log(LogSeverity::kError, "KillProcessOnPort", port, std::nullopt,
        report.status());
    return report.status();
  }
  if (!report->free) {
    absl::Status error = absl::FailedPreconditionError(
        absl::StrCat("KillProcessOnPort: port ", port, " is still held"));
    Log(LogSeverity::kError, "KillProcessOnPort", port, std::nullopt, error);
    return error;
  }
  return report;
}

absl::Status ProcessManager::EnsurePortAvailable(
    uint16_t port, int retries, const TerminationPolicy& policy) {
  absl::StatusOr<KillPortReport> report =
      FreePort(*backend_, port, policy, retries);
  absl::Status status = report.status();
  if (report.ok() && !report->free) {
    status = absl::FailedPreconditionError(absl::StrCat(
        "EnsurePortAvailable: port ", port, " is still held after ",
        report->termination.processes.size(), " termination(s)"));
  }
  if (!status.ok()) {
    Log(LogSeverity::kError, "EnsurePortAvailable", port, std::nullopt, status);
  }
  return status;
}

}  // namespace pm
