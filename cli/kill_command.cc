// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm kill`: flags, target resolution, and the run of each target.

#include "cli/kill_command.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cli/kill_json.h"
#include "cli/kill_report.h"
#include "cli/kill_target.h"
#include "core/find_owners.h"
#include "core/kill_guard.h"
#include "core/kill_pattern.h"
#include "core/kill_port.h"

namespace pm::cli {
namespace {

// The sockets whose owners a port target selects.
KillPortOptions PortOptions(const KillOptions& options) {
  KillPortOptions port_options;
  port_options.include_connected = options.connected;
  return port_options;
}

// The listening ports of every process, for the PORT column of a dry run.
std::map<Pid, std::vector<uint16_t>> ListeningPorts(Backend& backend) {
  std::map<Pid, std::vector<uint16_t>> ports;
  SocketQuery query;
  query.states = SocketStateSet::Listening();
  query.with_owners = true;
  absl::StatusOr<std::vector<Socket>> sockets =
      backend.ports().ListSockets(query);
  if (!sockets.ok()) return ports;  // The column is a courtesy: leave it "-".
  for (const Socket& s : *sockets) {
    for (Pid pid : s.owners) {
      std::vector<uint16_t>& list = ports[pid];
      if (std::find(list.begin(), list.end(), s.local.port) == list.end()) {
        list.push_back(s.local.port);
      }
    }
  }
  for (auto& [pid, list] : ports) std::sort(list.begin(), list.end());
  return ports;
}

// The identities a PID or pattern target selects, with the process table they
// were read from when there is one. NotFound when nothing matches.
absl::StatusOr<std::vector<ProcessIdentity>> Select(
    Backend& backend, const KillTarget& target,
    std::optional<std::vector<ProcessInfo>>& table) {
  if (target.kind == KillTarget::Kind::kPid) {
    if (target.pid <= 0) return std::vector<ProcessIdentity>{{target.pid, 0}};
    absl::StatusOr<ProcessInfo> info =
        backend.processes().GetProcess(target.pid);
    if (!info.ok()) return info.status();
    return std::vector<ProcessIdentity>{info->identity()};
  }
  absl::StatusOr<CallerInfo> caller = backend.Caller();
  if (!caller.ok()) return caller.status();
  absl::StatusOr<std::vector<ProcessInfo>> listed =
      backend.processes().ListProcesses();
  if (!listed.ok()) return listed.status();
  table = *std::move(listed);
  const GuardContext context =
      MakeGuardContextFromTable(*caller, *table, false);
  std::vector<ProcessIdentity> ids;
  for (const ProcessInfo& p :
       MatchProcesses(*table, context, *target.pattern)) {
    ids.push_back(p.identity());
  }
  if (ids.empty()) return absl::NotFoundError("no process matches");
  return ids;
}

KillTargetOutcome RunTarget(Backend& backend, const KillTarget& target,
                            const KillOptions& options,
                            const TerminationPolicy& policy) {
  KillTargetOutcome outcome;
  outcome.target = target;
  if (target.kind == KillTarget::Kind::kPort && !options.dry_run) {
    absl::StatusOr<KillPortReport> report =
        KillPort(backend, target.port, policy, PortOptions(options));
    outcome.matched = !absl::IsNotFound(report.status());
    if (report.ok()) {
      outcome.port_report = *std::move(report);
    } else if (outcome.matched) {
      outcome.error = report.status();
    }
    return outcome;
  }
  std::vector<ProcessIdentity> ids;
  std::optional<std::vector<ProcessInfo>> table;
  if (target.kind == KillTarget::Kind::kPort) {
    KillPortOptions port_options = PortOptions(options);
    SocketQuery query;
    query.states = port_options.include_connected ? SocketStateSet::All()
                                                  : SocketStateSet::Listening();
    absl::StatusOr<std::vector<OwnedSocket>> owned =
        FindOwners(backend, target.port, query);
    if (!owned.ok()) {
      outcome.matched = !absl::IsNotFound(owned.status());
      if (outcome.matched) outcome.error = owned.status();
      return outcome;
    }
    for (const OwnedSocket& o : *owned) {
      for (const ProcessInfo& p : o.processes) {
        if (std::find(ids.begin(), ids.end(), p.identity()) == ids.end()) {
          ids.push_back(p.identity());
        }
      }
    }
    if (ids.empty()) {
      outcome.matched = true;
      outcome.error = absl::PermissionDeniedError(absl::StrCat(
          "port ", target.port,
          " is held by a process this user cannot see (another user's "
          "process or another PID namespace; try as root)"));
      return outcome;
    }
  } else {
    absl::StatusOr<std::vector<ProcessIdentity>> selected =
        Select(backend, target, table);
    if (!selected.ok()) {
      outcome.matched = !absl::IsNotFound(selected.status());
      if (outcome.matched) outcome.error = selected.status();
      return outcome;
    }
    ids = *std::move(selected);
  }
  outcome.matched = true;
  absl::StatusOr<TerminationPlan> plan = PlanTermination(
      backend, ids, policy, table.has_value() ? &*table : nullptr);
  if (!plan.ok()) {
    outcome.error = plan.status();
    return outcome;
  }
  if (options.dry_run) {
    outcome.plan = *std::move(plan);
    outcome.ports = ListeningPorts(backend);
  } else {
    outcome.report = ExecuteTerminationPlan(backend, *plan, policy);
  }
  return outcome;
}

}  // namespace

void AddTerminationFlags(CLI::App& command, TerminationFlags* flags) {
  command
      .add_option("-s,--signal", flags->signal,
                  "Signal to send first: TERM (default), KILL, INT, HUP")
      ->type_name("SIG");
  command
      .add_option("-g,--grace", flags->grace,
                  "How long to wait before KILL: 5s (default), 500ms, 0")
      ->type_name("DURATION");
  command.add_flag("--no-escalate", flags->no_escalate,
                   "Never send KILL; report what still runs after the grace");
  command.add_flag("--tree", flags->tree,
                   "Also every descendant, children before parents");
  command.add_flag("-y,--yes", flags->yes,
                   "Consent to signal processes of other users");
  command.add_flag("--json", flags->json, "Print JSON (see docs/cli.md)");
}

absl::StatusOr<TerminationPolicy> PolicyFromFlags(
    const TerminationFlags& flags) {
  TerminationPolicy policy;
  absl::StatusOr<TerminationSignal> signal = ParseSignalName(flags.signal);
  if (!signal.ok()) return signal.status();
  absl::StatusOr<absl::Duration> grace = ParseGrace(flags.grace);
  if (!grace.ok()) return grace.status();
  policy.signal = *signal;
  policy.grace = *grace;
  policy.escalate = !flags.no_escalate;
  policy.tree = flags.tree;
  policy.allow_other_users = flags.yes;
  return policy;
}

CLI::App* AddKillCommand(CLI::App& app, KillOptions* options) {
  CLI::App* command = app.add_subcommand(
      "kill", "Terminate processes by :PORT, PID, name:REGEX or cmdline:REGEX");
  AddTerminationFlags(*command, &options->flags);
  command->add_flag("-n,--dry-run", options->dry_run,
                    "List what would be signalled; send nothing");
  command->add_flag("--connected", options->connected,
                    "For :PORT, also processes with connected sockets on the "
                    "port (clients), not only its listeners");
  command
      ->add_option("TARGET", options->targets,
                   ":PORT, PID, name:REGEX (full match of the process name) "
                   "or cmdline:REGEX (search in the command line)")
      ->type_name("")
      ->required();
  command->footer(
      "pm never signals PID 0 or 1, itself, its ancestors or kernel threads, "
      "and\nanother user's process only with --yes. Exit status: 0 done, 1 "
      "a TARGET matched\nnothing, 2 usage error, 3 partly failed (refused, "
      "still running, port still\nheld). See docs/cli.md.");
  return command;
}

int RunKill(const KillOptions& options, const BackendFactory& make_backend,
            const Output& output) {
  std::vector<KillTarget> targets;
  for (const std::string& text : options.targets) {
    absl::StatusOr<KillTarget> target = ParseKillTarget(text);
    if (!target.ok()) {
      output.err << "pm kill: " << target.status().message() << "\n";
      return kExitUsage;
    }
    targets.push_back(*std::move(target));
  }
  absl::StatusOr<TerminationPolicy> policy = PolicyFromFlags(options.flags);
  if (!policy.ok()) {
    output.err << "pm kill: " << policy.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << "pm kill: " << backend.status().message() << "\n";
    return kExitFailure;
  }

  bool failed = false;
  bool unmatched = false;
  Json list = Json::array();
  for (const KillTarget& target : targets) {
    KillTargetOutcome outcome = RunTarget(**backend, target, options, *policy);
    failed = failed || OutcomeFailed(outcome);
    unmatched = unmatched || (!outcome.matched && outcome.error.ok());
    if (options.flags.json) {
      list.push_back(OutcomeJson(outcome, options.dry_run));
      if (!outcome.error.ok()) {
        output.err << "pm kill: " << target.text << ": "
                   << outcome.error.message() << "\n";
      }
    } else {
      PrintOutcome(outcome, *policy, options.dry_run, "kill", output.width,
                   output.out, output.err);
    }
  }
  if (options.flags.json) {
    output.out << DumpJson(Json{
        {"dry_run", options.dry_run},
        {"signal", std::string(TerminationSignalName(policy->signal))},
        {"grace_ms", absl::ToDoubleMilliseconds(policy->grace)},
        {"escalate", policy->escalate},
        {"tree", policy->tree},
        {"targets", std::move(list)},
    });
  }
  if (failed) return kExitFailure;
  return unmatched ? kExitNotFound : kExitOk;
}

}  // namespace pm::cli
