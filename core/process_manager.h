// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessManager: the lifecycle service a backend links (the seeds'
// ProcessManager): single instance, managed ports, startup cleanup, port
// freeing, shutdown handlers and a status report, composed from InstanceLock,
// PidFile, ShutdownHandlers, FindOwners, IsPortFree, Terminate and FreePort.

#ifndef PM_CORE_PROCESS_MANAGER_H_
#define PM_CORE_PROCESS_MANAGER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/backend.h"
#include "core/find_owners.h"
#include "core/instance_lock.h"
#include "core/kill_port.h"
#include "core/local_system.h"
#include "core/shutdown_handlers.h"
#include "core/shutdown_signals.h"
#include "core/terminate.h"

namespace pm {

enum class LogSeverity { kInfo, kWarning, kError };

// "info", "warning", "error".
absl::string_view LogSeverityName(LogSeverity severity);

// One structured log record: what failed (or happened), on which port or
// process, and the status.
struct ProcessManagerLogRecord {
  LogSeverity severity = LogSeverity::kError;
  std::string operation;  // The public method: "KillProcessById", ...
  std::optional<uint16_t> port;
  std::optional<Pid> pid;
  absl::Status status;
};

// Receives every failure of a ProcessManager operation. Called on the thread
// of the failing call, outside the manager's lock; must be thread-safe.
using ProcessManagerLogSink =
    std::function<void(const ProcessManagerLogRecord& record)>;

// One line: "pm: error: KillProcessById pid=42: NOT_FOUND: ...".
std::string FormatLogRecord(const ProcessManagerLogRecord& record);

// The default sink: FormatLogRecord's line on stderr.
void StderrLogSink(const ProcessManagerLogRecord& record);

// Which holders of a managed port CleanupOnStartup may kill: only processes of
// the caller's user that are leftovers of ours, i.e. whose executable matches
// (equal to ours, or fully matching `exe_pattern`) or whose identity (PID and
// start token) is recorded in one of `pid_files`.
struct CleanupPolicy {
  TerminationPolicy termination;
  bool match_own_executable = true;  // Exe path equal to this process's.
  std::string exe_pattern;  // RE2, full match on the exe path; "": none.
  std::vector<std::string> pid_files;  // PID files written by us.
};

// A holder CleanupOnStartup did not kill.
struct RefusedHolder {
  uint16_t port = 0;
  Pid pid = 0;
  std::string user;
  std::string name;
  std::string exe;
  std::string reason;  // "other user", "executable does not match", ...
};

struct CleanupFailure {
  uint16_t port = 0;
  absl::Status status;
};

// What CleanupOnStartup did, port by port (ascending).
struct CleanupReport {
  std::vector<uint16_t> freed;           // Held by ours, now free.
  std::vector<uint16_t> already_free;    // Nothing listened.
  std::vector<RefusedHolder> refused;    // Foreign holders, left running.
  std::vector<CleanupFailure> failures;  // Lookups or kills that failed.
};

// One managed port in Status().
struct ManagedPortStatus {
  uint16_t port = 0;
  std::string name;
  bool in_use = false;      // A bind on localhost would fail.
  std::vector<Pid> owners;  // Owners of its listening sockets, ascending.
  absl::Status error;       // Why in_use/owners could not be determined.
};

// Status(): the seeds' ProcessStatus plus the instance lock.
struct ProcessManagerStatus {
  bool running = true;
  absl::Time start_time;
  Pid pid = 0;
  std::string app_name;  // "" before EnforceSingleInstance.
  bool lock_held = false;
  std::vector<ManagedPortStatus> ports;  // Ascending by port.
};

// The process-wide lifecycle service.
//
// Example:
//   absl::StatusOr<ProcessManager*> pm = ProcessManager::Default();
//   absl::StatusOr<bool> first = (*pm)->EnforceSingleInstance("my-app");
//   if (first.ok() && !*first) return 0;  // Another instance runs.
//   (*pm)->RegisterManagedPort(5050, "ai-service");
//   CleanupReport report = (*pm)->CleanupOnStartup(CleanupPolicy());
//   (*pm)->AddShutdownHandler("stop server", StopServer, absl::Seconds(5));
//   (*pm)->InstallSignalHandlers();
//
// Thread-safe: every method may be called from any thread. `mu_` guards the
// managed ports, the app name, the instance lock, the second-instance
// callback, the signal watch and the log sink; backend and OS calls run
// outside it.
class ProcessManager {
 public:
  using SecondInstanceCallback = SecondInstanceHandler;

  // Uses `backend` and `system` (both required).
  ProcessManager(std::unique_ptr<Backend> backend,
                 std::unique_ptr<LocalSystem> system);
  ProcessManager(const ProcessManager&) = delete;
  ProcessManager& operator=(const ProcessManager&) = delete;
  ~ProcessManager();

  // A manager on the native backend and LocalSystem. Errors: theirs.
  static absl::StatusOr<std::unique_ptr<ProcessManager>> Create();
  // The process-wide instance, created by the first call (later calls return
  // the first call's answer). Thread-safe.
  static absl::StatusOr<ProcessManager*> Default();

  // Sets the sink of every failure record (default StderrLogSink; an empty
  // function drops them).
  void SetLogSink(ProcessManagerLogSink sink);

  // Takes `app_name`'s instance lock (state_dir "" : the user's default).
  // Returns true when this process holds it (also when it already did),
  // false when another instance does (it was handed our argv). Errors: those
  // of RequestSingleInstanceLock; FailedPrecondition when already held under
  // another name.
  absl::StatusOr<bool> EnforceSingleInstance(
      const std::string& app_name, const std::string& state_dir = "",
      std::vector<std::string> argv = {});
  // Sets the callback run when a second instance starts (before or after
  // EnforceSingleInstance); it returns the reply.
  void OnSecondInstance(SecondInstanceCallback callback);

  // Adds (or renames) a managed port. InvalidArgument for port 0.
  absl::Status RegisterManagedPort(uint16_t port, std::string service);
  // NotFound when `port` is not managed.
  absl::Status UnregisterManagedPort(uint16_t port);
  std::map<uint16_t, std::string> ManagedPorts() const;

  // Whether a TCP bind of `port` on localhost would fail (IsPortFree).
  absl::StatusOr<bool> IsPortInUse(uint16_t port);
  // The processes holding listening sockets on `port` (FindOwners); NotFound
  // when none.
  absl::StatusOr<std::vector<ProcessInfo>> FindProcessByPort(uint16_t port);
  // Looks `pid` up and terminates that incarnation. NotFound when no such
  // process; PermissionDenied/FailedPrecondition when refused by the guard;
  // DeadlineExceeded when it survived.
  absl::StatusOr<TerminationResult> KillProcessById(
      Pid pid, const TerminationPolicy& policy = TerminationPolicy());
  // KillPort; a report whose port is not free is FailedPrecondition.
  absl::StatusOr<KillPortReport> KillProcessOnPort(
      uint16_t port, const TerminationPolicy& policy = TerminationPolicy());
  // FreePort with `retries` extra rounds; FailedPrecondition when the port is
  // still held afterwards.
  absl::Status EnsurePortAvailable(
      uint16_t port, int retries = 1,
      const TerminationPolicy& policy = TerminationPolicy());

  // Frees every managed port held by leftovers of ours (see CleanupPolicy);
  // other holders are reported and left running. Never fails as a whole.
  CleanupReport CleanupOnStartup(const CleanupPolicy& policy);

  // ShutdownHandlers::Add.
  absl::Status AddShutdownHandler(std::string name,
                                  ShutdownHandlers::Handler handler,
                                  absl::Duration deadline);
  // Runs the handlers now (ShutdownHandlers::RunAll).
  absl::Status ExecuteShutdownHandlers();
  // Runs the handlers on SIGTERM/SIGINT/SIGHUP (InstallSignalHandlers); the
  // watch lives as long as the manager. FailedPrecondition when installed.
  absl::Status InstallSignalHandlers(
      ShutdownSignalOptions options = ShutdownSignalOptions());

  ProcessManagerStatus Status();

  Backend& backend() { return *backend_; }
  LocalSystem& local_system() { return *system_; }

 private:
  // Sends `record` to the sink (outside mu_).
  void Log(LogSeverity severity, absl::string_view operation,
           std::optional<uint16_t> port, std::optional<Pid> pid,
           const absl::Status& status);

  const std::unique_ptr<Backend> backend_;
  const std::unique_ptr<LocalSystem> system_;
  const absl::Time start_time_;
  ShutdownHandlers shutdown_handlers_;  // Thread-safe itself.

  mutable std::mutex mu_;
  std::map<uint16_t, std::string> managed_ports_;  // Guarded by mu_.
  std::string app_name_;                           // Guarded by mu_.
  std::unique_ptr<InstanceLock> lock_;             // Guarded by mu_.
  SecondInstanceCallback on_second_instance_;      // Guarded by mu_.
  std::unique_ptr<ShutdownSignalWatch> watch_;     // Guarded by mu_.
  ProcessManagerLogSink sink_ = StderrLogSink;     // Guarded by mu_.
};

}  // namespace pm

#endif  // PM_CORE_PROCESS_MANAGER_H_
