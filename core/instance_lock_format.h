// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// What the single-instance lock writes and sends: the lock record (who holds
// the lock) and the second-instance request (argv and cwd), formatted and
// parsed with validation. No I/O.

#ifndef PM_CORE_INSTANCE_LOCK_FORMAT_H_
#define PM_CORE_INSTANCE_LOCK_FORMAT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/process.h"

namespace pm {

// Who holds an application's instance lock, as the holder recorded it in the
// lock file right after taking the lock.
struct LockHolder {
  Pid pid = 0;
  uint64_t start_token = 0;                      // See ProcessIdentity.
  absl::Time start_time = absl::InfinitePast();  // The holder's start time.
  std::string host;  // The holder's host name (a lock dir may be shared).
  std::string app;   // The application name the lock is for.

  ProcessIdentity identity() const { return {pid, start_token}; }
  friend bool operator==(const LockHolder& a, const LockHolder& b) {
    return a.pid == b.pid && a.start_token == b.start_token &&
           a.start_time == b.start_time && a.host == b.host && a.app == b.app;
  }
};

// What a second instance sends to the first (Electron's 'second-instance'
// event: its argv and working directory).
struct SecondInstanceRequest {
  Pid pid = 0;                    // The second instance's PID.
  std::string cwd;                // Its working directory.
  std::vector<std::string> argv;  // Its argv (any bytes, argv[0] included).

  friend bool operator==(const SecondInstanceRequest& a,
                         const SecondInstanceRequest& b) {
    return a.pid == b.pid && a.cwd == b.cwd && a.argv == b.argv;
  }
};

// Checks an application name used to name lock files: 1 to 64 characters of
// [A-Za-z0-9._-], not starting with '.'. Returns InvalidArgument naming the
// name otherwise. Thread-safe.
absl::Status ValidateAppName(absl::string_view app);

// Formats the lock record, one "key value" line each:
//   pm-instance-lock 1
//   pid 4242
//   start_token 981234
//   start_time_unix_us 1767225600123456
//   host build-7
//   app my-app
// Control characters in host and app are replaced by '?'. Thread-safe.
std::string FormatLockRecord(const LockHolder& holder);

// Parses a lock record. Returns InvalidArgument naming `path` for a missing
// or unknown header, a missing or repeated key, or a bad number; NotFound when
// `text` is empty (no holder recorded: the lock was released cleanly or its
// holder is still writing). Thread-safe.
absl::StatusOr<LockHolder> ParseLockRecord(absl::string_view text,
                                           absl::string_view path);

// Encodes a request as netstrings ("<length>:<bytes>,"): the tag
// "pm-second-instance-1", the PID, the cwd, the argc, then each argument.
// Binary-safe. Thread-safe.
std::string EncodeSecondInstanceRequest(const SecondInstanceRequest& request);

// Decodes what EncodeSecondInstanceRequest produced. Returns InvalidArgument
// for a wrong tag, a truncated or malformed netstring, a bad number, or bytes
// left over. Thread-safe.
absl::StatusOr<SecondInstanceRequest> DecodeSecondInstanceRequest(
    absl::string_view data);

}  // namespace pm

#endif  // PM_CORE_INSTANCE_LOCK_FORMAT_H_
