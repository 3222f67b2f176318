// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm status --config FILE`.

#include "cli/status_command.h"

#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/json_output.h"
#include "core/instance_lock.h"
#include "core/process_manager.h"

namespace pm::cli {
namespace {

absl::Status Invalid(absl::string_view path, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", why));
}

absl::StatusOr<std::string> ReadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (in.bad()) return absl::InternalError(absl::StrCat("cannot read ", path));
  return text;
}

// The lock of `app`, as printed: "held", "free", "stale", and the holder.
struct LockSummary {
  std::string state;
  Pid pid = 0;
  absl::Status error;
};

LockSummary SummarizeLock(ProcessManager& manager, const std::string& app) {
  LockSummary summary;
  absl::StatusOr<InstanceLockStatus> lock = GetInstanceLockStatus(
      manager.local_system(), manager.backend().processes(), app, "");
  if (!lock.ok()) {
    summary.error = lock.status();
    return summary;
  }
  summary.state = std::string(LockStateName(lock->state));
  if (lock->holder.has_value()) summary.pid = lock->holder->pid;
  return summary;
}

void PrintText(const StatusConfig& config, const LockSummary& lock,
               const ProcessManagerStatus& status, const Output& output) {
  if (!config.app.empty()) {
    output.out << "app " << config.app << ": ";
    if (!lock.error.ok()) {
      output.out << "lock unknown (" << lock.error.message() << ")\n";
    } else if (lock.state == "free") {
      output.out << "lock free\n";
    } else {
      output.out << "lock " << lock.state << " by pid " << lock.pid << "\n";
    }
  }
  size_t name_width = 4;
  for (const ManagedPortStatus& port : status.ports) {
    name_width = std::max(name_width, port.name.size());
  }
  output.out << absl::StrFormat("%-6s %-*s %-7s %s\n", "PORT",
                                static_cast<int>(name_width), "NAME", "STATE",
                                "PIDS");
  for (const ManagedPortStatus& port : status.ports) {
    std::string state = !port.error.ok() ? "unknown"
                        : port.in_use    ? "in use"
                                         : "free";
    std::string pids =
        port.owners.empty() ? "-" : absl::StrJoin(port.owners, ",");
    if (!port.error.ok())
      absl::StrAppend(&pids, " (", port.error.message(), ")");
    output.out << absl::StrFormat("%-6d %-*s %-7s %s\n", port.port,
                                  static_cast<int>(name_width), port.name,
                                  state, pids);
  }
}

void PrintJson(const StatusConfig& config, const LockSummary& lock,
               const ProcessManagerStatus& status, const Output& output) {
  Json ports = Json::array();
  for (const ManagedPortStatus& port : status.ports) {
    ports.push_back(Json{
        {"port", port.port},
        {"name", port.name},
        {"in_use", port.in_use},
        {"owners", port.owners},
        {"error", port.error.ok() ? Json(nullptr)
                                  : Json(std::string(port.error.message()))}});
  }
  bool has_lock = !config.app.empty() && lock.error.ok();
  output.out << DumpJson(Json{
      {"app", config.app.empty() ? Json(nullptr) : Json(config.app)},
      {"lock", has_lock ? Json(lock.state) : Json(nullptr)},
      {"lock_pid", has_lock && lock.pid != 0 ? Json(lock.pid) : Json(nullptr)},
      {"ports", std::move(ports)}});
}

}  // namespace

absl::StatusOr<StatusConfig> ParseStatusConfig(absl::string_view text,
                                               absl::string_view path) {
  Json doc = Json::parse(text.begin(), text.end(), nullptr,
                         /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Invalid(path, "not valid JSON");
  if (!doc.is_object()) return Invalid(path, "expected a JSON object");
  StatusConfig config;
  if (doc.contains("app")) {
    if (!doc["app"].is_string())
      return Invalid(path, "\"app\" must be a string");
    config.app = doc["app"].get<std::string>();
  }
  if (!doc.contains("ports") || !doc["ports"].is_array()) {
    return Invalid(path, "expected a \"ports\" array");
  }
  std::set<uint16_t> seen;
  for (const Json& entry : doc["ports"]) {
    if (!entry.is_object() || !entry.contains("port") ||
        !entry["port"].is_number_integer()) {
      return Invalid(path, "each port needs an integer \"port\"");
    }
    int64_t port = entry["port"].get<int64_t>();
    if (port < 1 || port > 65535) {
      return Invalid(path, absl::StrCat("port ", port, " is not in 1-65535"));
    }
    if (!seen.insert(static_cast<uint16_t>(port)).second) {
      return Invalid(path, absl::StrCat("port ", port, " is listed twice"));
    }
    StatusConfig::Port parsed;
    parsed.port = static_cast<uint16_t>(port);
    if (entry.contains("name")) {
      if (!entry["name"].is_string()) {
        return Invalid(path, "\"name\" must be a string");
      }
      parsed.name = entry["name"].get<std::string>();
    }
    config.ports.push_back(std::move(parsed));
  }
  return config;
}

CLI::App* AddStatusCommand(CLI::App& app, StatusOptions* options) {
  CLI::App* status = app.add_subcommand(
      "status",
      "Show an application's managed ports (in use, owner PIDs) and its lock.");
  status
      ->add_option("--config", options->config,
                   "JSON file: {\"app\": NAME, \"ports\": [{\"port\": N, "
                   "\"name\": S}]}")
      ->required();
  status->add_flag("--json", options->json, "Print one JSON document.");
  return status;
}

int RunStatus(const StatusOptions& options, const BackendFactory& make_backend,
              const LocalSystemFactory& make_local_system,
              const Output& output) {
  absl::StatusOr<StatusConfig> config = [&]() -> absl::StatusOr<StatusConfig> {
    absl::StatusOr<std::string> text = ReadConfigFile(options.config);
    if (!text.ok()) return text.status();
    return ParseStatusConfig(*text, options.config);
  }();
  if (!config.ok()) {
    output.err << "pm status: " << config.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << "pm status: " << backend.status().message() << "\n";
    return kExitFailure;
  }
  absl::StatusOr<std::unique_ptr<LocalSystem>> system = make_local_system();
  if (!system.ok()) {
    output.err << "pm status: " << system.status().message() << "\n";
    return kExitFailure;
  }
  ProcessManager manager(std::move(*backend), std::move(*system));
  manager.SetLogSink(nullptr);  // Per-port errors are printed with the port.
  for (const StatusConfig::Port& port : config->ports) {
    (void)manager.RegisterManagedPort(port.port, port.name);  // 1-65535.
  }
  LockSummary lock;
  if (!config->app.empty()) lock = SummarizeLock(manager, config->app);
  ProcessManagerStatus status = manager.Status();
  if (options.json) {
    PrintJson(*config, lock, status, output);
  } else {
    PrintText(*config, lock, status, output);
  }
  return kExitOk;
}

}  // namespace pm::cli
