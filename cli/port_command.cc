// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm port`: the subcommands' flags and the dispatch.

#include "cli/port_command.h"

namespace pm::cli {
namespace {

void AddTargetFlags(CLI::App& command, PortTargetFlags* target) {
  command
      .add_option("--host", target->host,
                  "Where a server would bind: localhost (127.0.0.1 and ::1, "
                  "the default), or an IP address such as 0.0.0.0 or ::")
      ->type_name("HOST");
  command.add_flag("-u,--udp", target->udp, "UDP instead of TCP");
}

void AddManagerFlags(CLI::App& command, PortManagerFlags* files) {
  command
      .add_option("--state-dir", files->state_dir,
                  "Where allocations are kept (default: $PM_STATE_DIR, "
                  "$XDG_STATE_HOME/pm or ~/.local/state/pm)")
      ->type_name("DIR");
}

void AddJsonFlag(CLI::App& command, bool* json) {
  command.add_flag("--json", *json, "Print JSON (see docs/cli.md)");
}

}  // namespace

CLI::App* AddPortCommand(CLI::App& app, PortOptions* options) {
  CLI::App* port = app.add_subcommand(
      "port", "Check, find, wait for and allocate ports (see pm port --help)");
  port->require_subcommand(1);
  port->footer(
      "Exit status: 0 yes/done, 1 no (taken, none free, timed out, not "
      "allocated),\n2 usage error, 3 the OS or the state directory failed.");

  CLI::App* check = port->add_subcommand(
      "check", "Say whether each PORT is free, or who holds it");
  check->add_option("PORT", options->check.ports, "Port numbers, 1 to 65535")
      ->type_name("")
      ->required();
  AddTargetFlags(*check, &options->check.target);
  AddJsonFlag(*check, &options->check.json);
  check->footer(
      "Exit status: 0 every PORT is free, 1 one is taken, 2 usage "
      "error, 3 OS error.");
  options->check_command = check;

  CLI::App* find = port->add_subcommand(
      "find", "Print a free port of RANGE (5173-5180), or any free port");
  find->add_option("RANGE", options->find.range, "FIRST-LAST or one port")
      ->type_name("");
  AddTargetFlags(*find, &options->find.target);
  AddJsonFlag(*find, &options->find.json);
  find->footer(
      "Exit status: 0 printed, 1 no port of RANGE is free, 2 usage "
      "error, 3 OS error.");
  options->find_command = find;

  CLI::App* wait = port->add_subcommand(
      "wait",
      "Wait until something listens on PORT (or, with --free, until "
      "nothing does)");
  wait->add_option("PORT", options->wait.port, "Port number, 1 to 65535")
      ->type_name("")
      ->required();
  wait->add_option("-t,--timeout", options->wait.timeout,
                   "Give up after this long: 30s (default), 500ms, 2m, or "
                   "seconds; inf waits forever")
      ->type_name("DURATION");
  wait->add_flag("--free", options->wait.free,
                 "Wait for the port to be free instead");
  wait->add_option("--host", options->wait.host,
                   "Only listeners a bind on HOST would meet (default: any "
                   "address); with --free, also wait until a bind succeeds")
      ->type_name("HOST");
  wait->add_flag("-u,--udp", options->wait.udp, "UDP instead of TCP");
  AddJsonFlag(*wait, &options->wait.json);
  wait->footer(
      "Exit status: 0 it happened, 1 timed out, 2 usage error, 3 OS "
      "error.");
  options->wait_command = wait;

  CLI::App* alloc = port->add_subcommand(
      "alloc", "Allocate a port to each SERVICE of the configuration");
  alloc->add_option("SERVICE", options->alloc.services, "Service names")
      ->type_name("");
  alloc->add_flag("--required", options->alloc.required,
                  "Allocate every required service");
  alloc
      ->add_option("-c,--config", options->alloc.files.config,
                   "The services (a ports document such as "
                   "examples/ports.example.json; default: "
                   "<state-dir>/ports.json)")
      ->type_name("FILE");
  AddManagerFlags(*alloc, &options->alloc.files);
  AddJsonFlag(*alloc, &options->alloc.json);
  alloc->footer(
      "Allocations are kept in the state directory until released. "
      "Exit status: 0\nallocated, 1 some port is in use, 2 usage "
      "error (unknown service, bad config),\n3 OS error.");
  options->alloc_command = alloc;

  CLI::App* release = port->add_subcommand(
      "release", "Release the allocations of SERVICE... (or --all)");
  release->add_option("SERVICE", options->release.services, "Service names")
      ->type_name("");
  release->add_flag("--all", options->release.all, "Release every allocation");
  AddManagerFlags(*release, &options->release.files);
  AddJsonFlag(*release, &options->release.json);
  release->footer(
      "Exit status: 0 released, 1 a SERVICE had no allocation, 2 "
      "usage error, 3 OS error.");
  options->release_command = release;

  CLI::App* status = port->add_subcommand(
      "status", "List the allocations and who holds their ports");
  AddManagerFlags(*status, &options->status.files);
  AddJsonFlag(*status, &options->status.json);
  options->status_command = status;

  CLI::App* env = port->add_subcommand(
      "env", "Print SERVICE_NAME_PORT=port for every allocation");
  env->add_flag("--export", options->env.export_prefix,
                "Prefix each line with 'export ' (for eval in a shell)");
  AddManagerFlags(*env, &options->env.files);
  AddJsonFlag(*env, &options->env.json);
  options->env_command = env;
  return port;
}

int RunPort(const PortOptions& options, const BackendFactory& make_backend,
            const Output& output) {
  if (options.check_command->parsed()) {
    return RunPortCheck(options.check, make_backend, output);
  }
  if (options.find_command->parsed()) {
    return RunPortFind(options.find, make_backend, output);
  }
  if (options.wait_command->parsed()) {
    return RunPortWait(options.wait, make_backend, output);
  }
  if (options.alloc_command->parsed()) {
    return RunPortAlloc(options.alloc, make_backend, output);
  }
  if (options.release_command->parsed()) {
    return RunPortRelease(options.release, make_backend, output);
  }
  if (options.status_command->parsed()) {
    return RunPortStatus(options.status, make_backend, output);
  }
  if (options.env_command->parsed()) {
    return RunPortEnv(options.env, make_backend, output);
  }
  return kExitUsage;  // require_subcommand(1) makes this unreachable.
}

}  // namespace pm::cli
