// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm pidfile check FILE`.

#include "cli/pidfile_command.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cli/json_output.h"
#include "core/pid_file.h"

namespace pm::cli {
namespace {

// Errors that say the file is not one pm accepts (rather than that it could
// not be read): malformed content, a symbolic link, not a regular file,
// another user's or an unreadable file.
bool IsInvalidFile(const absl::Status& status) {
  return absl::IsInvalidArgument(status) ||
         absl::IsFailedPrecondition(status) || absl::IsPermissionDenied(status);
}

std::string Started(const ProcessInfo& process) {
  std::string name = process.name.empty() ? "" : process.name + ", ";
  return absl::StrCat(name, "started ", FormatRfc3339(process.start_time));
}

void PrintCheck(const PidFileCheck& check, bool json, const Output& output) {
  const char* state = check.stale() ? "stale" : "valid";
  if (json) {
    output.out << DumpJson(
        Json{{"file", check.path},
             {"state", state},
             {"reason", check.stale() ? Json(PidFileStateName(check.state))
                                      : Json(nullptr)},
             {"pid", check.record.pid},
             {"start_token", check.record.start_token.has_value()
                                 ? Json(*check.record.start_token)
                                 : Json(nullptr)},
             {"verified", check.verified},
             {"process", check.process.has_value() ? ProcessJson(*check.process)
                                                   : Json(nullptr)}});
    return;
  }
  switch (check.state) {
    case PidFileState::kRunning:
      output.out << "valid: pid " << check.record.pid << " ("
                 << Started(*check.process) << ") is running"
                 << (check.verified
                         ? ""
                         : " (unverified: no start time in the file)")
                 << "\n";
      break;
    case PidFileState::kExited:
      output.out << "stale: pid " << check.record.pid << " is not running\n";
      break;
    case PidFileState::kPidReused:
      output.out << "stale: pid " << check.record.pid
                 << " now names another process (" << Started(*check.process)
                 << ")\n";
      break;
  }
}

}  // namespace

CLI::App* AddPidfileCommand(CLI::App& app, PidfileOptions* options) {
  CLI::App* pidfile = app.add_subcommand("pidfile", "Inspect PID files");
  pidfile->require_subcommand(1);
  CLI::App* check = pidfile->add_subcommand(
      "check", "Say whether the process FILE names still runs");
  check->add_option("FILE", options->file, "A PID file")
      ->type_name("")
      ->required();
  check->add_flag("--json", options->json, "Print JSON (see docs/cli.md)");
  check->footer(
      "Exit status: 0 valid (the process runs), 1 stale, 2 usage error, 3 "
      "the file or\nthe process table could not be read, 4 not a valid PID "
      "file (or refused).");
  return pidfile;
}

int RunPidfile(const PidfileOptions& options,
               const BackendFactory& make_backend,
               const LocalSystemFactory& make_local_system,
               const Output& output) {
  absl::StatusOr<std::unique_ptr<LocalSystem>> system = make_local_system();
  if (!system.ok()) {
    output.err << "pm pidfile: " << system.status().message() << "\n";
    return kExitFailure;
  }
  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << "pm pidfile: " << backend.status().message() << "\n";
    return kExitFailure;
  }
  absl::StatusOr<PidFileRecord> record = ReadPidFile(**system, options.file);
  if (!record.ok() && IsInvalidFile(record.status())) {
    if (options.json) {
      output.out << DumpJson(Json{{"file", options.file},
                                  {"state", "invalid"},
                                  {"reason", record.status().message()},
                                  {"pid", nullptr},
                                  {"start_token", nullptr},
                                  {"verified", false},
                                  {"process", nullptr}});
    } else {
      output.out << "invalid: " << record.status().message() << "\n";
    }
    return kExitPidFileInvalid;
  }
  absl::StatusOr<PidFileCheck> check =
      record.ok()
          ? ClassifyPidFile(*record,
                            (*backend)->processes().GetProcess(record->pid))
          : absl::StatusOr<PidFileCheck>(record.status());
  if (!check.ok()) {
    output.err << "pm pidfile: " << check.status().message() << "\n";
    return kExitFailure;
  }
  check->path = options.file;
  PrintCheck(*check, options.json, output);
  return check->stale() ? kExitNotFound : kExitOk;
}

}  // namespace pm::cli
