// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessTerminator: the per-OS primitives termination is built from (send a
// signal to one exact process incarnation; wait for it to exit). The policy on
// top (grace period, escalation, trees, refusals) lives once in core.

#ifndef PM_CORE_PROCESS_TERMINATOR_H_
#define PM_CORE_PROCESS_TERMINATOR_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/process.h"

namespace pm {

// What to ask of a process. On Windows only kKill has a native meaning
// (TerminateProcess); the others are delivered as the backend documents.
enum class TerminationSignal { kTerminate, kKill, kInterrupt, kHangup };

// "TERM", "KILL", "INT", "HUP".
absl::string_view TerminationSignalName(TerminationSignal signal);

// Contract for implementations:
//  * Signal(target, sig): verifies that target.pid still is the process started
//  at
//    target.start_token immediately before signalling (on Linux by holding a
//    pidfd across the check), then delivers `sig`. Returns OK when delivered;
//    NotFound when the process no longer exists; FailedPrecondition when the
//    PID now names a different process (nothing is sent); PermissionDenied when
//    the caller may not signal it. Messages name the pid, the process name when
//    known, the system call and the OS error.
//  * WaitForExit(target, deadline): OK once the process has exited (a zombie
//    counts as exited) or if it is already gone; DeadlineExceeded at the
//    deadline. Event-driven where the OS allows (pidfd poll, kqueue, process
//    handles).
//  * Thread-safe: calls may be made from several threads at once.
class ProcessTerminator {
 public:
  virtual ~ProcessTerminator() = default;

  virtual absl::Status Signal(const ProcessIdentity& target,
                              TerminationSignal signal) = 0;
  virtual absl::Status WaitForExit(const ProcessIdentity& target,
                                   absl::Time deadline) = 0;
};

}  // namespace pm

#endif  // PM_CORE_PROCESS_TERMINATOR_H_
