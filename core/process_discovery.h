// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessDiscovery: the OS process table. Implemented once per OS.

#ifndef PM_CORE_PROCESS_DISCOVERY_H_
#define PM_CORE_PROCESS_DISCOVERY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "core/process.h"

namespace pm {

// Reads the process table.
//
// Contract for implementations:
//  * GetProcess(pid): the process's details, or NotFound when no such process
//    exists (ESRCH / exited). Fields the caller is not allowed to read are left
//    empty and details_visible is false; that is not an error. InvalidArgument
//    for pid <= 0 where the OS has no such process (Linux PID 0).
//  * ListProcesses(): every process visible to the caller, sorted by PID.
//    Processes that exit during the scan are skipped.
//  * Errors name the system call and the object: "open(/proc/42/stat): ...".
//  * Thread-compatible.
class ProcessDiscovery {
 public:
  virtual ~ProcessDiscovery() = default;

  virtual absl::StatusOr<ProcessInfo> GetProcess(Pid pid) = 0;
  virtual absl::StatusOr<std::vector<ProcessInfo>> ListProcesses() = 0;
};

}  // namespace pm

#endif  // PM_CORE_PROCESS_DISCOVERY_H_
