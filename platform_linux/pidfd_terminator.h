// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PidfdTerminator: the Linux ProcessTerminator. Signals exactly one process
// incarnation through a pidfd and waits for its exit by polling the pidfd.

#ifndef PM_PLATFORM_LINUX_PIDFD_TERMINATOR_H_
#define PM_PLATFORM_LINUX_PIDFD_TERMINATOR_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "core/process_terminator.h"

namespace pm::procfs {

// Signal(target, sig):
//   1. pidfd_open(target.pid) pins the process that has the PID now;
//   2. its start time (field 22 of <proc_root>/<pid>/stat) is compared with
//      target.start_token: a different value means the PID was reused and
//      nothing is sent (FailedPrecondition);
//   3. pidfd_send_signal delivers the signal to the pinned process, so the
//      check and the kill cannot race with PID reuse.
//   Kernels without pidfds (before 5.3, ENOSYS) fall back to kill(2) right
//   after the same start-time check.
// WaitForExit(target, deadline): poll() on the pidfd, which becomes readable
//   when the process exits (a zombie counts); OK when it has exited or is gone
//   (or the PID now names another process), DeadlineExceeded at the deadline.
//   The fallback re-reads the stat file with a short backoff (1 ms to 10 ms).
//
// Errors name the pid, the process name when known, the call and the OS error:
//   "kill pid 4242 (python3) with TERM: pidfd_send_signal: Operation not
//   permitted (EPERM)" -> PermissionDenied.
// Thread-safe: no mutable state.
class PidfdTerminator : public ProcessTerminator {
 public:
  explicit PidfdTerminator(std::string proc_root = "/proc");

  absl::Status Signal(const ProcessIdentity& target,
                      TerminationSignal signal) override;
  absl::Status WaitForExit(const ProcessIdentity& target,
                           absl::Time deadline) override;

 private:
  std::string proc_root_;
};

// The POSIX signal number for a TerminationSignal (SIGTERM, SIGKILL, ...).
int SignalNumber(TerminationSignal signal);

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_PIDFD_TERMINATOR_H_
