// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm free PORT...`.

#include "cli/free_command.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "cli/json_output.h"
#include "cli/kill_json.h"
#include "cli/kill_report.h"
#include "core/kill_port.h"
#include "core/port.h"

namespace pm::cli {

CLI::App* AddFreeCommand(CLI::App& app, FreeOptions* options) {
  CLI::App* command = app.add_subcommand(
      "free", "Make PORT bindable: terminate what listens on it, then check");
  AddTerminationFlags(*command, &options->flags);
  command
      ->add_option("--retries", options->retries,
                   "Look for new holders this many more times (default 2)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("PORT", options->ports, "Port numbers, 1 to 65535")
      ->type_name("")
      ->required();
  command->footer(
      "Exit status: 0 every PORT is free at the end (also when nothing held "
      "it), 2 usage\nerror, 3 some PORT is still held. See docs/cli.md.");
  return command;
}

int RunFree(const FreeOptions& options, const BackendFactory& make_backend,
            const Output& output) {
  std::vector<uint16_t> ports;
  for (const std::string& text : options.ports) {
    absl::StatusOr<uint16_t> port = ParsePort(text);
    if (!port.ok()) {
      output.err << "pm free: " << port.status().message() << "\n";
      return kExitUsage;
    }
    if (std::find(ports.begin(), ports.end(), *port) == ports.end()) {
      ports.push_back(*port);
    }
  }
  absl::StatusOr<TerminationPolicy> policy = PolicyFromFlags(options.flags);
  if (!policy.ok()) {
    output.err << "pm free: " << policy.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << "pm free: " << backend.status().message() << "\n";
    return kExitFailure;
  }

  bool all_free = true;
  Json list = Json::array();
  for (uint16_t port : ports) {
    absl::StatusOr<KillPortReport> report =
        FreePort(**backend, port, *policy, options.retries);
    all_free = all_free && report.ok() && report->free;
    if (!report.ok()) {
      output.err << "pm free: port " << port << ": "
                 << report.status().message() << "\n";
    }
    if (options.flags.json) {
      list.push_back(FreePortJson(port, report));
      continue;
    }
    if (!report.ok()) continue;
    for (const TerminationResult& r : report->termination.processes) {
      output.out << DescribeResult(r, port, *policy) << "\n";
    }
    for (const ProcessInfo& p : report->termination.left_running) {
      output.out << "left running (not in --tree): " << DescribeLeftRunning(p)
                 << "\n";
    }
    output.out << DescribePortEnd(*report) << "\n";
  }
  if (options.flags.json) {
    output.out << DumpJson(Json{{"ports", std::move(list)}});
  }
  return all_free ? kExitOk : kExitFailure;
}

}  // namespace pm::cli
