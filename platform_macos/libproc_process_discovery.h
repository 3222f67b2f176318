// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// LibprocProcessDiscovery: the macOS ProcessDiscovery, from libproc and sysctl.

#ifndef PM_PLATFORM_MACOS_LIBPROC_PROCESS_DISCOVERY_H_
#define PM_PLATFORM_MACOS_LIBPROC_PROCESS_DISCOVERY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "core/process.h"
#include "core/process_discovery.h"

namespace pm::macos {

// Reads one process from:
//  * proc_pidinfo(PROC_PIDTBSDINFO): ppid, real uid, comm and name, start time.
//    For another user's process the kernel refuses it (EPERM) unless the caller
//    is root; then sysctl(KERN_PROC_PID) gives ppid, real uid, comm and the
//    same start time, which every user may read, so identity() is always right.
//  * proc_pidpath: exe.
//  * sysctl(KERN_PROCARGS2): cmdline. Refused (EINVAL) for another user's
//    process and empty for a zombie.
//  * getpwuid_r: user.
// start_token is microseconds since the epoch (pbi_start_tvsec * 1000000 +
// pbi_start_tvusec), start_time the same instant.
//
// GetProcess returns NotFound (ESRCH) when the process does not exist or exits
// while it is read, InvalidArgument for a negative PID or one above INT32_MAX.
// PID 0 (kernel_task) exists on macOS. A refused exe or cmdline leaves the
// field empty and details_visible false. Other errors carry the call and errno
// (posix::ErrnoToStatus). ListProcesses skips processes that exit during the
// scan and returns the rest sorted by PID.
//
// Thread-safe (it has no state).
class LibprocProcessDiscovery final : public ProcessDiscovery {
 public:
  absl::StatusOr<ProcessInfo> GetProcess(Pid pid) override;
  absl::StatusOr<std::vector<ProcessInfo>> ListProcesses() override;
};

}  // namespace pm::macos

#endif  // PM_PLATFORM_MACOS_LIBPROC_PROCESS_DISCOVERY_H_
