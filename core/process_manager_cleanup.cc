// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessManager::CleanupOnStartup: frees managed ports held by leftovers of
// earlier runs (same user, and our executable or an identity from one of our
// PID files); every other holder is reported and left running.

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/pid_file.h"
#include "core/process_manager.h"
#include "re2/re2.h"

namespace pm {
namespace {

// What decides whether a holder is ours.
struct Ownership {
  CallerInfo caller;
  std::string own_exe;  // "" when unknown.
  std::unique_ptr<RE2> exe_pattern;
  std::vector<ProcessIdentity> recorded;  // From our PID files.
};

// Returns "" when `process` is ours, otherwise why it is not.
std::string WhyNotOurs(const ProcessInfo& process, const Ownership& ours,
                       const CleanupPolicy& policy) {
  if (!ours.caller.uid.has_value() || !process.uid.has_value() ||
      *process.uid != *ours.caller.uid) {
    return "other user";
  }
  if (std::find(ours.recorded.begin(), ours.recorded.end(),
                process.identity()) != ours.recorded.end()) {
    return "";
  }
  if (!process.exe.empty()) {
    if (policy.match_own_executable && process.exe == ours.own_exe) return "";
    if (ours.exe_pattern != nullptr &&
        RE2::FullMatch(process.exe, *ours.exe_pattern)) {
      return "";
    }
  }
  return absl::StrCat("executable '", process.exe,
                      "' does not match the policy and its identity is in "
                      "none of our PID files");
}

// Cleans one port, appending to `report`.
void CleanupPort(Backend& backend, uint16_t port, const Ownership& ours,
                 const CleanupPolicy& policy, CleanupReport& report) {
  SocketQuery query;
  query.states = SocketStateSet::Listening();
  absl::StatusOr<std::vector<OwnedSocket>> found =
      FindOwners(backend, port, query);
  if (absl::IsNotFound(found.status())) {
    report.already_free.push_back(port);
    return;
  }
  if (!found.ok()) {
    report.failures.push_back({port, found.status()});
    return;
  }
  std::vector<ProcessIdentity> targets;
  std::vector<Pid> seen;
  bool refused = false;
  for (const OwnedSocket& owned : *found) {
    if (owned.socket.owner_visibility != OwnerVisibility::kVisible) {
      refused = true;
      report.refused.push_back(
          {port, 0, "", "", "",
           absl::StrCat("a holder is not visible (",
                        OwnerVisibilityName(owned.socket.owner_visibility),
                        ")")});
    }
    for (const ProcessInfo& process : owned.processes) {
      if (std::find(seen.begin(), seen.end(), process.pid) != seen.end()) {
        continue;
      }
      seen.push_back(process.pid);
      std::string why = WhyNotOurs(process, ours, policy);
      if (why.empty()) {
        targets.push_back(process.identity());
      } else {
        refused = true;
        report.refused.push_back({port, process.pid, process.user, process.name,
                                  process.exe, std::move(why)});
      }
    }
  }
  if (!targets.empty()) {
    absl::StatusOr<TerminationReport> terminated =
        TerminateAll(backend, targets, policy.termination);
    if (!terminated.ok()) {
      report.failures.push_back({port, terminated.status()});
      return;
    }
    for (const TerminationResult& result : terminated->processes) {
      if (!IsGoneOutcome(result.outcome)) {
        report.failures.push_back({port, result.status});
      }
    }
  }
  if (refused) return;  // Still held by a foreign process.
  absl::StatusOr<std::vector<OwnedSocket>> after =
      FindOwners(backend, port, query);
  if (absl::IsNotFound(after.status())) {
    report.freed.push_back(port);
  } else if (after.ok()) {
    report.failures.push_back(
        {port, absl::FailedPreconditionError(absl::StrCat(
                   "CleanupOnStartup: port ", port,
                   " is still held after terminating its holders"))});
  } else {
    report.failures.push_back({port, after.status()});
  }
}

}  // namespace

CleanupReport ProcessManager::CleanupOnStartup(const CleanupPolicy& policy) {
  CleanupReport report;
  std::map<uint16_t, std::string> ports = ManagedPorts();
  auto fail_all = [&](const absl::Status& status) {
    Log(LogSeverity::kError, "CleanupOnStartup", std::nullopt, std::nullopt,
        status);
    for (const auto& entry : ports) {
      report.failures.push_back({entry.first, status});
    }
    return report;
  };

  Ownership ours;
  absl::StatusOr<CallerInfo> caller = backend_->Caller();
  if (!caller.ok()) return fail_all(caller.status());
  ours.caller = *caller;
  absl::StatusOr<ProcessInfo> self =
      backend_->processes().GetProcess(caller->pid);
  if (self.ok()) ours.own_exe = self->exe;
  if (!policy.exe_pattern.empty()) {
    ours.exe_pattern = std::make_unique<RE2>(policy.exe_pattern);
    if (!ours.exe_pattern->ok()) {
      return fail_all(absl::InvalidArgumentError(
          absl::StrCat("CleanupOnStartup: bad exe_pattern '",
                       policy.exe_pattern, "': ", ours.exe_pattern->error())));
    }
  }
  for (const std::string& path : policy.pid_files) {
    absl::StatusOr<PidFileRecord> record = ReadPidFile(*system_, path);
    if (absl::IsNotFound(record.status())) continue;  // No earlier run.
    if (!record.ok()) {
      // Reported, but the other rules still apply.
      report.failures.push_back({0, record.status()});
      Log(LogSeverity::kError, "CleanupOnStartup", std::nullopt, std::nullopt,
          record.status());
      continue;
    }
    // A PID without a start token could name a reused PID: not enough.
    if (record->start_token.has_value()) {
      ours.recorded.push_back({record->pid, *record->start_token});
    }
  }
  size_t failures_before = report.failures.size();
  for (const auto& entry : ports) {
    CleanupPort(*backend_, entry.first, ours, policy, report);
  }
  for (const RefusedHolder& holder : report.refused) {
    Log(LogSeverity::kWarning, "CleanupOnStartup", holder.port,
        holder.pid == 0 ? std::nullopt : std::optional<Pid>(holder.pid),
        absl::FailedPreconditionError(
            absl::StrCat("not ours, left running: ", holder.name, " (",
                         holder.reason, ")")));
  }
  for (size_t i = failures_before; i < report.failures.size(); ++i) {
    Log(LogSeverity::kError, "CleanupOnStartup", report.failures[i].port,
        std::nullopt, report.failures[i].status);
  }
  return report;
}

}  // namespace pm
