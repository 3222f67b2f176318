// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessManager: construction, logging, instance lock, managed ports, port
// handlers and status. The port and process operations are in
// process_manager_ports.cc, CleanupOnStartup in process_manager_cleanup.cc.

#include "core/process_manager.h"

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace pm {

absl::string_view LogSeverityName(LogSeverity severity) {
  switch (severity) {
    case LogSeverity::kInfo:
      return "info";
    case LogSeverity::kWarning:
      return "warning";
    case LogSeverity::kError:
      return "error";
  }
  return "error";
}

std::string FormatLogRecord(const ProcessManagerLogRecord& record) {
  std::string line = absl::StrCat("pm: ", LogSeverityName(record.severity),
                                  ": ", record.operation);
  if (record.port.has_value()) absl::StrAppend(&line, " port=", *record.port);
  if (record.pid.has_value()) absl::StrAppend(&line, " pid=", *record.pid);
  absl::StrAppend(&line, ": ", record.status.ToString());
  return line;
}

void StderrLogSink(const ProcessManagerLogRecord& record) {
  std::string line = FormatLogRecord(record);
  line.push_back('\n');
  std::fputs(line.c_str(), stderr);
}

ProcessManager::ProcessManager(std::unique_ptr<Backend> backend,
                               std::unique_ptr<LocalSystem> system)
    : backend_(std::move(backend)),
      system_(std::move(system)),
      start_time_(absl::Now()) {}

ProcessManager::~ProcessManager() {
  // Destroyed outside mu_: the lock's destructor waits for a running
  // second-instance handler, which takes mu_.
  std::unique_ptr<InstanceLock> lock;
  std::unique_ptr<ShutdownSignalWatch> watch;
  {
    std::lock_guard<std::mutex> guard(mu_);
    lock = std::move(lock_);
    watch = std::move(watch_);
  }
}

absl::StatusOr<std::unique_ptr<ProcessManager>> ProcessManager::Create() {
  PM_ASSIGN_OR_RETURN(std::unique_ptr<Backend> backend, CreateDefaultBackend());
  PM_ASSIGN_OR_RETURN(std::unique_ptr<LocalSystem> system,
                      CreateDefaultLocalSystem());
  return std::make_unique<ProcessManager>(std::move(backend),
                                          std::move(system));
}

absl::StatusOr<ProcessManager*> ProcessManager::Default() {
  // Why leaked: the instance may be used from signal-watcher and handler
  // threads until the process exits (no destruction-order races at exit).
  static const auto* const instance =
      new absl::StatusOr<std::unique_ptr<ProcessManager>>(Create());
  if (!instance->ok()) return instance->status();
  return instance->value().get();
}

void ProcessManager::SetLogSink(ProcessManagerLogSink sink) {
  std::lock_guard<std::mutex> guard(mu_);
  sink_ = std::move(sink);
}

void ProcessManager::Log(LogSeverity severity, absl::string_view operation,
                         std::optional<uint16_t> port, std::optional<Pid> pid,
                         const absl::Status& status) {
  ProcessManagerLogSink sink;
  {
    std::lock_guard<std::mutex> guard(mu_);
    sink = sink_;
  }
  if (!sink) return;
  sink(ProcessManagerLogRecord{severity, std::string(operation), port, pid,
                               status});
}

absl::StatusOr<bool> ProcessManager::EnforceSingleInstance(
    const std::string& app_name, const std::string& state_dir,
    std::vector<std::string> argv) {
  absl::Status held_elsewhere;
  {
    std::lock_guard<std::mutex> guard(mu_);
    if (lock_ != nullptr) {
      if (app_name_ == app_name) return true;
      held_elsewhere = absl::FailedPreconditionError(absl::StrCat(
          "EnforceSingleInstance(", app_name,
          "): this process already holds the lock of ", app_name_));
    }
  }
  if (!held_elsewhere.ok()) {
    Log(LogSeverity::kError, "EnforceSingleInstance", std::nullopt,
        std::nullopt, held_elsewhere);
    return held_elsewhere;
  }
  InstanceLockOptions options;
  options.app_name = app_name;
  options.state_dir = state_dir;
  options.on_second_instance = [this](const SecondInstanceRequest& request) {
    SecondInstanceCallback callback;
    {
      std::lock_guard<std::mutex> guard(mu_);
      callback = on_second_instance_;
    }
    return callback ? callback(request) : std::string();
  };
  absl::StatusOr<SingleInstanceResult> result = RequestSingleInstanceLock(
      *system_, backend_->processes(), options, std::move(argv));
  if (!result.ok()) {
    Log(LogSeverity::kError, "EnforceSingleInstance", std::nullopt,
        std::nullopt, result.status());
    return result.status();
  }
  if (!result->acquired()) return false;
  std::unique_ptr<InstanceLock> extra;  // A racing caller's lock, released.
  {
    std::lock_guard<std::mutex> guard(mu_);
    if (lock_ == nullptr) {
      lock_ = std::move(result->lock);
      app_name_ = app_name;
    } else {
      extra = std::move(result->lock);
    }
  }
  return true;
}

void ProcessManager::OnSecondInstance(SecondInstanceCallback callback) {
  std::lock_guard<std::mutex> guard(mu_);
  on_second_instance_ = std::move(callback);
}

absl::Status ProcessManager::RegisterManagedPort(uint16_t port,
                                                 std::string service) {
  if (port == 0) {
    absl::Status error =
        absl::InvalidArgumentError("RegisterManagedPort: port 0 is not a port");
    Log(LogSeverity::kError, "RegisterManagedPort", port, std::nullopt, error);
    return error;
  }
  std::lock_guard<std::mutex> guard(mu_);
  managed_ports_[port] = std::move(service);
  return absl::OkStatus();
}

absl::Status ProcessManager::UnregisterManagedPort(uint16_t port) {
  {
    std::lock_guard<std::mutex> guard(mu_);
    if (managed_ports_.erase(port) == 1) return absl::OkStatus();
  }
  absl::Status error = absl::NotFoundError(
      absl::StrCat("UnregisterManagedPort: port ", port, " is not managed"));
  Log(LogSeverity::kError, "UnregisterManagedPort", port, std::nullopt, error);
  return error;
}

std::map<uint16_t, std::string> ProcessManager::ManagedPorts() const {
  std::lock_guard<std::mutex> guard(mu_);
  return managed_ports_;
}

absl::Status ProcessManager::AddShutdownHandler(
    std::string name, ShutdownHandlers::Handler handler,
    absl::Duration deadline) {
  absl::Status status =
      shutdown_handlers_.Add(std::move(name), std::move(handler), deadline);
  if (!status.ok()) {
    Log(LogSeverity::kError, "AddShutdownHandler", std::nullopt, std::nullopt,
        status);
  }
  return status;
}

absl::Status ProcessManager::ExecuteShutdownHandlers() {
  absl::Status status = shutdown_handlers_.RunAll();
  if (!status.ok()) {
    Log(LogSeverity::kError, "ExecuteShutdownHandlers", std::nullopt,
        std::nullopt, status);
  }
  return status;
}

absl::Status ProcessManager::InstallSignalHandlers(
    ShutdownSignalOptions options) {
  absl::StatusOr<std::unique_ptr<ShutdownSignalWatch>> watch =
      pm::InstallSignalHandlers(shutdown_handlers_, std::move(options));
  if (!watch.ok()) {
    Log(LogSeverity::kError, "InstallSignalHandlers", std::nullopt,
        std::nullopt, watch.status());
    return watch.status();
  }
  std::lock_guard<std::mutex> guard(mu_);
  watch_ = std::move(*watch);
  return absl::OkStatus();
}

ProcessManagerStatus ProcessManager::Status() {
  ProcessManagerStatus status;
  status.start_time = start_time_;
  status.pid = system_->CurrentPid();
  std::map<uint16_t, std::string> ports;
  {
    std::lock_guard<std::mutex> guard(mu_);
    status.app_name = app_name_;
    status.lock_held = lock_ != nullptr;
    ports = managed_ports_;
  }
  for (const auto& [port, name] : ports) {
    ManagedPortStatus entry;
    entry.port = port;
    entry.name = name;
    absl::StatusOr<bool> in_use = IsPortInUse(port);
    if (in_use.ok()) {
      entry.in_use = *in_use;
    } else {
      entry.error = in_use.status();
    }
    absl::StatusOr<std::vector<ProcessInfo>> owners = FindProcessByPort(port);
    if (owners.ok()) {
      for (const ProcessInfo& owner : *owners)
        entry.owners.push_back(owner.pid);
    } else if (!absl::IsNotFound(owners.status()) && entry.error.ok()) {
      entry.error = owners.status();
    }
    status.ports.push_back(std::move(entry));
  }
  return status;
}

}  // namespace pm
