// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ListAllPids: the PIDs of every process on macOS, from proc_listallpids.

#ifndef PM_PLATFORM_MACOS_LIBPROC_PIDS_H_
#define PM_PLATFORM_MACOS_LIBPROC_PIDS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "core/process.h"

namespace pm::macos {

// Returns the PID of every process, sorted ascending (every user's processes
// are listed; reading their details may still be refused). The table can grow
// between sizing the buffer and filling it, so the call is retried with a
// larger buffer a bounded number of times; Unavailable when it kept growing.
// Other failures are proc_listallpids's errno mapped by posix::ErrnoToStatus.
// Thread-safe.
absl::StatusOr<std::vector<Pid>> ListAllPids();

}  // namespace pm::macos

#endif  // PM_PLATFORM_MACOS_LIBPROC_PIDS_H_
