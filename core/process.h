// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Process records: ProcessInfo (what discovery reports) and ProcessIdentity
// (what termination takes: a PID alone is never enough, because PIDs are
// reused).

#ifndef PM_CORE_PROCESS_H_
#define PM_CORE_PROCESS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace pm {

// A process ID. Wide enough for every OS's PIDs (Windows DWORD included).
using Pid = int64_t;
// A user ID (POSIX uid_t). Windows reports owners by SID, carried in
// ProcessInfo::user instead.
using Uid = uint32_t;

// Names one process incarnation: its PID plus its start time as the OS records
// it, so that a PID reused by a newer process does not match. `start_token` is
// opaque and only compared for equality: clock ticks since boot on Linux (field
// 22 of /proc/<pid>/stat), microseconds since the epoch on macOS, FILETIME on
// Windows.
struct ProcessIdentity {
  Pid pid = 0;
  uint64_t start_token = 0;

  friend bool operator==(const ProcessIdentity& a, const ProcessIdentity& b) {
    return a.pid == b.pid && a.start_token == b.start_token;
  }
  friend bool operator!=(const ProcessIdentity& a, const ProcessIdentity& b) {
    return !(a == b);
  }
};

// What discovery knows of one process. Fields the caller may not read (another
// user's exe link, say) are left empty; `details_visible` says whether anything
// was withheld.
struct ProcessInfo {
  Pid pid = 0;
  Pid ppid = 0;
  std::string name;  // Short name (Linux comm, up to 15 chars).
  std::string exe;   // Absolute path of the executable, or empty.
  std::vector<std::string> cmdline;  // argv; empty for kernel threads/zombies.
  std::optional<Uid> uid;            // Real uid where the OS has one.
  std::string user;  // User name, or the uid as text if unnamed.
  absl::Time start_time = absl::InfinitePast();  // Wall-clock start time.
  uint64_t start_token = 0;                      // See ProcessIdentity.
  bool details_visible = true;  // False if some fields were unreadable.
  // A kernel thread (Linux: PF_KTHREAD in the flags of /proc/<pid>/stat):
  // never a termination target. False where the OS has none.
  bool kernel_thread = false;

  ProcessIdentity identity() const { return {pid, start_token}; }
};

// Who is asking: the process that runs pm, as Backend::Caller() reports it.
// The kill guard (core/kill_guard.h) protects it, its ancestors, and other
// users' processes from termination.
struct CallerInfo {
  Pid pid = 0;             // The calling process.
  std::optional<Uid> uid;  // Its real uid where the OS has uids (POSIX).
  std::string user;        // Its user name (Windows: "DOMAIN\\name"), or "".
};

// Joins argv with spaces for display ("python3 -m http.server 8000").
std::string JoinCmdline(const std::vector<std::string>& cmdline);

}  // namespace pm

#endif  // PM_CORE_PROCESS_H_
