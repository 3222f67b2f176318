// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PID files: written atomically, read with validation, checked for staleness
// (the process exited, or its PID now names another process), and owned by a
// RAII object that removes its file. Built on LocalSystem, so a planted
// symbolic link can neither redirect a write nor feed a read.

#ifndef PM_CORE_PID_FILE_H_
#define PM_CORE_PID_FILE_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/local_system.h"
#include "core/pid_file_format.h"
#include "core/process.h"
#include "core/process_discovery.h"

namespace pm {

// What a PID file's process is now.
enum class PidFileState {
  kRunning,    // A process with that PID runs, and is the one recorded when
               // the file has a start token (see PidFileCheck::verified).
  kExited,     // No process has that PID: stale.
  kPidReused,  // A different process (another start token) has the PID now:
               // stale.
};

// "running", "exited", "pid_reused". Stable (pm pidfile check --json).
absl::string_view PidFileStateName(PidFileState state);

// The answer of CheckPidFile.
struct PidFileCheck {
  std::string path;
  PidFileRecord record;
  PidFileState state = PidFileState::kExited;
  // For kRunning: true when the file had a start token and it matched; false
  // for a one-line PID file, whose PID may have been reused undetected.
  bool verified = false;
  // The process that has the PID now (kRunning, kPidReused).
  std::optional<ProcessInfo> process;

  bool stale() const { return state != PidFileState::kRunning; }
};

// Writes `identity` to `path` atomically (LocalSystem::ReplaceFile: temp file,
// fsync, rename; mode 0644) in FormatPidFile's format. Errors are
// ReplaceFile's: FailedPrecondition for a symbolic link at `path`,
// PermissionDenied for a file or directory another user controls, and OS errors
// naming the call. Thread-safe.
absl::Status WritePidFile(LocalSystem& system, const std::string& path,
                          const ProcessIdentity& identity);

// Reads and parses `path` (LocalSystem::ReadFile, at most kMaxPidFileBytes,
// then ParsePidFile). InvalidArgument naming the file for content that is not
// a PID file; the errors of ReadFile otherwise (NotFound, FailedPrecondition
// for a symbolic link, PermissionDenied for another user's file). Never
// modifies or removes the file. Thread-safe.
absl::StatusOr<PidFileRecord> ReadPidFile(LocalSystem& system,
                                          const std::string& path);

// Classifies `record` by what `lookup` (discovery's GetProcess(record.pid))
// answered: NotFound -> kExited; a process whose start token differs from the
// record's -> kPidReused; otherwise kRunning. A zombie (exited, not yet
// reaped) counts as running. Returns lookup's error for other errors. Pure.
absl::StatusOr<PidFileCheck> ClassifyPidFile(
    const PidFileRecord& record, const absl::StatusOr<ProcessInfo>& lookup);

// Reads `path` (ReadPidFile) and classifies it against the live process table
// (discovery.GetProcess). Errors: those of ReadPidFile, and discovery's other
// than NotFound. Never modifies or removes the file. Thread-compatible (as
// `discovery`).
//
// Example:
//   absl::StatusOr<PidFileCheck> check =
//       CheckPidFile(system, backend->processes(), "/run/user/1000/app.pid");
//   if (check.ok() && check->stale()) { /* start a new server */ }
absl::StatusOr<PidFileCheck> CheckPidFile(LocalSystem& system,
                                          ProcessDiscovery& discovery,
                                          const std::string& path);

// A PID file this process wrote and owns: removed on destruction, if it still
// names the identity written (a newer owner's file is left alone). `system`
// must outlive it. Thread-compatible.
class PidFile {
 public:
  // Writes `identity` to `path` (WritePidFile) and returns its owner.
  static absl::StatusOr<std::unique_ptr<PidFile>> Create(
      LocalSystem& system, std::string path, const ProcessIdentity& identity);

  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;
  ~PidFile();

  const std::string& path() const { return path_; }
  const ProcessIdentity& identity() const { return identity_; }

  // Removes the file now. OK when removed or already gone;
  // FailedPrecondition (nothing removed) when it names another process now;
  // the errors of ReadPidFile and RemoveFile otherwise. Later calls and the
  // destructor do nothing.
  absl::Status Remove();

 private:
  PidFile(LocalSystem& system, std::string path,
          const ProcessIdentity& identity)
      : system_(system), path_(std::move(path)), identity_(identity) {}

  LocalSystem& system_;
  std::string path_;
  ProcessIdentity identity_;
  bool removed_ = false;
};

}  // namespace pm

#endif  // PM_CORE_PID_FILE_H_
