// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PID file write, read, staleness check and owner.

#include "core/pid_file.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace pm {

absl::string_view PidFileStateName(PidFileState state) {
  switch (state) {
    case PidFileState::kRunning:
      return "running";
    case PidFileState::kExited:
      return "exited";
    case PidFileState::kPidReused:
      return "pid_reused";
  }
  return "unknown";
}

absl::Status WritePidFile(LocalSystem& system, const std::string& path,
                          const ProcessIdentity& identity) {
  if (identity.pid <= 0 || identity.pid > kMaxPidFilePid) {
    return absl::InvalidArgumentError(absl::StrCat(
        "PID file ", path, ": PID ", identity.pid, " is not a process's"));
  }
  return system.ReplaceFile(path, FormatPidFile(identity));
}

absl::StatusOr<PidFileRecord> ReadPidFile(LocalSystem& system,
                                          const std::string& path) {
  PM_ASSIGN_OR_RETURN(std::string text,
                      system.ReadFile(path, kMaxPidFileBytes));
  return ParsePidFile(text, path);
}

absl::StatusOr<PidFileCheck> ClassifyPidFile(
    const PidFileRecord& record, const absl::StatusOr<ProcessInfo>& lookup) {
  PidFileCheck check;
  check.record = record;
  if (absl::IsNotFound(lookup.status())) {
    check.state = PidFileState::kExited;
    return check;
  }
  if (!lookup.ok()) return lookup.status();
  check.process = *lookup;
  if (record.start_token.has_value() &&
      *record.start_token != lookup->start_token) {
    check.state = PidFileState::kPidReused;
    return check;
  }
  check.state = PidFileState::kRunning;
  check.verified = record.start_token.has_value();
  return check;
}

absl::StatusOr<PidFileCheck> CheckPidFile(LocalSystem& system,
                                          ProcessDiscovery& discovery,
                                          const std::string& path) {
  PM_ASSIGN_OR_RETURN(PidFileRecord record, ReadPidFile(system, path));
  PM_ASSIGN_OR_RETURN(
      PidFileCheck check,
      ClassifyPidFile(record, discovery.GetProcess(record.pid)));
  check.path = path;
  return check;
}

absl::StatusOr<std::unique_ptr<PidFile>> PidFile::Create(
    LocalSystem& system, std::string path, const ProcessIdentity& identity) {
  PM_RETURN_IF_ERROR(WritePidFile(system, path, identity));
  return std::unique_ptr<PidFile>(
      new PidFile(system, std::move(path), identity));
}

PidFile::~PidFile() { Remove().IgnoreError(); }

absl::Status PidFile::Remove() {
  if (removed_) return absl::OkStatus();
  removed_ = true;
  absl::StatusOr<PidFileRecord> record = ReadPidFile(system_, path_);
  if (absl::IsNotFound(record.status())) return absl::OkStatus();
  if (!record.ok()) return record.status();
  if (record->pid != identity_.pid ||
      record->start_token != identity_.start_token) {
    return absl::FailedPreconditionError(absl::StrCat(
        "PID file ", path_, " now names PID ", record->pid,
        ", not this process (", identity_.pid, "); left in place"));
  }
  absl::Status removed = system_.RemoveFile(path_);
  if (absl::IsNotFound(removed)) return absl::OkStatus();
  return removed;
}

}  // namespace pm
