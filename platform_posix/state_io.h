// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PosixStateIo: core's StateIo over open/write/fsync/rename/flock and getpid,
// for Linux and macOS. Also defines pm::CreateDefaultStateIo for those OSes.

#ifndef PM_PLATFORM_POSIX_STATE_IO_H_
#define PM_PLATFORM_POSIX_STATE_IO_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/port_state_io.h"

namespace pm::posix {

// StateIo on POSIX:
//  * WriteFileAtomically writes "<path>.tmp.<pid>.<n>" (O_CREAT|O_EXCL, mode
//  0644
//    before umask), fsync()s it, rename()s it over `path`, then fsync()s the
//    directory (ignored where the file system refuses: EINVAL). The
//    temporary name is unique per process and call, so concurrent writers
//    never share one; the last rename wins.
//  * LockFile is flock(LOCK_EX) on a descriptor of its own (mode 0600), so
//    it also excludes other threads of this process; EINTR is retried. The
//    kernel drops the lock when the process dies.
//  * Every descriptor is O_CLOEXEC.
// Errors: ErrnoToStatus's mapping (ENOENT -> NotFound, EACCES ->
// PermissionDenied, ...), naming the call and the path. Thread-safe.
class PosixStateIo final : public StateIo {
 public:
  absl::StatusOr<std::string> ReadFile(const std::string& path) override;
  absl::Status WriteFileAtomically(const std::string& path,
                                   absl::string_view contents) override;
  absl::Status CreateDirectories(const std::string& path) override;
  absl::StatusOr<std::unique_ptr<FileLock>> LockFile(
      const std::string& path) override;
  Pid CurrentProcessId() override;
};

}  // namespace pm::posix

#endif  // PM_PLATFORM_POSIX_STATE_IO_H_
