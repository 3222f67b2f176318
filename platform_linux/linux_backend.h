// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// LinuxBackend: the Linux implementation of pm::Backend, built from a socket
// source, the /proc owner scan and /proc process discovery. Also defines
// pm::CreateDefaultBackend for Linux builds.

#ifndef PM_PLATFORM_LINUX_LINUX_BACKEND_H_
#define PM_PLATFORM_LINUX_LINUX_BACKEND_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/backend.h"

namespace pm::procfs {

// Creates the Linux backend for `options`:
//   kAuto    -> sock_diag netlink, falling back to /proc/net when refused;
//   kNetlink -> sock_diag only (Unavailable/Unimplemented/PermissionDenied when
//               the kernel refuses it);
//   kProcNet -> /proc/net only.
// Every part reads under options.proc_root. The name is "linux-netlink",
// "linux-procfs" or "linux-auto".
absl::StatusOr<std::unique_ptr<Backend>> CreateLinuxBackend(
    const BackendOptions& options);

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_LINUX_BACKEND_H_
