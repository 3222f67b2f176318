// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// LocalSystem::TryLockFile on POSIX: flock(2) on a file opened without
// following symbolic links.

#ifndef PM_PLATFORM_POSIX_FLOCK_FILE_LOCK_H_
#define PM_PLATFORM_POSIX_FLOCK_FILE_LOCK_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/local_system.h"

namespace pm::posix {

// Opens `path` (O_RDWR|O_CREAT, mode 0600, O_NOFOLLOW, O_CLOEXEC), checks it
// (a regular file of the caller, no group or other access) and takes
// flock(LOCK_EX|LOCK_NB). flock locks belong to the open file description, so
// a second TryLockFile in the same process is refused too, and the kernel
// drops the lock when the last descriptor closes: when the holder exits or
// is killed. The descriptor is close-on-exec (programs the holder runs do not
// inherit the lock; a fork()ed child without exec does). Unavailable
// (EWOULDBLOCK) when held elsewhere; see LocalSystem::TryLockFile for the
// rest. Thread-safe.
absl::StatusOr<std::unique_ptr<HeldFileLock>> TryLockFile(
    const std::string& path);

}  // namespace pm::posix

#endif  // PM_PLATFORM_POSIX_FLOCK_FILE_LOCK_H_
