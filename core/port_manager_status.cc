// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortManager: status, environment variables, saving, and the monitor.

#include <algorithm>
#include <chrono>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/find_owners.h"
#include "core/port_json.h"
#include "core/port_manager.h"
#include "core/port_probe.h"
#include "core/status_macros.h"

namespace pm {
namespace {

// True when the monitor should report the change from `a` to `b`.
bool Changed(const PortStatus& a, const PortStatus& b) {
  return a.allocation.port != b.allocation.port || a.in_use != b.in_use ||
         a.allocation.allocated_at != b.allocation.allocated_at ||
         a.OwnerPids() != b.OwnerPids();
}

}  // namespace

std::vector<Pid> PortStatus::OwnerPids() const {
  std::vector<Pid> pids;
  for (const OwnedSocket& s : listeners) {
    pids.insert(pids.end(), s.socket.owners.begin(), s.socket.owners.end());
  }
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  return pids;
}

PortManager::~PortManager() { StopMonitor(); }

absl::StatusOr<PortStatus> PortManager::StatusOf(
    const AllocationRecord& record) {
  std::lock_guard<std::mutex> lock(backend_mu_);
  PortStatus status;
  status.allocation = record;
  PM_ASSIGN_OR_RETURN(
      PortAvailability availability,
      IsPortFree(backend_.ports(), record.port, record.host, record.protocol));
  status.in_use = !availability.free();
  SocketQuery listening;
  listening.tcp = record.protocol == Protocol::kTcp;
  listening.udp = record.protocol == Protocol::kUdp;
  listening.states = SocketStateSet::Listening();
  absl::StatusOr<std::vector<OwnedSocket>> owners =
      FindOwners(backend_, record.port, listening);
  if (owners.ok()) {
    status.listeners = *std::move(owners);
  } else if (!absl::IsNotFound(owners.status())) {
    return owners.status();
  }
  return status;
}

absl::StatusOr<std::vector<PortStatus>> PortManager::GetStatus() {
  PM_ASSIGN_OR_RETURN(std::vector<AllocationRecord> records, LiveRecords());
  std::vector<PortStatus> statuses;
  for (const AllocationRecord& record : records) {
    PM_ASSIGN_OR_RETURN(PortStatus status, StatusOf(record));
    statuses.push_back(std::move(status));
  }
  return statuses;
}

absl::StatusOr<std::map<std::string, std::string>>
PortManager::EnvironmentVariables() {
  PM_ASSIGN_OR_RETURN(std::vector<AllocationRecord> records, LiveRecords());
  std::map<std::string, std::string> variables;
  for (const AllocationRecord& r : records) {
    variables[PortEnvVarName(r.service)] = absl::StrCat(r.port);
  }
  return variables;
}

absl::Status PortManager::SaveConfiguration(const std::string& path) {
  PortsDocument document;
  document.config = config();
  PM_ASSIGN_OR_RETURN(document.allocations, LiveRecords());
  return SavePortsFile(*io_, path, document);
}

absl::Status PortManager::StartMonitor(MonitorOptions options) {
  if (options.interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("monitor interval must be positive, not ",
                     absl::FormatDuration(options.interval)));
  }
  if (!options.on_change) {
    return absl::InvalidArgumentError("monitor needs an on_change callback");
  }
  std::lock_guard<std::mutex> control(monitor_control_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (monitor_thread_.joinable() && !monitor_stop_) {
      return absl::FailedPreconditionError("the monitor is already running");
    }
  }
  // A monitor stopped from its own callback may not have been joined yet.
  if (monitor_thread_.joinable()) monitor_thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  monitor_stop_ = false;
  monitor_thread_ =
      std::thread(&PortManager::MonitorLoop, this, std::move(options));
  monitor_thread_id_ = monitor_thread_.get_id();
  return absl::OkStatus();
}

void PortManager::StopMonitor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    monitor_stop_ = true;
    if (monitor_thread_id_ == std::this_thread::get_id()) {
      // Called from a callback: the loop sees the flag when it returns.
      return;
    }
  }
  monitor_cv_.notify_all();
  std::lock_guard<std::mutex> control(monitor_control_mu_);
  if (!monitor_thread_.joinable()) return;
  monitor_thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  monitor_thread_id_ = std::thread::id();
}

void PortManager::MonitorLoop(MonitorOptions options) {
  std::map<std::string, PortStatus> previous;
  const auto interval = absl::ToChronoNanoseconds(options.interval);
  while (true) {
    absl::StatusOr<std::vector<PortStatus>> statuses = GetStatus();
    if (!statuses.ok()) {
      if (options.on_error) options.on_error(statuses.status());
    } else {
      std::map<std::string, PortStatus> current;
      for (PortStatus& status : *statuses) {
        const std::string service = status.allocation.service;
        current.emplace(service, std::move(status));
      }
      for (const auto& [service, now] : current) {
        auto before = previous.find(service);
        if (before == previous.end()) {
          options.on_change(PortStatusChange{service, std::nullopt, now});
        } else if (Changed(before->second, now)) {
          options.on_change(PortStatusChange{service, before->second, now});
        }
      }
      for (const auto& [service, before] : previous) {
        if (current.count(service) == 0) {
          options.on_change(PortStatusChange{service, before, std::nullopt});
        }
      }
      previous = std::move(current);
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (monitor_cv_.wait_for(lock, interval,
                             [this] { return monitor_stop_; })) {
      return;
    }
  }
}

}  // namespace pm
