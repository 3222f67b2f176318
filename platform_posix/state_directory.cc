// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// EnsurePrivateDirectory and DefaultStateDirectory.

#include "platform_posix/state_directory.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "platform_posix/scoped_fd.h"

namespace pm::posix {

absl::Status EnsurePrivateDirectory(const std::string& path) {
  if (path.empty()) {
    return absl::InvalidArgumentError("the state directory path is empty");
  }
  if (mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoError("mkdir", path);
  }
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return ErrnoError("lstat", path);
  if (S_ISLNK(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "state directory ", path,
        " is a symbolic link; refusing to follow it (another user may have "
        "planted it)"));
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("state directory ", path, " is not a directory"));
  }
  if (st.st_uid != geteuid()) {
    return absl::PermissionDeniedError(
        absl::StrCat("state directory ", path, " belongs to uid ", st.st_uid,
                     ", not to uid ", geteuid(), "; refusing to use it"));
  }
  if ((st.st_mode & 077) != 0) {
    return absl::PermissionDeniedError(absl::StrFormat(
        "state directory %s has mode %04o: group or others have access "
        "(chmod 700 it)",
        path, st.st_mode & 07777));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> DefaultStateDirectory() {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  std::string dir = runtime != nullptr && runtime[0] == '/'
                        ? absl::StrCat(runtime, "/pm")
                        : absl::StrCat("/tmp/pm-", geteuid());
  absl::Status ensured = EnsurePrivateDirectory(dir);
  if (!ensured.ok()) return ensured;
  return dir;
}

}  // namespace pm::posix
