// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Turns an errno value into an absl::Status whose message names the system
// call, its subject and the OS error, e.g.
//   ErrnoToStatus(EPERM, "kill(1234, SIGTERM)")
//     -> PermissionDenied("kill(1234, SIGTERM): Operation not permitted
//     (EPERM)")

#ifndef PM_PLATFORM_POSIX_ERRNO_STATUS_H_
#define PM_PLATFORM_POSIX_ERRNO_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace pm::posix {

// Maps errno to the canonical code pm uses (ESRCH/ENOENT -> NotFound,
// EPERM/EACCES -> PermissionDenied, EINVAL -> InvalidArgument, EAGAIN/EBUSY ->
// Unavailable, ETIMEDOUT -> DeadlineExceeded, ENOSYS/EOPNOTSUPP/EAFNOSUPPORT/
// EPROTONOSUPPORT -> Unimplemented, EEXIST -> AlreadyExists, others ->
// Internal) with the message "<what>: <strerror> (<ENAME>)". Thread-safe.
absl::Status ErrnoToStatus(int error_number, absl::string_view what);

// The symbolic name of an errno value ("EPERM"), or "errno <n>".
std::string ErrnoName(int error_number);

}  // namespace pm::posix

#endif  // PM_PLATFORM_POSIX_ERRNO_STATUS_H_
