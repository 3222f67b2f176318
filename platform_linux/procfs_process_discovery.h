// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcfsProcessDiscovery: the Linux ProcessDiscovery, read from
// <proc_root>/<pid>/*.

#ifndef PM_PLATFORM_LINUX_PROCFS_PROCESS_DISCOVERY_H_
#define PM_PLATFORM_LINUX_PROCFS_PROCESS_DISCOVERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/process.h"
#include "core/process_discovery.h"
#include "platform_linux/user_name_cache.h"

namespace pm::procfs {

// Reads processes from a procfs tree: the live /proc, or a fixture tree laid
// out the same way (<root>/stat with its btime line; <root>/<pid>/{stat,status,
// cmdline,exe}).
//
// GetProcess(pid) opens <root>/<pid> once and reads every file relative to that
// directory, so the details all belong to one process incarnation: if the PID
// is reused mid-read, the old directory answers ENOENT/ESRCH and the call
// returns NotFound instead of mixing two processes.
//   * name = comm (field 2 of stat), ppid, start_token = start ticks (field
//   22), kernel_thread = PF_KTHREAD in the flags (field 9),
//     start_time = btime (<root>/stat, read once and cached) + ticks / CLK_TCK.
//   * uid = real uid from status; user = its passwd name, or the uid in decimal
//     when there is no passwd entry. Names are looked up once per uid and
//     reused for UserNameCache::kDefaultTtl (5 s), by GetProcess and
//     ListProcesses alike.
//   * cmdline from cmdline (empty for kernel threads and zombies).
//   * exe = readlink(exe); left empty for kernel threads and zombies (ENOENT).
//   When
//     exe, status or cmdline is refused (EACCES/EPERM: another user's process)
//     the field stays empty and details_visible is false.
//
// Errors: GetProcess returns InvalidArgument for pid <= 0; NotFound ("process
// 42 not found: open(/proc/42): No such file or directory (ENOENT)") when the
// process does not exist or exits mid-read; InvalidArgument when stat, status
// or the btime line is garbled; otherwise the failing call's status
// (PermissionDenied when <root>/<pid>/stat itself is refused). ListProcesses
// fails only when <root> or <root>/stat cannot be read; a process that exits
// mid-scan, or whose own files fail, is left out.
//
// Example:
//   ProcfsProcessDiscovery discovery;  // Live /proc.
//   absl::StatusOr<ProcessInfo> self = discovery.GetProcess(getpid());
//
// Thread-compatible (the cached boot time and user names are not
// synchronised).
class ProcfsProcessDiscovery : public ProcessDiscovery {
 public:
  // `clock_ticks_per_second` converts start ticks to time; 0 asks
  // sysconf(_SC_CLK_TCK). Fixture tests pass the rate the tree was captured at.
  explicit ProcfsProcessDiscovery(std::string proc_root = "/proc",
                                  int64_t clock_ticks_per_second = 0);

  absl::StatusOr<ProcessInfo> GetProcess(Pid pid) override;
  absl::StatusOr<std::vector<ProcessInfo>> ListProcesses() override;

  const std::string& proc_root() const { return proc_root_; }

 private:
  // Returns the boot time from <root>/stat, reading it on first use.
  absl::StatusOr<uint64_t> BootTime();

  std::string proc_root_;
  int64_t clock_ticks_per_second_;
  std::optional<uint64_t> boot_time_;
  UserNameCache users_;
  std::string buffer_;  // File contents, reused from read to read.
};

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_PROCFS_PROCESS_DISCOVERY_H_
