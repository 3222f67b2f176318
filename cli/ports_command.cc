// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm ports`.

#include "cli/ports_command.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "cli/json_output.h"
#include "cli/process_cache.h"
#include "cli/socket_order.h"
#include "cli/socket_table.h"
#include "core/find_owners.h"
#include "core/port.h"

namespace pm::cli {

CLI::App* AddPortsCommand(CLI::App& app, PortsOptions* options) {
  CLI::App* command = app.add_subcommand(
      "ports",
      "List sockets and the processes holding them (default: listening ones)");
  AddFilterFlags(*command, &options->filter);
  command
      ->add_option("-p,--port", options->ports,
                   "Only sockets whose local port is PORT (repeatable)")
      ->type_name("PORT")
      ->expected(1)
      ->take_all()
      ->allow_extra_args(false);
  command
      ->add_option_function<int64_t>(
          "--pid", [options](const int64_t& pid) { options->pid = pid; },
          "Only sockets held by process PID (rows of that owner)")
      ->type_name("PID");
  command->add_flag("--json", options->json,
                    "Print JSON ({\"sockets\":[...]}, see docs/cli.md)");
  command->footer(
      "Columns: PROTO (tcp, udp, tcp6, udp6), LOCAL ADDRESS, REMOTE (with "
      "--all), STATE,\nPID, USER, PROCESS, COMMAND. A socket held by several "
      "processes has one row per\nprocess. Exit status: 0 listed, 2 usage "
      "error, 3 the OS could not be asked.");
  return command;
}

int RunPorts(const PortsOptions& options, const BackendFactory& make_backend,
             const Output& output) {
  std::set<uint16_t> ports;
  for (const std::string& text : options.ports) {
    absl::StatusOr<uint16_t> port = ParsePort(text);
    if (!port.ok()) {
      output.err << "pm ports: " << port.status().message() << "\n";
      return kExitUsage;
    }
    ports.insert(*port);
  }

  if (options.pid.has_value() && *options.pid <= 0) {
    output.err << "pm ports: --pid " << *options.pid
               << " is not a process ID: give a number from 1 up\n";
    return kExitUsage;
  }

  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << "pm ports: " << backend.status().message() << "\n";
    return kExitFailure;
  }
  SocketQuery query = QueryFromFlags(options.filter);
  // One port is filtered by the backend (in the kernel where it can); several
  // by us, from one listing.
  if (ports.size() == 1) query.local_port = *ports.begin();
  absl::StatusOr<std::vector<Socket>> sockets =
      (*backend)->ports().ListSockets(query);
  if (!sockets.ok()) {
    output.err << "pm ports: " << sockets.status().message() << "\n";
    return kExitFailure;
  }
  const std::vector<size_t> order = DisplayOrder(*sockets);

  const std::optional<Pid>& only_pid = options.pid;
  auto selected = [&](const Socket& socket) {
    if (!ports.empty() && ports.count(socket.local.port) == 0) return false;
    return !only_pid || std::binary_search(socket.owners.begin(),
                                           socket.owners.end(), *only_pid);
  };
  ProcessCache cache((*backend)->processes());
  if (options.json) {
    std::vector<OwnedSocket> owned;
    owned.reserve(order.size());
    for (size_t i : order) {
      Socket& socket = (*sockets)[i];
      if (selected(socket)) owned.push_back(cache.Attach(std::move(socket)));
    }
    output.out << DumpJson(SocketsDocument(owned));
    return kExitOk;
  }

  // Why: the table is built from the sockets and the cache's records in
  // place; copying every owner's details into each of its sockets' rows
  // (OwnedSocket) cost more than reading them (pm issue 5).
  SocketTableOptions table_options;
  table_options.show_remote = options.filter.all;
  table_options.only_pid = only_pid;
  SocketTableBuilder table(table_options);
  table.Reserve(order.size());
  for (size_t i : order) {
    const Socket& socket = (*sockets)[i];
    if (!selected(socket)) continue;
    table.Add(socket, [&cache](Pid pid) { return cache.Find(pid); });
  }
  table.table().Write(output.width, output.out);
  return kExitOk;
}

}  // namespace pm::cli
