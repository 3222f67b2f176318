// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FindOwners: "who holds port P?", composed from PortProber and
// ProcessDiscovery.

#ifndef PM_CORE_FIND_OWNERS_H_
#define PM_CORE_FIND_OWNERS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "core/backend.h"
#include "core/port_prober.h"
#include "core/process.h"
#include "core/process_discovery.h"
#include "core/socket.h"

namespace pm {

// One socket on the port and what is known of the processes holding it.
struct OwnedSocket {
  Socket socket;  // owners and owner_visibility are filled.
  // Details of each PID in socket.owners that still existed when looked up, in
  // the same order. A process that exited between the two lookups is left out
  // here but stays in socket.owners.
  std::vector<ProcessInfo> processes;
};

// Returns every socket whose local port is `port` and that passes `filter`'s
// protocol, family, state and local-address filters (filter.local_port and
// filter.with_owners are overridden), each with every owner: several owners are
// normal (fork, SO_REUSEPORT). Sorted by protocol, local endpoint, state,
// remote. With filter.owner_search = OwnerSearch::kFirst each socket gets the
// first owner the backend finds (socket.owners_partial says when others may
// exist): the fast path for kill/free loops and readiness waits.
//
// Example (who holds 8080, as fast as possible):
//   SocketQuery first;
//   first.owner_search = OwnerSearch::kFirst;
//   PM_ASSIGN_OR_RETURN(std::vector<OwnedSocket> found,
//                       FindOwners(backend, 8080, first));
//
// Errors: InvalidArgument for port 0; NotFound when no socket matches (the
// message names the port and the filters); otherwise the prober's error. A
// socket whose owner cannot be seen is returned with owner_visibility
// kNotVisible. Thread-compatible (as the prober and discovery passed in).
absl::StatusOr<std::vector<OwnedSocket>> FindOwners(
    PortProber& prober, ProcessDiscovery& discovery, uint16_t port,
    SocketQuery filter = SocketQuery());

// The same, on a backend's prober and discovery.
absl::StatusOr<std::vector<OwnedSocket>> FindOwners(
    Backend& backend, uint16_t port, SocketQuery filter = SocketQuery());

// Orders sockets for display and comparison: protocol, local endpoint, state,
// remote endpoint, inode.
bool SocketDisplayLess(const Socket& a, const Socket& b);

}  // namespace pm

#endif  // PM_CORE_FIND_OWNERS_H_
