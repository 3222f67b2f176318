// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ForEachNewestProcess and the thread-group leader test behind it.

#include "platform_linux/newest_processes.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "platform_linux/fd_table_scan.h"

namespace pm::procfs {

void ForEachNewestProcess(
    int root_fd, Pid last_pid, int span, absl::FunctionRef<bool(Pid)> is_leader,
    absl::FunctionRef<bool(Pid, std::optional<Uid>)> visit) {
  for (Pid pid = last_pid; pid >= 1 && last_pid - pid < span; --pid) {
    const std::optional<Uid> uid = ProcessDirUid(root_fd, pid);
    if (!uid.has_value()) continue;  // No such PID (or gone).
    if (!is_leader(pid)) continue;
    if (!visit(pid, uid)) return;
  }
}

bool IsThreadGroupLeader(Pid pid) {
  // Signal 0: only the checks run, nothing is delivered.
  if (syscall(SYS_tgkill, static_cast<pid_t>(pid), static_cast<pid_t>(pid),
              0) == 0) {
    return true;
  }
  return errno != ESRCH;
}

}  // namespace pm::procfs
