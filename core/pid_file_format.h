// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The PID file format: format and validated parse, no I/O.

#ifndef PM_CORE_PID_FILE_FORMAT_H_
#define PM_CORE_PID_FILE_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/process.h"

namespace pm {

// What a PID file says: the PID and, when pm wrote it, the start token of that
// process incarnation (see ProcessIdentity), so that a PID reused by another
// process is recognised. PID files written by other tools hold the PID alone.
struct PidFileRecord {
  Pid pid = 0;
  std::optional<uint64_t> start_token;

  friend bool operator==(const PidFileRecord& a, const PidFileRecord& b) {
    return a.pid == b.pid && a.start_token == b.start_token;
  }
};

// The largest PID a PID file may name: POSIX pid_t is a signed 32-bit number.
inline constexpr Pid kMaxPidFilePid = 2147483647;
// PID files longer than this are refused unread (a PID file is two short
// lines; anything larger is not one).
inline constexpr size_t kMaxPidFileBytes = 4096;

// Formats `identity` as pm writes it: the PID on the first line and the start
// token on the second, each ending in '\n' ("4242\n981234\n"). Tools that read
// only the first line (`kill $(head -1 app.pid)`) keep working. Thread-safe.
std::string FormatPidFile(const ProcessIdentity& identity);

// Parses the text of a PID file. Accepted: a first line holding a decimal PID
// from 1 to kMaxPidFilePid and an optional second line holding a decimal start
// token; spaces, tabs and '\r' around a line and blank lines at the end are
// ignored. Anything else returns InvalidArgument whose message names `path`
// and says what is wrong:
//   ""       -> "PID file /run/app.pid is empty"
//   "abc"    -> "PID file /run/app.pid: 'abc' is not a PID (expected a
//                decimal number from 1 to 2147483647)"
//   "-5"     -> "PID file /run/app.pid: PID -5 is negative"
//   "0"      -> "PID file /run/app.pid: PID 0 does not name a process"
//   "99999999999" -> "PID file /run/app.pid: PID 99999999999 is out of range
//                     (1 to 2147483647)"
// Pure; thread-safe.
absl::StatusOr<PidFileRecord> ParsePidFile(absl::string_view text,
                                           absl::string_view path);

}  // namespace pm

#endif  // PM_CORE_PID_FILE_FORMAT_H_
