// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Human renderings of termination results: result lines and the dry-run table.

#include "cli/kill_report.h"

#include <ostream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/table.h"

namespace pm::cli {
namespace {

// "python3, alice" / "python3" / "alice": what is known of a process.
std::string NameAndUser(const ProcessInfo& p) {
  std::vector<std::string> parts;
  if (!p.name.empty()) parts.push_back(p.name);
  if (!p.user.empty()) parts.push_back(p.user);
  if (parts.empty()) return "";
  return absl::StrCat(" (", absl::StrJoin(parts, ", "), ")");
}

std::string Subject(const ProcessInfo& p, bool descendant) {
  return absl::StrCat("pid ", p.pid, NameAndUser(p),
                      descendant ? absl::StrCat(", child of ", p.ppid) : "");
}

std::string ConsentHint(Refusal refusal) {
  return refusal == Refusal::kOtherUser ? "; pass --yes to consent" : "";
}

std::string PortsText(const std::vector<uint16_t>& ports) {
  return ports.empty() ? "-" : absl::StrJoin(ports, ",");
}

}  // namespace

std::vector<TerminationResult> PlannedResults(const TerminationPlan& plan) {
  std::vector<TerminationResult> results;
  for (const TerminationPlan::Target& t : plan.targets) {
    TerminationResult r;
    r.process = t.process;
    r.descendant = t.descendant;
    r.refusal = t.verdict.refusal;
    r.status = t.verdict.status;
    r.outcome = t.gone           ? TerminationOutcome::kAlreadyGone
                : t.verdict.ok() ? TerminationOutcome::kExitedAfterSignal
                                 : TerminationOutcome::kRefused;
    results.push_back(std::move(r));
  }
  return results;
}

const std::vector<uint16_t>& PortsOf(const KillTargetOutcome& o, Pid pid) {
  static const std::vector<uint16_t> kNone;
  auto it = o.ports.find(pid);
  return it == o.ports.end() ? kNone : it->second;
}

std::vector<TerminationResult> OutcomeResults(const KillTargetOutcome& o) {
  if (o.plan.has_value()) return PlannedResults(*o.plan);
  if (o.report.has_value()) return o.report->processes;
  if (o.port_report.has_value()) return o.port_report->termination.processes;
  return {};
}

const std::vector<ProcessInfo>& OutcomeLeftRunning(const KillTargetOutcome& o) {
  static const std::vector<ProcessInfo> kNone;
  if (o.plan.has_value()) return o.plan->untouched_descendants;
  if (o.report.has_value()) return o.report->left_running;
  if (o.port_report.has_value()) return o.port_report->termination.left_running;
  return kNone;
}

std::string FormatElapsed(absl::Duration elapsed) {
  if (elapsed < absl::Seconds(1)) {
    return absl::StrFormat("%.1f ms", absl::ToDoubleMilliseconds(elapsed));
  }
  return absl::StrFormat("%.2f s", absl::ToDoubleSeconds(elapsed));
}

std::string DescribeResult(const TerminationResult& r,
                           std::optional<uint16_t> port,
                           const TerminationPolicy& policy) {
  std::string line = Subject(r.process, r.descendant);
  if (port.has_value()) absl::StrAppend(&line, " on :", *port);
  absl::StrAppend(&line, ": ");
  switch (r.outcome) {
    case TerminationOutcome::kExitedAfterSignal:
      absl::StrAppend(&line, "exited after ",
                      TerminationSignalName(policy.signal), " in ",
                      FormatElapsed(r.elapsed));
      break;
    case TerminationOutcome::kKilledAfterGrace:
      absl::StrAppend(&line, "killed with KILL after the ",
                      policy.grace == absl::ZeroDuration()
                          ? std::string("0s")
                          : absl::FormatDuration(policy.grace),
                      " grace (", FormatElapsed(r.elapsed), ")");
      break;
    case TerminationOutcome::kAlreadyGone:
      absl::StrAppend(&line, "already gone");
      break;
    case TerminationOutcome::kRefused:
      absl::StrAppend(&line, "refused: ", r.status.message(),
                      ConsentHint(r.refusal));
      break;
    case TerminationOutcome::kStillRunning:
      absl::StrAppend(&line, "still running: ", r.status.message());
      break;
    case TerminationOutcome::kFailed:
      absl::StrAppend(&line, "failed: ", r.status.message());
      break;
  }
  return line;
}

std::string DescribeLeftRunning(const ProcessInfo& p) {
  return absl::StrCat("pid ", p.pid, NameAndUser(p), ", child of ", p.ppid);
}

std::string DescribePortEnd(const KillPortReport& report) {
  if (report.free) return absl::StrCat("port ", report.port, " is free");
  std::vector<std::string> held;
  for (const Socket& s : report.remaining) {
    held.push_back(absl::StrCat(
        ProtocolName(s.protocol), " ", s.local.ToString(), " ",
        SocketStateName(s.state),
        s.owners.empty()
            ? std::string(" (holder not visible)")
            : absl::StrCat(" by pid ", absl::StrJoin(s.owners, ","))));
  }
  std::string line = absl::StrCat("port ", report.port, " is still held");
  if (!held.empty()) absl::StrAppend(&line, ": ", absl::StrJoin(held, "; "));
  if (!report.probe.ok()) absl::StrAppend(&line, ": ", report.probe.message());
  if (report.hidden_owner) {
    absl::StrAppend(&line,
                    " (a holder this user cannot see: another user's process "
                    "or another PID namespace; try as root)");
  }
  return line;
}

bool OutcomeFailed(const KillTargetOutcome& o) {
  if (!o.error.ok()) return true;
  if (o.port_report.has_value() && !o.port_report->free) return true;
  for (const TerminationResult& r : OutcomeResults(o)) {
    if (!IsGoneOutcome(r.outcome)) return true;
  }
  return false;
}

void PrintOutcome(const KillTargetOutcome& o, const TerminationPolicy& policy,
                  bool dry_run, absl::string_view command,
                  std::optional<size_t> width, std::ostream& out,
                  std::ostream& err) {
  const std::string prefix = absl::StrCat("pm ", command, ": ", o.target.text);
  if (!o.error.ok()) {
    err << prefix << ": " << o.error.message() << "\n";
    return;
  }
  if (!o.matched) {
    std::string why;
    switch (o.target.kind) {
      case KillTarget::Kind::kPort:
        why = absl::StrCat("nothing listens on port ", o.target.port);
        break;
      case KillTarget::Kind::kPid:
        why = absl::StrCat("no process has PID ", o.target.pid);
        break;
      default:
        why = "no process matches (pm and its ancestors never do)";
    }
    err << prefix << ": " << why << "\n";
    return;
  }
  std::optional<uint16_t> port;
  if (o.target.kind == KillTarget::Kind::kPort) port = o.target.port;
  if (dry_run && o.plan.has_value()) {
    Table table({{"PID", Align::kRight},
                 {"USER"},
                 {"PROCESS", Align::kLeft, 15},
                 {"PORT"},
                 {"ACTION"},
                 {"COMMAND", Align::kLeft, 7}});
    std::vector<std::string> reasons;
    for (const TerminationResult& r : PlannedResults(*o.plan)) {
      std::string action =
          r.outcome == TerminationOutcome::kAlreadyGone ? "gone"
          : r.outcome == TerminationOutcome::kRefused
              ? absl::StrCat("refused (", RefusalName(r.refusal), ")")
              : std::string(TerminationSignalName(policy.signal));
      if (r.outcome == TerminationOutcome::kRefused) {
        reasons.push_back(absl::StrCat("pid ", r.process.pid, ": ",
                                       r.status.message(),
                                       ConsentHint(r.refusal)));
      }
      table.AddRow({absl::StrCat(r.process.pid),
                    r.process.user.empty() ? "-" : r.process.user,
                    r.process.name.empty() ? "-" : r.process.name,
                    PortsText(PortsOf(o, r.process.pid)), std::move(action),
                    JoinCmdline(r.process.cmdline)});
    }
    out << table.Render(width);
    for (const std::string& reason : reasons) out << reason << "\n";
    for (const ProcessInfo& p : o.plan->untouched_descendants) {
      out << "would be left running (not in --tree): " << DescribeLeftRunning(p)
          << "\n";
    }
    return;
  }
  const TerminationReport* report = o.report.has_value() ? &*o.report
                                    : o.port_report.has_value()
                                        ? &o.port_report->termination
                                        : nullptr;
  if (report != nullptr) {
    for (const TerminationResult& r : report->processes) {
      out << DescribeResult(r, port, policy) << "\n";
    }
    for (const ProcessInfo& p : report->left_running) {
      out << "left running (not in --tree): " << DescribeLeftRunning(p) << "\n";
    }
  }
  if (o.port_report.has_value()) out << DescribePortEnd(*o.port_report) << "\n";
}

}  // namespace pm::cli
