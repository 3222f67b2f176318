// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessInfoFromRecord and FILETIME conversions: no system calls.

#include "platform_windows/process_converter.h"

namespace pm::win {

uint64_t FileTimeValue(uint32_t low, uint32_t high) {
  return static_cast<uint64_t>(high) << 32 | low;
}

absl::Time FileTimeToTime(uint64_t filetime) {
  // Signed arithmetic: a FILETIME before 1970 is a valid, earlier instant.
  int64_t since_unix_epoch =
      static_cast<int64_t>(filetime) - static_cast<int64_t>(kFileTimeUnixEpoch);
  return absl::UnixEpoch() + absl::Nanoseconds(since_unix_epoch) * 100;
}

ProcessInfo ProcessInfoFromRecord(const WinProcessRecord& record) {
  ProcessInfo info;
  info.pid = record.pid;
  info.ppid = record.parent_pid;
  info.name = record.exe_file;
  info.exe = record.image_path;
  info.user = record.user;
  if (record.creation_filetime.has_value()) {
    info.start_token = *record.creation_filetime;
    info.start_time = FileTimeToTime(*record.creation_filetime);
  }
  info.details_visible = record.details_visible;
  return info;
}

}  // namespace pm::win
