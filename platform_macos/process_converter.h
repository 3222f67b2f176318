// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Assembles a pm::ProcessInfo from what libproc and sysctl report of one
// process.

#ifndef PM_PLATFORM_MACOS_PROCESS_CONVERTER_H_
#define PM_PLATFORM_MACOS_PROCESS_CONVERTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/process.h"

namespace pm::macos {

// What the I/O shims read of one process, from struct proc_bsdinfo
// (proc_pidinfo PROC_PIDTBSDINFO) or, for another user's process, struct
// kinfo_proc (sysctl KERN_PROC_PID), plus proc_pidpath, KERN_PROCARGS2 and the
// user database.
struct BsdProcessRecord {
  Pid pid = 0;
  Pid ppid = 0;
  Uid uid = 0;
  std::string comm;  // pbi_comm / p_comm: up to 16 chars (MAXCOMLEN).
  std::string name;  // pbi_name: up to 32 chars; empty if none or unknown.
  uint64_t start_sec = 0;   // pbi_start_tvsec / p_starttime.tv_sec.
  uint64_t start_usec = 0;  // pbi_start_tvusec / p_starttime.tv_usec.
  std::string exe;          // proc_pidpath; empty if unreadable.
  std::vector<std::string>
      cmdline;                  // From KERN_PROCARGS2; empty if unreadable.
  std::string user;             // getpwuid_r name; empty if unnamed.
  bool details_visible = true;  // False if exe or cmdline was refused.
};

// Returns a fixed-size char field of a kernel struct (pbi_comm, pbi_name,
// p_comm) as a string: up to the first NUL, or all `size` chars when the kernel
// filled the field without one. Thread-safe.
std::string FixedCString(const char* field, size_t size);

// The start token pm uses on macOS: microseconds since the epoch,
// start_sec * 1000000 + start_usec. Thread-safe.
uint64_t StartTokenFromTimeval(uint64_t start_sec, uint64_t start_usec);

// Builds the ProcessInfo: name is `name` when set (it is not truncated to 16
// chars) else `comm`; user is the user name or, when the uid has none, the uid
// as decimal text; start_token per StartTokenFromTimeval and start_time the
// same instant. Thread-safe.
ProcessInfo ProcessInfoFromBsd(const BsdProcessRecord& record);

}  // namespace pm::macos

#endif  // PM_PLATFORM_MACOS_PROCESS_CONVERTER_H_
