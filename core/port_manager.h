// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortManager: named service ports. Each configured service has a default
// port and an optional fallback range; Allocate gives it the default port when
// a server could bind it now, else the first free port of its range, and
// records the allocation in a store shared by every PortManager (in any
// process) that uses the same state directory, so that two of them never hand
// out the same port. Status, environment variables, JSON persistence and a
// monitor complete the seeds' PortManager.
//
// Example:
//   absl::StatusOr<PortsDocument> file = LoadPortsFile(*io, "ports.json");
//   PortManagerOptions options;
//   options.config = file->config;
//   options.state_dir = "/home/me/.local/state/pm";
//   absl::StatusOr<std::unique_ptr<PortManager>> ports =
//       PortManager::Create(*backend, options);
//   PortAllocation a = (*ports)->Allocate("vite-dev-server");
//   if (a.status == AllocationStatus::kAllocated) ... a.allocated_port ...
//   (*ports)->EnvironmentVariables();  // {"VITE_DEV_SERVER_PORT": "5176"}

#ifndef PM_CORE_PORT_MANAGER_H_
#define PM_CORE_PORT_MANAGER_H_

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/backend.h"
#include "core/find_owners.h"
#include "core/port_allocation.h"
#include "core/port_allocation_store.h"
#include "core/port_service_config.h"
#include "core/port_state_io.h"

namespace pm {

struct PortManagerOptions {
  PortManagerConfig config;  // Empty by default; see ValidateConfig.
  // The directory whose allocations.json every cooperating PortManager (and
  // `pm port`) shares, locked by allocations.lock. Empty: allocations stay in
  // this PortManager's memory and no other one sees them.
  std::string state_dir;
  // Allocations outlive this process (until released). Otherwise each
  // allocation lapses once this process is gone: the next store update drops
  // it, and nobody reports it.
  bool persistent = false;
};

// One allocation and what the OS says of its port now.
struct PortStatus {
  AllocationRecord allocation;
  // A server could not bind the port on the allocation's host now
  // (IsPortFree): normally because the service is running.
  bool in_use = false;
  // The listening sockets on the port (any address) with their owners.
  std::vector<OwnedSocket> listeners;

  // The PIDs holding `listeners`, ascending, without duplicates.
  std::vector<Pid> OwnerPids() const;
};

// What the monitor reports: an allocation whose status changed.
struct PortStatusChange {
  std::string service;
  std::optional<PortStatus> before;  // None on the first check, or when new.
  std::optional<PortStatus> after;   // None when the allocation went away.
};

struct MonitorOptions {
  absl::Duration interval = absl::Seconds(5);
  // Called on the monitor thread for each change (required).
  std::function<void(const PortStatusChange&)> on_change;
  // Called on the monitor thread when a check fails (optional).
  std::function<void(const absl::Status&)> on_error;
};

// Thread-safe: every method may be called from any thread. `mu_` guards the
// configuration and the monitor's state; `backend_mu_` serializes the use of
// the backend (PortProber and ProcessDiscovery are thread-compatible); the
// store orders updates by itself (a std::mutex, or flock for a state
// directory). Lock order: store, then backend_mu_; mu_ is never held while
// taking either.
class PortManager {
 public:
  // `backend` must outlive the manager. `io` (null: CreateDefaultStateIo())
  // reads and writes the state directory and saved configurations. Returns
  // InvalidArgument when options.config is invalid (ValidateConfig).
  static absl::StatusOr<std::unique_ptr<PortManager>> Create(
      Backend& backend, PortManagerOptions options,
      std::unique_ptr<StateIo> io = nullptr);

  PortManager(const PortManager&) = delete;
  PortManager& operator=(const PortManager&) = delete;
  // Stops the monitor; allocations stay (see PortManagerOptions::persistent).
  ~PortManager();

  PortManagerConfig config() const;
  // Adds a service. InvalidArgument when it is invalid or its name (or its
  // environment variable) is taken; the configuration is unchanged then.
  absl::Status AddService(ServiceConfig service);

  // Allocates a port to `service`, or returns its existing allocation. Tries
  // the default port (free if no allocation holds it and IsPortFree says so),
  // then FindFreePort over the range with every allocated port excluded.
  // Never fails: problems are reported in the answer (kError: unknown service,
  // the OS or the state directory failed; kInUse: no port left).
  PortAllocation Allocate(absl::string_view service);
  // Allocate for every required service, in configuration order.
  std::vector<PortAllocation> AllocateRequired();

  // The port allocated to `service`; NotFound when it has none.
  absl::StatusOr<uint16_t> GetPort(absl::string_view service);
  // Service -> port for every current allocation.
  absl::StatusOr<std::map<std::string, uint16_t>> GetAllocatedPorts();
  // The current allocations (lapsed ones left out), in allocation order.
  absl::StatusOr<std::vector<AllocationRecord>> Allocations();
  // Releases `service`'s allocation; NotFound when it has none.
  absl::Status Release(absl::string_view service);
  // Releases every allocation of the store (all services, all processes);
  // returns how many there were.
  absl::StatusOr<int> ReleaseAll();

  // Each allocation with the port's state now and its listeners' owners.
  absl::StatusOr<std::vector<PortStatus>> GetStatus();
  // PortEnvVarName(service) -> port, for every allocation.
  absl::StatusOr<std::map<std::string, std::string>> EnvironmentVariables();
  // Writes the configuration and the current allocations to `path` as a ports
  // document (SavePortsFile: validated, atomic, old file kept on error).
  absl::Status SaveConfiguration(const std::string& path);

  // Starts a thread that calls GetStatus() every `interval` and reports each
  // allocation whose port, in_use or owner PIDs changed (every allocation on
  // the first check). InvalidArgument for a non-positive interval or no
  // on_change; FailedPrecondition when already running.
  absl::Status StartMonitor(MonitorOptions options);
  // Stops the monitor and waits for its thread (at most one check in
  // progress; the wait between checks is interrupted). May be called from a
  // callback: the thread then ends after it. No-op when not running.
  void StopMonitor();

 private:
  PortManager(Backend& backend, PortManagerOptions options,
              std::unique_ptr<StateIo> io);

  // Drops the records of processes that are gone. Returns true if any was.
  // Takes backend_mu_.
  bool DropLapsed(std::vector<AllocationRecord>& records);
  // The store's records without the lapsed ones (nothing is written).
  absl::StatusOr<std::vector<AllocationRecord>> LiveRecords();
  // Picks a port for `service` given the other allocations; fills `result`.
  // Returns the record to add, or none. Takes backend_mu_.
  absl::StatusOr<std::optional<AllocationRecord>> Choose(
      const ServiceConfig& service,
      const std::vector<AllocationRecord>& records, PortAllocation& result);
  absl::StatusOr<PortStatus> StatusOf(const AllocationRecord& record);
  void MonitorLoop(MonitorOptions options);

  Backend& backend_;
  const std::unique_ptr<StateIo> io_;
  const std::unique_ptr<AllocationStore> store_;
  const bool persistent_;
  ProcessIdentity self_;  // Set in Create, then read-only.

  std::mutex backend_mu_;  // Serializes calls into backend_.

  mutable std::mutex mu_;
  PortManagerConfig config_;            // Guarded by mu_.
  bool monitor_stop_ = false;           // Guarded by mu_.
  std::thread::id monitor_thread_id_;   // Guarded by mu_.
  std::condition_variable monitor_cv_;  // Signals monitor_stop_.

  // Held while starting or joining the monitor thread (never by that thread).
  std::mutex monitor_control_mu_;
  std::thread monitor_thread_;  // Guarded by monitor_control_mu_.
};

}  // namespace pm

#endif  // PM_CORE_PORT_MANAGER_H_
