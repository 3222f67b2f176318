// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// KillPort and FreePort: terminate whatever holds a port, then make sure the
// port really is free, re-discovering holders that appear meanwhile (children
// forked with the socket).

#ifndef PM_CORE_KILL_PORT_H_
#define PM_CORE_KILL_PORT_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/backend.h"
#include "core/find_owners.h"
#include "core/socket.h"
#include "core/terminate.h"

namespace pm {

// Which sockets on the port select the processes to terminate.
struct KillPortOptions {
  bool tcp = true;
  bool udp = true;
  // Also the owners of non-listening sockets whose local port is the port
  // (clients connected from it, accepted connections). By default only the
  // owners of TCP LISTEN and bound UDP sockets: the server, never its clients.
  bool include_connected = false;
  // How many times owners are looked up again after a termination round,
  // while the port is still held (by the other owners of a socket whose first
  // lookup stopped at one, or by a child forked meanwhile).
  int max_rounds = 3;
  // How the first round looks for owners. kFirst (the default) is the fast
  // path: one owner per socket, found without scanning every process; if the
  // port is still held after it is gone, later rounds look for every owner
  // (kAll). kAll makes the first round complete (pm kill --dry-run needs it).
  OwnerSearch first_search = OwnerSearch::kFirst;
};

// What KillPort did.
struct KillPortReport {
  uint16_t port = 0;
  // The sockets that selected the targets in the first round, with owners.
  std::vector<OwnedSocket> sockets;
  // Every process signalled or refused, over all rounds, in order.
  TerminationReport termination;
  // Some socket's holder could not be seen (another user without privileges,
  // another PID namespace): it was not terminated.
  bool hidden_owner = false;
  // At the end no listening socket is on the port (TCP LISTEN, bound UDP of
  // the selected protocols) and, where the prober can probe, a dual-stack bind
  // of the port would succeed (PortProber::ProbeBind).
  bool free = false;
  // The listening sockets still on the port at the end (owners resolved).
  std::vector<Socket> remaining;
  // FailedPrecondition when the bind probe disagreed with the socket table
  // (in use although no socket is listed); OK otherwise.
  absl::Status probe;
};

// Terminates the owners of `port` (exact match: 3000 never selects 30001) by
// `policy` and verifies the port is free: after each round the owners are
// looked up again; new holders (a child forked with the socket, a process the
// first lookup missed) are terminated in another round, up to
// options.max_rounds, all within policy.deadline. Owners that were refused or
// survived are not retried.
//
// Errors (for the whole operation): InvalidArgument for port 0; NotFound when
// no selected socket is on the port (FindOwners' "no socket on port 8080
// (tcp+udp, IPv4+IPv6, listening)"); FailedPrecondition when the caller cannot
// be identified; the prober's or discovery's error. Per-process failures are in
// the report. Thread-compatible (as the backend).
absl::StatusOr<KillPortReport> KillPort(
    Backend& backend, uint16_t port, const TerminationPolicy& policy,
    const KillPortOptions& options = KillPortOptions());

// Ensures `port` can be bound: like KillPort with `retries` extra rounds, but a
// port nothing holds is not an error: it yields a report with free == true
// (after the bind probe agrees, where the prober can probe). The
// ensure_port_available of pm's specification.
//
// Errors: InvalidArgument for port 0; otherwise as KillPort (never NotFound).
absl::StatusOr<KillPortReport> FreePort(
    Backend& backend, uint16_t port, const TerminationPolicy& policy,
    int retries = 2, KillPortOptions options = KillPortOptions());

}  // namespace pm

#endif  // PM_CORE_KILL_PORT_H_
