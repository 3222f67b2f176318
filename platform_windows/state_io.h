// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// WinStateIo: core's StateIo over CreateFileW / FlushFileBuffers / MoveFileExW
// / LockFileEx, for Windows. Also defines pm::CreateDefaultStateIo there.

#ifndef PM_PLATFORM_WINDOWS_STATE_IO_H_
#define PM_PLATFORM_WINDOWS_STATE_IO_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/port_state_io.h"

namespace pm::win {

// StateIo on Windows. Paths are UTF-8 and converted to UTF-16 for the W calls;
// '/' and '\\' both separate directories.
//  * WriteFileAtomically writes "<path>.tmp.<pid>.<n>" (CREATE_NEW),
//  FlushFileBuffers
//    it, then MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH),
//    which replaces the target in one step on NTFS; the temporary file is
//    deleted on failure.
//  * LockFile is LockFileEx(LOCKFILE_EXCLUSIVE_LOCK) over the whole file on a
//    handle of its own; the system releases it when the handle is closed or
//    the process ends.
//  * Handles are not inheritable.
// Errors: Win32Status's mapping (ERROR_FILE_NOT_FOUND -> NotFound,
// ERROR_ACCESS_DENIED -> PermissionDenied, ...), naming the call and the path.
// Thread-safe.
class WinStateIo final : public StateIo {
 public:
  absl::StatusOr<std::string> ReadFile(const std::string& path) override;
  absl::Status WriteFileAtomically(const std::string& path,
                                   absl::string_view contents) override;
  absl::Status CreateDirectories(const std::string& path) override;
  absl::StatusOr<std::unique_ptr<FileLock>> LockFile(
      const std::string& path) override;
  Pid CurrentProcessId() override;
};

}  // namespace pm::win

#endif  // PM_PLATFORM_WINDOWS_STATE_IO_H_
