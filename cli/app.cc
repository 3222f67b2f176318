// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// RunPm: argument parsing and dispatch.

#include "cli/app.h"

#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/ports_command.h"
#include "cli/who_command.h"

namespace pm::cli {

int RunPm(int argc, const char* const* argv, const BackendFactory& make_backend,
          const Output& output) {
  CLI::App app(
      "pm: which process holds a port, and the sockets of this machine.", "pm");
  app.set_version_flag("--version", absl::StrCat("pm ", kPmVersion));
  app.require_subcommand(0, 1);
  app.footer(
      "Run 'pm <command> --help' for a command's flags. Exit status: 0 ok, 1 "
      "not found\n(pm who), 2 usage error, 3 the OS could not be asked. See "
      "docs/cli.md.");
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return absl::StrCat("pm: ", e.what(),
                        "\nRun 'pm --help' for more information.\n");
  });

  PortsOptions ports_options;
  CLI::App* ports = AddPortsCommand(app, &ports_options);
  WhoOptions who_options;
  CLI::App* who = AddWhoCommand(app, &who_options);

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
  output.err << app.help();
  return kExitUsage;
}

}  // namespace pm::cli
