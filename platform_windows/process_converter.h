// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Assembles a pm::ProcessInfo from what Toolhelp32 and OpenProcess report of
// one Windows process; FILETIME conversions.

#ifndef PM_PLATFORM_WINDOWS_PROCESS_CONVERTER_H_
#define PM_PLATFORM_WINDOWS_PROCESS_CONVERTER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "core/process.h"

namespace pm::win {

// 100-nanosecond intervals between 1601-01-01 (the FILETIME epoch) and
// 1970-01-01 (the Unix epoch).
inline constexpr uint64_t kFileTimeUnixEpoch = 116444736000000000;

// A FILETIME's two halves as one 64-bit count of 100 ns since 1601-01-01 UTC.
// Thread-safe.
uint64_t FileTimeValue(uint32_t low, uint32_t high);

// The instant a FILETIME value names (100 ns resolution kept). Thread-safe.
absl::Time FileTimeToTime(uint64_t filetime);

// What the shims read of one process.
struct WinProcessRecord {
  uint32_t pid = 0;
  uint32_t parent_pid = 0;  // PROCESSENTRY32W.th32ParentProcessID.
  std::string exe_file;    // PROCESSENTRY32W.szExeFile in UTF-8 ("python.exe").
  std::string image_path;  // QueryFullProcessImageNameW; empty if refused.
  // GetProcessTimes' creation time; nullopt when the process could not be
  // opened (another user's service, protected processes, System and Idle).
  std::optional<uint64_t> creation_filetime;
  std::string user;  // "DOMAIN\\name" of the token's user; empty if unknown.
  bool details_visible = true;  // False if anything above was refused.
};

// Builds the ProcessInfo: name is exe_file, exe the image path; cmdline stays
// empty (TODO: reading it needs the target's PEB, see the README); uid is unset
// (Windows identifies users by SID: see `user`). start_token is the creation
// FILETIME value and start_time the same instant; both stay at their defaults
// (0, InfinitePast) when the creation time is unknown. Thread-safe.
ProcessInfo ProcessInfoFromRecord(const WinProcessRecord& record);

}  // namespace pm::win

#endif  // PM_PLATFORM_WINDOWS_PROCESS_CONVERTER_H_
