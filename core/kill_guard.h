// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The kill guard: which processes pm refuses to signal, and why. Every
// termination in core passes through CheckKillable before anything is sent.

#ifndef PM_CORE_KILL_GUARD_H_
#define PM_CORE_KILL_GUARD_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/backend.h"
#include "core/process.h"
#include "core/process_discovery.h"

namespace pm {

// Why a process was not signalled. kNone: it may be.
enum class Refusal {
  kNone,
  kInvalidPid,     // PID 0 or negative: a process group, or every process.
  kInit,           // PID 1.
  kSelf,           // The calling process (pm itself).
  kAncestor,       // The caller's parent, grandparent, ...: the shell.
  kKernelThread,   // A kernel thread.
  kOtherUser,      // Another user's process, without consent.
  kStaleIdentity,  // The PID now names another process (reused).
  kOsDenied,       // The OS refused the signal (EPERM).
};

// "invalid_pid", "init", "self", "ancestor", "kernel_thread", "other_user",
// "stale_identity", "os_denied"; "" for kNone. Stable (pm kill --json).
absl::string_view RefusalName(Refusal refusal);

// Who is asking and what they consented to: the facts the rules need.
struct GuardContext {
  CallerInfo caller;
  // The caller's parent, its parent, ... as far as the process table goes
  // (PID 1 and the PIDs of the chain's end included).
  std::vector<Pid> ancestors;
  // Consent to signal processes of other users (pm kill --yes). Never
  // overrides the other rules.
  bool allow_other_users = false;
};

// Builds the context: backend.Caller(), then the caller's ancestors by
// following ppid through discovery.GetProcess until PID 0, a PID seen before,
// or a process that cannot be read. Returns FailedPrecondition wrapping the
// backend's reason when it cannot tell who the caller is (nothing may be
// killed then). Thread-compatible (as the backend).
absl::StatusOr<GuardContext> MakeGuardContext(Backend& backend,
                                              bool allow_other_users);

// The same on an already listed process table (no further reads): the chain is
// followed through `table`, which must be sorted by PID.
GuardContext MakeGuardContextFromTable(const CallerInfo& caller,
                                       const std::vector<ProcessInfo>& table,
                                       bool allow_other_users);

// A verdict: kNone with an OK status, or the refusal and a status whose
// message names the process ("pid 1 (init) ...") and says why nothing was
// sent. Codes: InvalidArgument for kInvalidPid, PermissionDenied for the
// other rules.
struct GuardVerdict {
  Refusal refusal = Refusal::kNone;
  absl::Status status;
  bool ok() const { return refusal == Refusal::kNone; }
};

// Applies the rules to `target`, in this order: PID <= 0, PID 1, the caller,
// its ancestors, kernel threads, other users (a target whose uid cannot be
// read counts as another user's; where the OS has no uids, user names are
// compared). Pure; thread-safe.
GuardVerdict CheckKillable(const ProcessInfo& target,
                           const GuardContext& context);

// "pid 4242 (python3)", or "pid 4242" when the name is unknown: how messages
// name a process.
std::string DescribeProcess(const ProcessInfo& process);

}  // namespace pm

#endif  // PM_CORE_KILL_GUARD_H_
