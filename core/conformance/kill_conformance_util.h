// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Helpers of the kill conformance cases: identities of live processes, an
// unused port, and a termination attempted by another (unprivileged) user.

#ifndef PM_CORE_CONFORMANCE_KILL_CONFORMANCE_UTIL_H_
#define PM_CORE_CONFORMANCE_KILL_CONFORMANCE_UTIL_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/backend.h"
#include "core/conformance/backend_conformance_test.h"
#include "core/process.h"

namespace pm::conformance {

// The identity of live process `pid` as `backend` sees it. Records a test
// failure (and returns {pid, 0}) when the process cannot be read.
ProcessIdentity IdentityOf(Backend& backend, Pid pid);

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read
// back, closed). Internal when the socket calls fail.
absl::StatusOr<uint16_t> UnusedPort();

// What Terminate answered to a process of another user.
struct OtherUserAttempt {
  absl::Status without_consent;  // TerminationResult::status, no consent.
  absl::Status with_consent;     // The same with allow_other_users.
};

// Terminates `target` (a process of this test's user) from a forked process
// that has dropped to uid/gid 65534 (nobody), once without and once with
// consent, through a backend made by `param`. Needs root to drop privileges:
// Unavailable otherwise (the case is then skipped). Internal when the forked
// process fails (the message says where).
absl::StatusOr<OtherUserAttempt> TerminateAsAnotherUser(
    const BackendParam& param, Pid target);

}  // namespace pm::conformance

#endif  // PM_CORE_CONFORMANCE_KILL_CONFORMANCE_UTIL_H_
