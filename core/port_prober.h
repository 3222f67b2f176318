// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortProber: the OS socket table, seen through one call. Implemented once per
// OS (platform_<os>/); everything port-related in core is built on it.

#ifndef PM_CORE_PORT_PROBER_H_
#define PM_CORE_PORT_PROBER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "core/socket.h"

namespace pm {

// Lists the sockets of the OS socket table that match a query.
//
// Contract for implementations:
//  * Returns exactly the sockets that SocketMatches(query, s) accepts; filters
//  may
//    be applied in the kernel where the OS allows (Linux sock_diag does port
//    and state), the result is the same.
//  * With query.with_owners, every socket gets owner_visibility set and, when
//    visible, its owners (sorted, unique). A socket whose holder cannot be seen
//    is kNotVisible, never dropped and never reported as kNoOwner.
//  * A process that exits mid-scan is skipped; an unreadable process degrades
//    visibility. Neither fails the call.
//  * Errors: Unavailable when the table cannot be read consistently (it kept
//    changing and retries ran out), PermissionDenied when the table itself is
//    unreadable, Internal for unexpected OS errors. Messages name the system
//    call and the OS error.
//  * Thread-compatible: one instance may be used by one thread at a time unless
//  an
//    implementation says more.
class PortProber {
 public:
  virtual ~PortProber() = default;

  virtual absl::StatusOr<std::vector<Socket>> ListSockets(
      const SocketQuery& query) = 0;
};

}  // namespace pm

#endif  // PM_CORE_PORT_PROBER_H_
