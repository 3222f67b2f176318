// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// RunPm: argument parsing and dispatch.

#include "cli/app.h"

#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/free_command.h"
#include "cli/kill_command.h"
#include "cli/lock_command.h"
#include "cli/pidfile_command.h"
#include "cli/port_command.h"
#include "cli/ports_command.h"
#include "cli/status_command.h"
#include "cli/who_command.h"

namespace pm::cli {

int RunPm(int argc, const char* const* argv, const BackendFactory& make_backend,
          const Output& output) {
  CLI::App app(
      "pm: which process holds a port, and the sockets of this machine.", "pm");
  app.set_version_flag("--version", absl::StrCat("pm ", kPmVersion));
  app.require_subcommand(0, 1);
  app.footer(
      "Run 'pm <command> --help' for a command's flags. Exit status: 0 done,\n"
      "1 nothing matched (port not held, nothing to kill, stale PID file), 2 "
      "usage error,\n3 failed or partly failed, 4 invalid PID file. See "
      "docs/cli.md.");
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return absl::StrCat("pm: ", e.what(),
                        "\nRun 'pm --help' for more information.\n");
  });

  PortsOptions ports_options;
  CLI::App* ports = AddPortsCommand(app, &ports_options);
  WhoOptions who_options;
  CLI::App* who = AddWhoCommand(app, &who_options);
  PortOptions port_options;
  CLI::App* port = AddPortCommand(app, &port_options);
  LockOptions lock_options;
  lock_options.argv.assign(argv, argv + argc);
  CLI::App* lock = AddLockCommand(app, &lock_options);
  PidfileOptions pidfile_options;
  CLI::App* pidfile = AddPidfileCommand(app, &pidfile_options);
  KillOptions kill_options;
  CLI::App* kill_command = AddKillCommand(app, &kill_options);
  FreeOptions free_options;
  CLI::App* free_command = AddFreeCommand(app, &free_options);
  StatusOptions status_options;
  CLI::App* status_command = AddStatusCommand(app, &status_options);

  // Why: CLI11 reports --help, --version and every usage error by throwing; no
  // exception leaves this function.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, output.out, output.err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (ports->parsed()) return RunPorts(ports_options, make_backend, output);
  if (who->parsed()) return RunWho(who_options, make_backend, output);
  if (port->parsed()) return RunPort(port_options, make_backend, output);
  if (lock->parsed()) {
    return RunLock(lock_options, make_backend, CreateDefaultLocalSystem,
                   output);
  }
  if (pidfile->parsed()) {
    return RunPidfile(pidfile_options, make_backend, CreateDefaultLocalSystem,
                      output);
  }
  if (kill_command->parsed())
    return RunKill(kill_options, make_backend, output);
  if (free_command->parsed())
    return RunFree(free_options, make_backend, output);
  if (status_command->parsed()) {
    return RunStatus(status_options, make_backend, CreateDefaultLocalSystem,
                     output);
  }
  output.err << app.help();
  return kExitUsage;
}

}  // namespace pm::cli
