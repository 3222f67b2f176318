// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// InstanceLock: one running instance of an application per user, enforced by
// an OS lock the kernel releases when its holder dies, with a second-instance
// channel (Electron's app.requestSingleInstanceLock semantics): a second
// instance is refused, learns who holds the lock, and hands its argv and
// working directory to the first, which may reply.

#ifndef PM_CORE_INSTANCE_LOCK_H_
#define PM_CORE_INSTANCE_LOCK_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/instance_lock_format.h"
#include "core/local_system.h"
#include "core/process_discovery.h"

namespace pm {

// Called in the first instance when a second one starts; returns the reply
// the second instance receives. Runs on the lock's listener thread, one
// request at a time, while the InstanceLock exists.
using SecondInstanceHandler =
    std::function<std::string(const SecondInstanceRequest& request)>;

struct InstanceLockOptions {
  std::string app_name;   // Names the files; see ValidateAppName.
  std::string state_dir;  // "" : LocalSystem::DefaultStateDirectory().
  SecondInstanceHandler on_second_instance;  // Empty: reply "".
  // How long a second instance waits for the first to answer (connecting
  // included: a first instance that just took the lock may not listen yet).
  absl::Duration notify_timeout = absl::Seconds(5);
};

// Where an application's lock lives: <dir>/<app>.lock (the lock and its
// record, mode 0600) and <dir>/<app>.sock (the channel, mode 0600). The lock
// file is never removed: removing a lock file lets two processes lock two
// different files of the same name.
struct InstanceLockPaths {
  std::string dir;
  std::string lock_file;
  std::string socket;
};

// Validates `app_name` and resolves (creating it if needed) and checks the
// state directory (LocalSystem::EnsurePrivateDirectory). Errors:
// InvalidArgument for a bad name, and those of the LocalSystem calls.
absl::StatusOr<InstanceLockPaths> ResolveInstanceLockPaths(
    LocalSystem& system, absl::string_view app_name,
    const std::string& state_dir);

struct SingleInstanceResult;

// The held lock. Destroying it stops the listener (waiting for a running
// handler), removes the socket, clears the record and releases the lock.
// Designed to be owned by a ProcessManager for the process's lifetime.
// Thread-compatible.
class InstanceLock {
 public:
  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;
  ~InstanceLock();

  const LockHolder& holder() const { return holder_; }
  const InstanceLockPaths& paths() const { return paths_; }

 private:
  friend absl::StatusOr<SingleInstanceResult> RequestSingleInstanceLock(
      LocalSystem& system, ProcessDiscovery& discovery,
      const InstanceLockOptions& options, std::vector<std::string> argv);
  InstanceLock() = default;

  InstanceLockPaths paths_;
  LockHolder holder_;
  std::unique_ptr<HeldFileLock> lock_;
  std::unique_ptr<ChannelListener> listener_;
};

// The answer of RequestSingleInstanceLock: either this process holds the lock
// (`lock` set) or another does, and then `holder` and `reply` say what the
// second instance learnt.
struct SingleInstanceResult {
  std::unique_ptr<InstanceLock> lock;
  // Who holds the lock, from its lock file; an error when the record cannot
  // be read (NotFound: the holder had not written it yet).
  absl::StatusOr<LockHolder> holder = absl::UnknownError("not asked");
  // The first instance's reply to our SecondInstanceRequest, or why none came
  // (DeadlineExceeded, or Unavailable when it never listened in time).
  absl::StatusOr<std::string> reply = absl::UnknownError("not sent");

  bool acquired() const { return lock != nullptr; }
};

// Takes the application's instance lock, or hands `argv` and this process's
// working directory to the instance that holds it.
//
// First instance: takes the OS lock (LocalSystem::TryLockFile), writes the
// record (this process's pid, start token and time from
// discovery.GetProcess, host, app) and starts the listener that calls
// options.on_second_instance. Second instance: sends its request and waits up
// to options.notify_timeout for the reply, retrying the lock meanwhile, so
// that if the holder dies it becomes the first instance instead.
//
// Example:
//   absl::StatusOr<SingleInstanceResult> r =
//       RequestSingleInstanceLock(*system, backend->processes(), options,
//                                 {argv, argv + argc});
//   if (r.ok() && !r->acquired()) return 0;  // The first one took over.
//
// Errors (nothing held then): those of ResolveInstanceLockPaths; of
// TryLockFile other than Unavailable; of discovery.GetProcess for this
// process; of Listen. Thread-safe.
absl::StatusOr<SingleInstanceResult> RequestSingleInstanceLock(
    LocalSystem& system, ProcessDiscovery& discovery,
    const InstanceLockOptions& options, std::vector<std::string> argv);

// Whether an application's lock is held, without touching the lock.
enum class LockState {
  kFree,   // No holder recorded (never taken, or released cleanly).
  kHeld,   // The recorded holder runs (same PID and start token).
  kStale,  // The recorded holder is gone or its PID was reused: its lock went
           // with it, and the next RequestSingleInstanceLock succeeds.
};

// "free", "held", "stale". Stable (pm lock status --json).
absl::string_view LockStateName(LockState state);

struct InstanceLockStatus {
  InstanceLockPaths paths;
  LockState state = LockState::kFree;
  std::optional<LockHolder> holder;  // The record, for kHeld and kStale.
  // The process that has the holder's PID now: the holder for kHeld, another
  // process for a kStale whose PID was reused, none when the PID is free.
  std::optional<ProcessInfo> process;
};

// Reads the lock record of `app_name` and checks the recorded holder against
// the process table. Never takes the lock, so it cannot disturb a starting
// instance. A process that inherited the lock through fork() without exec is
// not the recorded holder and is not seen; a holder that exited but was not
// yet reaped (a zombie) still counts as held. Errors: those of
// ResolveInstanceLockPaths and ReadFile (other than NotFound),
// InvalidArgument for a malformed record, discovery's other than NotFound.
absl::StatusOr<InstanceLockStatus> GetInstanceLockStatus(
    LocalSystem& system, ProcessDiscovery& discovery,
    absl::string_view app_name, const std::string& state_dir);

}  // namespace pm

#endif  // PM_CORE_INSTANCE_LOCK_H_
