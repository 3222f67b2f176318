// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// StateIo: the few OS services the PortManager's state directory needs (whole-
// file read, atomic replace, directories, an inter-process lock, and which
// process is asking), behind an interface so that core includes no OS headers.
// Implemented once for POSIX (platform_posix/state_io.h) and once for Windows
// (platform_windows/state_io.h).

#ifndef PM_CORE_PORT_STATE_IO_H_
#define PM_CORE_PORT_STATE_IO_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/process.h"

namespace pm {

// An exclusive lock on a file, held until this object is destroyed. The OS
// drops it when the holding process dies, so a crash never leaves it taken.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

// File operations (and the calling process's id) with Status errors whose
// messages name the system call and the path ("open(/x/ports.json): No such
// file or directory (ENOENT)"). Paths use '/' separators (accepted by Windows
// too). Implementations are thread-safe (they keep no state between calls).
class StateIo {
 public:
  virtual ~StateIo() = default;

  // Returns the whole content of `path`. NotFound when it does not exist,
  // PermissionDenied when it may not be read.
  virtual absl::StatusOr<std::string> ReadFile(const std::string& path) = 0;

  // Replaces `path` with `contents` atomically: writes a temporary file beside
  // it, flushes it to disk (fsync / FlushFileBuffers), renames it over `path`
  // and flushes the directory. A reader sees the old or the new content, never
  // a mix, and a crash at any point leaves one of the two. On failure the
  // temporary file is removed and `path` is untouched.
  virtual absl::Status WriteFileAtomically(const std::string& path,
                                           absl::string_view contents) = 0;

  // Creates `path` and its missing parents (private to the user where the OS
  // has modes: 0700). OK when it already is a directory; FailedPrecondition
  // when something else is there.
  virtual absl::Status CreateDirectories(const std::string& path) = 0;

  // Opens (creating if needed) `path` and takes an exclusive lock on it,
  // waiting while another process or another FileLock of this process holds
  // it (flock(LOCK_EX) / LockFileEx). The lock is advisory: it only excludes
  // other callers of LockFile on the same path.
  virtual absl::StatusOr<std::unique_ptr<FileLock>> LockFile(
      const std::string& path) = 0;

  // The id of the calling process (getpid / GetCurrentProcessId): whose
  // allocations these are.
  virtual Pid CurrentProcessId() = 0;
};

// Creates this OS's StateIo. Defined at link time by exactly one of
// //platform_posix:state_io and //platform_windows:state_io
// (//core:port_manager selects it). Thread-safe.
std::unique_ptr<StateIo> CreateDefaultStateIo();

}  // namespace pm

#endif  // PM_CORE_PORT_STATE_IO_H_
