// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// LocalSystem: the per-user OS facilities that the single-instance lock, PID
// files and the second-instance channel are built from (a private state
// directory, files that never follow symbolic links, an exclusive lock the
// kernel drops when its holder dies, a local request/reply channel). Core's
// algorithms (core/instance_lock.h, core/pid_file.h) use only this interface;
// platform_posix implements it for Linux and macOS.

#ifndef PM_CORE_LOCAL_SYSTEM_H_
#define PM_CORE_LOCAL_SYSTEM_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/process.h"

namespace pm {

// An exclusive lock on a file, taken by LocalSystem::TryLockFile and held until
// this object is destroyed or the process dies (the kernel drops it then, so a
// crash never leaves the lock taken). The lock is not inherited by programs
// the holder executes. Thread-compatible.
class HeldFileLock {
 public:
  virtual ~HeldFileLock() = default;

  // Replaces the locked file's content with `contents`, in place (the lock
  // belongs to the file itself, so it is never replaced by a rename). Readers
  // may briefly see the file empty. Errors name the system call and the path.
  virtual absl::Status WriteContents(absl::string_view contents) = 0;
};

// A request/reply endpoint started by LocalSystem::Listen. Serves requests on
// a thread of its own until destroyed; the destructor stops accepting, waits
// for a handler that is running, and removes the endpoint (the socket file).
class ChannelListener {
 public:
  virtual ~ChannelListener() = default;
};

// Answers one request on a channel: returns the reply. Runs on the listener's
// thread, one request at a time.
using ChannelHandler = std::function<std::string(const std::string& request)>;

// The facilities. Paths use '/' separators. Every error message names the
// system call and the path. Implementations are thread-safe.
class LocalSystem {
 public:
  virtual ~LocalSystem() = default;

  // This process's PID.
  virtual Pid CurrentPid() = 0;
  // The host name (gethostname). Internal on OS errors.
  virtual absl::StatusOr<std::string> HostName() = 0;
  // The working directory (getcwd).
  virtual absl::StatusOr<std::string> CurrentDirectory() = 0;

  // The user's private state directory, created if needed and checked as by
  // EnsurePrivateDirectory. POSIX: $XDG_RUNTIME_DIR/pm when XDG_RUNTIME_DIR is
  // an absolute path, else /tmp/pm-<euid>.
  virtual absl::StatusOr<std::string> DefaultStateDirectory() = 0;

  // Creates `path` (mode 0700; its parent must exist) unless it exists, then
  // checks what is there without following a symbolic link: FailedPrecondition
  // when it is not a directory (a symbolic link included), PermissionDenied
  // when it belongs to another user or grants group or other users any
  // access (another user could then plant or read files in it).
  virtual absl::Status EnsurePrivateDirectory(const std::string& path) = 0;

  // Returns the content of the regular file `path`, never following a
  // symbolic link in its last component. NotFound when missing;
  // FailedPrecondition when it is a symbolic link or not a regular file;
  // PermissionDenied when it belongs to a user other than the caller and root
  // (its content could be planted); InvalidArgument when it is longer than
  // `max_bytes`.
  virtual absl::StatusOr<std::string> ReadFile(const std::string& path,
                                               size_t max_bytes) = 0;

  // Replaces `path` with `contents` atomically: a new file (mode 0644) is
  // written beside it, flushed to disk and renamed over `path`, so readers see
  // the old or the new content, never a mix. Refuses, writing nothing:
  // FailedPrecondition when `path` is a symbolic link or not a regular file;
  // PermissionDenied when `path` belongs to another user, or its directory
  // belongs to a user other than the caller and root, or is writable by
  // others without the sticky bit (another user could swap the file).
  virtual absl::Status ReplaceFile(const std::string& path,
                                   absl::string_view contents) = 0;

  // Removes the regular file `path` of the caller. NotFound when missing;
  // FailedPrecondition for a symbolic link or a non-regular file;
  // PermissionDenied when it belongs to another user. Nothing is removed then.
  virtual absl::Status RemoveFile(const std::string& path) = 0;

  // Opens `path` (creating it, mode 0600, never following a symbolic link)
  // and takes an exclusive lock on it without waiting. Unavailable when
  // another process (or another HeldFileLock of this one) holds it;
  // FailedPrecondition when `path` is a symbolic link or not a regular file;
  // PermissionDenied when it belongs to another user or grants others access.
  virtual absl::StatusOr<std::unique_ptr<HeldFileLock>> TryLockFile(
      const std::string& path) = 0;

  // Serves `handler` at `address` (POSIX: a Unix domain socket file, mode
  // 0600). A leftover socket file of the caller at `address` is replaced: the
  // caller must hold the lock that makes it the address's only user.
  // Connections from other users are refused. A request is read until the
  // client half-closes (at most 1 MiB, within 5 s), and the reply is written
  // back. FailedPrecondition when something other than a socket is at
  // `address`; InvalidArgument when the address is too long for the OS
  // (sun_path: 108 bytes on Linux, 104 on macOS).
  virtual absl::StatusOr<std::unique_ptr<ChannelListener>> Listen(
      const std::string& address, ChannelHandler handler) = 0;

  // Sends `request` to the listener at `address` and returns its reply,
  // waiting until `timeout`. NotFound when nothing is at `address`;
  // Unavailable when nothing listens there (a leftover socket file);
  // DeadlineExceeded when no reply came in time.
  virtual absl::StatusOr<std::string> Call(const std::string& address,
                                           absl::string_view request,
                                           absl::Duration timeout) = 0;
};

// Creates this OS's LocalSystem: platform_posix on Linux and macOS. Elsewhere
// (Windows, until LockFileEx and named pipes are written) it returns
// Unimplemented. Linked in by //core:default_local_system. Thread-safe.
absl::StatusOr<std::unique_ptr<LocalSystem>> CreateDefaultLocalSystem();

}  // namespace pm

#endif  // PM_CORE_LOCAL_SYSTEM_H_
