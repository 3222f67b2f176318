// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm who PORT...`.

#include "cli/who_command.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "cli/json_output.h"
#include "cli/socket_table.h"
#include "core/find_owners.h"
#include "core/port.h"

namespace pm::cli {

CLI::App* AddWhoCommand(CLI::App& app, WhoOptions* options) {
  CLI::App* command = app.add_subcommand(
      "who", "Show which processes hold PORT (default: the listening socket)");
  AddFilterFlags(*command, &options->filter);
  command->add_option("PORT", options->ports, "Port numbers, 1 to 65535")
      ->type_name("")
      ->required();
  command->add_flag("--first", options->first,
                    "Stop at the first owner found of each socket (faster; "
                    "other owners\nof a shared socket may be left out)");
  command->add_flag(
      "--json", options->json,
      "Print JSON ({\"ports\":[{\"port\":N,\"sockets\":[...]}]}, see "
      "docs/cli.md)");
  command->footer(
      "Exit status: 0 every PORT is held, 1 some PORT has no socket, 2 usage "
      "error\n(bad port), 3 the OS could not be asked.");
  return command;
}

int RunWho(const WhoOptions& options, const BackendFactory& make_backend,
           const Output& output) {
  std::vector<uint16_t> ports;
  for (const std::string& text : options.ports) {
    absl::StatusOr<uint16_t> port = ParsePort(text);
    if (!port.ok()) {
      output.err << "pm who: " << port.status().message() << "\n";
      return kExitUsage;
    }
    if (std::find(ports.begin(), ports.end(), *port) == ports.end()) {
      ports.push_back(*port);
    }
  }

  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << "pm who: " << backend.status().message() << "\n";
    return kExitFailure;
  }
  SocketQuery filter = QueryFromFlags(options.filter);
  if (options.first) filter.owner_search = OwnerSearch::kFirst;
  std::vector<std::pair<uint16_t, std::vector<OwnedSocket>>> found;
  std::vector<uint16_t> missing;
  for (uint16_t port : ports) {
    absl::StatusOr<std::vector<OwnedSocket>> owners =
        FindOwners(**backend, port, filter);
    if (absl::IsNotFound(owners.status())) {
      missing.push_back(port);
      found.emplace_back(port, std::vector<OwnedSocket>());
      continue;
    }
    if (!owners.ok()) {
      output.err << "pm who: port " << port << ": " << owners.status().message()
                 << "\n";
      return kExitFailure;
    }
    found.emplace_back(port, *std::move(owners));
  }

  if (options.json) {
    Json list = Json::array();
    for (const auto& [port, sockets] : found) {
      list.push_back(PortJson(port, sockets));
    }
    output.out << DumpJson(Json{{"ports", std::move(list)}});
  } else if (missing.size() < ports.size()) {
    std::vector<OwnedSocket> all;
    for (auto& entry : found) {
      for (OwnedSocket& owned : entry.second) all.push_back(std::move(owned));
    }
    SocketTableOptions table_options;
    table_options.show_remote = options.filter.all;
    output.out << MakeSocketTable(all, table_options).Render(output.width);
  }
  for (uint16_t port : missing) {
    output.err << "port " << port << ": "
               << (options.filter.all ? "no socket" : "nothing is listening")
               << "\n";
  }
  return missing.empty() ? kExitOk : kExitNotFound;
}

}  // namespace pm::cli
