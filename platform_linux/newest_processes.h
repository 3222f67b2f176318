// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The newest processes, found without listing /proc: PIDs are handed out
// upwards from the last one allocated, so probing downwards from it meets the
// newest processes first.

#ifndef PM_PLATFORM_LINUX_NEWEST_PROCESSES_H_
#define PM_PLATFORM_LINUX_NEWEST_PROCESSES_H_

#include <optional>

#include "absl/functional/function_ref.h"
#include "core/process.h"

namespace pm::procfs {

// Visits the processes among PIDs last_pid, last_pid - 1, ... (at most `span`
// PIDs, never below 1), newest first, calling `visit(pid, uid)` for each PID
// that has a <root_fd>/<pid> directory and that `is_leader` accepts, until
// `visit` returns false. `uid` is the directory's owner (ProcessDirUid).
// Why `is_leader`: /proc/<tid> of a thread that does not lead its thread group
// exists and shows the group's fd table, but getdents() does not list it; a
// scan must neither name a thread as a process nor read a table twice.
// Why it pays: listing /proc instantiates an entry per process (~1 us each,
// 0.4 ms with 400 processes), more than a first-owner lookup whose holder is
// among the newest processes costs in all. Each probe is one fstatat().
// Thread-safe.
void ForEachNewestProcess(
    int root_fd, Pid last_pid, int span, absl::FunctionRef<bool(Pid)> is_leader,
    absl::FunctionRef<bool(Pid, std::optional<Uid>)> visit);

// Returns false when `pid`, in the caller's PID namespace, is certainly not a
// thread-group leader: tgkill(pid, pid, 0) fails with ESRCH for a thread of
// another leader (and for a task that is gone). A leader of another user gives
// EPERM, which still proves it exists as a leader. Thread-safe.
bool IsThreadGroupLeader(Pid pid);

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_NEWEST_PROCESSES_H_
