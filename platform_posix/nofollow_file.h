// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Files opened, replaced and removed without ever following a symbolic link in
// the last path component, and checked for ownership, so that a link or file
// planted by another user cannot redirect a write or feed a read. The POSIX
// half of LocalSystem's file operations (see core/local_system.h).

#ifndef PM_PLATFORM_POSIX_NOFOLLOW_FILE_H_
#define PM_PLATFORM_POSIX_NOFOLLOW_FILE_H_

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "platform_posix/scoped_fd.h"

namespace pm::posix {

// Splits a path into its directory and last component: "a/b/c" -> {"a/b",
// "c"}, "c" -> {".", "c"}, "/c" -> {"/", "c"}. InvalidArgument for "", a path
// ending in '/', or a last component "." or "..".
absl::StatusOr<std::pair<std::string, std::string>> SplitPath(
    const std::string& path);

// Who may own a file pm opens.
enum class Owner {
  kCaller,        // The effective uid only.
  kCallerOrRoot,  // Also root (system PID files, /run).
};

// Opens `path` with `flags` plus O_NOFOLLOW, O_CLOEXEC and O_NONBLOCK (`mode`
// for O_CREAT), then checks the opened file: FailedPrecondition when `path` is
// a symbolic link (ELOOP) or not a regular file; PermissionDenied when its
// owner is not allowed by `owner`, or, with `private_mode`, when group or
// others have any access to it. Other errors as ErrnoToStatus, naming the
// call and the path. Thread-safe.
absl::StatusOr<ScopedFd> OpenCheckedFile(const std::string& path, int flags,
                                         mode_t mode, Owner owner,
                                         bool private_mode);

// LocalSystem::ReadFile: a regular file owned by the caller or root, at most
// `max_bytes` long (InvalidArgument otherwise).
absl::StatusOr<std::string> ReadFileNoFollow(const std::string& path,
                                             size_t max_bytes);

// LocalSystem::ReplaceFile with the new file's `mode`: checks the directory
// (owned by the caller or root; writable by others only with the sticky bit)
// and what is at `path` (nothing, or a regular file of the caller), then writes
// ".<name>.tmp.<pid>.<n>" beside it (O_CREAT|O_EXCL|O_NOFOLLOW), fsync()s it
// and renameat()s it over `path` through the directory's descriptor; the
// directory is fsync()ed too. A rename replaces a link planted between the
// check and the rename, it never writes through it. On failure the temporary
// file is removed. Thread-safe.
absl::Status ReplaceFileNoFollow(const std::string& path,
                                 absl::string_view contents, mode_t mode);

// LocalSystem::RemoveFile: unlinks `path` only when it is a regular file of
// the caller.
absl::Status RemoveFileNoFollow(const std::string& path);

}  // namespace pm::posix

#endif  // PM_PLATFORM_POSIX_NOFOLLOW_FILE_H_
