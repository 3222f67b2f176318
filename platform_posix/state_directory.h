// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The user's private state directory (lock files, sockets) on POSIX.

#ifndef PM_PLATFORM_POSIX_STATE_DIRECTORY_H_
#define PM_PLATFORM_POSIX_STATE_DIRECTORY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace pm::posix {

// LocalSystem::EnsurePrivateDirectory: mkdir(path, 0700) unless it exists,
// then lstat() it: FailedPrecondition for a symbolic link or a non-directory,
// PermissionDenied when another user owns it or its mode grants group or
// others any access. Never changes an existing directory. Thread-safe.
absl::Status EnsurePrivateDirectory(const std::string& path);

// LocalSystem::DefaultStateDirectory: "$XDG_RUNTIME_DIR/pm" when
// XDG_RUNTIME_DIR is an absolute path (a per-user 0700 directory that the
// login manager creates and removes), else "/tmp/pm-<euid>" (where another
// user who creates the name first is detected by the ownership check, and
// refused). Ensured with EnsurePrivateDirectory. Thread-safe.
absl::StatusOr<std::string> DefaultStateDirectory();

}  // namespace pm::posix

#endif  // PM_PLATFORM_POSIX_STATE_DIRECTORY_H_
