// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm port alloc`, `release`, `status` and `env`: the PortManager over the
// state directory, with allocations that outlive the pm process.

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "cli/json_output.h"
#include "cli/port_command.h"
#include "cli/port_output.h"
#include "cli/table.h"
#include "core/port_json.h"
#include "core/port_manager.h"
#include "core/port_state_io.h"

namespace pm::cli {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// --state-dir, else $PM_STATE_DIR, $XDG_STATE_HOME/pm, $HOME/.local/state/pm,
// %LOCALAPPDATA%/pm.
absl::StatusOr<std::string> StateDir(const PortManagerFlags& flags) {
  if (!flags.state_dir.empty()) return flags.state_dir;
  if (std::string dir = Env("PM_STATE_DIR"); !dir.empty()) return dir;
  if (std::string xdg = Env("XDG_STATE_HOME"); !xdg.empty()) {
    return absl::StrCat(xdg, "/pm");
  }
  if (std::string home = Env("HOME"); !home.empty()) {
    return absl::StrCat(home, "/.local/state/pm");
  }
  if (std::string local = Env("LOCALAPPDATA"); !local.empty()) {
    return absl::StrCat(local, "/pm");
  }
  return absl::FailedPreconditionError(
      "no state directory: give --state-dir or set PM_STATE_DIR or HOME");
}

// A PortManager on the state directory, and the backend it uses.
struct Opened {
  std::unique_ptr<Backend> backend;
  std::unique_ptr<PortManager> manager;
};

// Opens the manager for `command` ("pm port alloc"); with `load_config`, with
// the services of --config (or <state dir>/ports.json when it exists).
// Returns the exit code to stop with, or kExitOk.
int Open(absl::string_view command, const PortManagerFlags& flags,
         bool load_config, const BackendFactory& make_backend,
         const Output& output, Opened* opened) {
  absl::StatusOr<std::string> state_dir = StateDir(flags);
  if (!state_dir.ok()) {
    output.err << command << ": " << state_dir.status().message() << "\n";
    return kExitUsage;
  }
  std::unique_ptr<StateIo> io = CreateDefaultStateIo();
  PortManagerOptions options;
  options.state_dir = *state_dir;
  options.persistent = true;  // This process exits right after.
  if (load_config) {
    const std::string path = flags.config.empty()
                                 ? absl::StrCat(*state_dir, "/ports.json")
                                 : flags.config;
    absl::StatusOr<PortsDocument> document = LoadPortsFile(*io, path);
    if (document.ok()) {
      options.config = std::move(document->config);
    } else if (!flags.config.empty() || !absl::IsNotFound(document.status())) {
      output.err << command << ": " << document.status().message() << "\n";
      return kExitUsage;
    }
  }
  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << command << ": " << backend.status().message() << "\n";
    return kExitFailure;
  }
  absl::StatusOr<std::unique_ptr<PortManager>> manager =
      PortManager::Create(**backend, std::move(options), std::move(io));
  if (!manager.ok()) {
    output.err << command << ": " << manager.status().message() << "\n";
    return kExitUsage;
  }
  opened->backend = *std::move(backend);
  opened->manager = *std::move(manager);
  return kExitOk;
}

}  // namespace

int RunPortAlloc(const PortAllocOptions& options,
                 const BackendFactory& make_backend, const Output& output) {
  constexpr absl::string_view kCommand = "pm port alloc";
  if (options.services.empty() == !options.required) {
    output.err << kCommand << ": give SERVICE... or --required (not both)\n";
    return kExitUsage;
  }
  Opened opened;
  if (int code = Open(kCommand, options.files, /*load_config=*/true,
                      make_backend, output, &opened);
      code != kExitOk) {
    return code;
  }
  PortManagerConfig config = opened.manager->config();
  std::vector<std::string> names;
  for (const std::string& service : options.services) {
    if (FindService(config, service) == nullptr) {
      std::vector<std::string> known;
      for (const ServiceConfig& s : config.services) known.push_back(s.name);
      output.err << kCommand << ": unknown service '" << service << "' "
                 << (known.empty()
                         ? std::string("(no services are configured: "
                                       "give --config FILE)")
                         : absl::StrCat("(configured: ",
                                        absl::StrJoin(known, ", "), ")"))
                 << "\n";
      return kExitUsage;
    }
    names.push_back(service);
  }
  std::vector<PortAllocation> results;
  if (options.required) {
    results = opened.manager->AllocateRequired();
  } else {
    for (const std::string& name : names) {
      results.push_back(opened.manager->Allocate(name));
    }
  }
  int code = kExitOk;
  Table table({{"SERVICE"},
               {"PORT", Align::kRight},
               {"STATUS"},
               {"MESSAGE", Align::kLeft, 10}});
  Json list = Json::array();
  for (const PortAllocation& a : results) {
    if (a.status == AllocationStatus::kError) code = kExitFailure;
    if (a.status == AllocationStatus::kInUse && code == kExitOk) {
      code = kExitNotFound;
    }
    const bool allocated = a.status == AllocationStatus::kAllocated;
    table.AddRow({a.service, allocated ? absl::StrCat(a.allocated_port) : "-",
                  std::string(AllocationStatusName(a.status)), a.message});
    list.push_back(Json{
        {"service", a.service},
        {"requested_port", a.requested_port},
        {"allocated_port", allocated ? Json(a.allocated_port) : Json(nullptr)},
        {"status", std::string(AllocationStatusName(a.status))},
        {"message", a.message}});
  }
  if (options.json) {
    output.out << DumpJson(Json{{"allocations", std::move(list)}});
  } else {
    output.out << table.Render(output.width);
  }
  return code;
}

int RunPortRelease(const PortReleaseOptions& options,
                   const BackendFactory& make_backend, const Output& output) {
  constexpr absl::string_view kCommand = "pm port release";
  if (options.services.empty() == !options.all) {
    output.err << kCommand << ": give SERVICE... or --all (not both)\n";
    return kExitUsage;
  }
  Opened opened;
  if (int code = Open(kCommand, options.files, /*load_config=*/false,
                      make_backend, output, &opened);
      code != kExitOk) {
    return code;
  }
  PortManager& ports = *opened.manager;
  absl::StatusOr<std::vector<AllocationRecord>> before = ports.Allocations();
  if (!before.ok()) {
    output.err << kCommand << ": " << before.status().message() << "\n";
    return kExitFailure;
  }
  std::vector<std::string> wanted = options.services;
  if (options.all) {
    for (const AllocationRecord& r : *before) wanted.push_back(r.service);
  }
  Json released = Json::array();
  Json missing = Json::array();
  for (const std::string& service : wanted) {
    uint16_t port = 0;
    for (const AllocationRecord& r : *before) {
      if (r.service == service) port = r.port;
    }
    absl::Status status = ports.Release(service);
    if (absl::IsNotFound(status)) {
      output.err << kCommand << ": " << status.message() << "\n";
      missing.push_back(service);
      continue;
    }
    if (!status.ok()) {
      output.err << kCommand << ": " << status.message() << "\n";
      return kExitFailure;
    }
    released.push_back(Json{{"service", service}, {"port", port}});
    if (!options.json) {
      output.out << "released " << service << " (port " << port << ")\n";
    }
  }
  if (options.json) {
    output.out << DumpJson(
        Json{{"released", std::move(released)}, {"not_allocated", missing}});
  }
  return missing.empty() ? kExitOk : kExitNotFound;
}

int RunPortStatus(const PortStatusOptions& options,
                  const BackendFactory& make_backend, const Output& output) {
  Opened opened;
  if (int code = Open("pm port status", options.files, /*load_config=*/false,
                      make_backend, output, &opened);
      code != kExitOk) {
    return code;
  }
  absl::StatusOr<std::vector<PortStatus>> statuses =
      opened.manager->GetStatus();
  if (!statuses.ok()) {
    output.err << "pm port status: " << statuses.status().message() << "\n";
    return kExitFailure;
  }
  Table table({{"SERVICE"},
               {"PORT", Align::kRight},
               {"PROTO"},
               {"STATE"},
               {"HELD BY", Align::kLeft, 10},
               {"ALLOCATED"}});
  Json list = Json::array();
  for (const PortStatus& s : *statuses) {
    const AllocationRecord& a = s.allocation;
    table.AddRow({a.service, absl::StrCat(a.port),
                  std::string(ProtocolName(a.protocol)),
                  s.in_use ? "in use" : "free", DescribeHolders(s.listeners),
                  absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", a.allocated_at,
                                   absl::UTCTimeZone())});
    list.push_back(Json{{"service", a.service},
                        {"port", a.port},
                        {"requested_port", a.requested_port},
                        {"protocol", std::string(ProtocolName(a.protocol))},
                        {"host", a.host},
                        {"allocated_at", FormatRfc3339(a.allocated_at)},
                        {"allocated_by", a.pid},
                        {"persistent", a.persistent},
                        {"in_use", s.in_use},
                        {"sockets", SocketListJson(s.listeners)}});
  }
  if (options.json) {
    output.out << DumpJson(Json{{"allocations", std::move(list)}});
  } else {
    output.out << table.Render(output.width);
  }
  return kExitOk;
}

int RunPortEnv(const PortEnvOptions& options,
               const BackendFactory& make_backend, const Output& output) {
  Opened opened;
  if (int code = Open("pm port env", options.files, /*load_config=*/false,
                      make_backend, output, &opened);
      code != kExitOk) {
    return code;
  }
  absl::StatusOr<std::map<std::string, std::string>> variables =
      opened.manager->EnvironmentVariables();
  if (!variables.ok()) {
    output.err << "pm port env: " << variables.status().message() << "\n";
    return kExitFailure;
  }
  if (options.json) {
    Json object = Json::object();
    for (const auto& [name, value] : *variables) object[name] = value;
    output.out << DumpJson(Json{{"variables", std::move(object)}});
    return kExitOk;
  }
  for (const auto& [name, value] : *variables) {
    output.out << (options.export_prefix ? "export " : "") << name << "="
               << value << "\n";
  }
  return kExitOk;
}

}  // namespace pm::cli
