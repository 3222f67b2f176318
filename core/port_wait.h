// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// WaitForListener and WaitUntilFree: wait, until a deadline, for a server to
// start listening on a port or for the port to be released, noticing the
// change within a few milliseconds.
//
// Example:
//   absl::StatusOr<PortWaitResult> up = WaitForListener(
//       *backend, 8080, absl::Now() + absl::Seconds(10));
//   if (up.ok()) ... up->holders[0].socket.owners: the server's PID ...

#ifndef PM_CORE_PORT_WAIT_H_
#define PM_CORE_PORT_WAIT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/backend.h"
#include "core/find_owners.h"
#include "core/port_prober.h"
#include "core/process_discovery.h"
#include "core/socket.h"

namespace pm {

struct PortWaitOptions {
  Protocol protocol = Protocol::kTcp;
  // Empty: a listener on any local address counts. Otherwise (see
  // ParseProbeHost) only listeners that conflict with a bind on the host's
  // addresses count, and WaitUntilFree also requires IsPortFree(host).
  std::string host;
  // The polling interval starts at `min_interval` and doubles after each poll
  // that sees no change, up to `max_interval`: a change is seen at most
  // `max_interval` (plus one table read, tens of microseconds with netlink)
  // after it happens.
  absl::Duration min_interval = absl::Microseconds(250);
  absl::Duration max_interval = absl::Milliseconds(2);
  // Look up the holders' processes (FindOwners) when reporting them. Costs a
  // scan of the process table's descriptors on Linux.
  bool with_owners = true;
  // How hard to look: the first owner of each socket (kFirst, the default:
  // on Linux the newest processes are tried first, and a server that just
  // started is among them) or every owner (kAll).
  OwnerSearch owner_search = OwnerSearch::kFirst;
};

struct PortWaitResult {
  // WaitForListener: the listening sockets found, with their owners when
  // PortWaitOptions::with_owners. WaitUntilFree: empty.
  std::vector<OwnedSocket> holders;
  absl::Duration waited;  // From the call to the change being seen.
  int polls = 0;          // Socket-table reads made.
};

// Waits until a socket of options.protocol listens on `port` (TCP LISTEN, UDP
// bound) and returns it with its owners. Polls the OS socket table
// (PortProber::ListSockets with a port and state filter, done in the kernel
// on Linux) at the adaptive interval of `options`; never sleeps past
// `deadline`, and checks once more at the deadline before giving up.
//
// Errors: InvalidArgument for port 0 or a bad host; DeadlineExceeded at the
// deadline ("nothing listens on tcp port 8080 after 2.5s"); otherwise the
// first ListSockets error. Thread-safe if the prober and discovery are.
absl::StatusOr<PortWaitResult> WaitForListener(
    PortProber& prober, ProcessDiscovery& discovery, uint16_t port,
    absl::Time deadline, const PortWaitOptions& options = PortWaitOptions());
absl::StatusOr<PortWaitResult> WaitForListener(
    Backend& backend, uint16_t port, absl::Time deadline,
    const PortWaitOptions& options = PortWaitOptions());

// Waits until no socket of options.protocol listens on `port` (and, with a
// host, until IsPortFree says a bind would succeed). Polls like
// WaitForListener.
//
// Errors: InvalidArgument for port 0 or a bad host; DeadlineExceeded naming
// who still holds the port ("tcp port 8080 is still held after 2s by pid 42
// (python3)"); otherwise the first ListSockets or ProbeBind error.
// Thread-safe if the prober and discovery are.
absl::StatusOr<PortWaitResult> WaitUntilFree(
    PortProber& prober, ProcessDiscovery& discovery, uint16_t port,
    absl::Time deadline, const PortWaitOptions& options = PortWaitOptions());
absl::StatusOr<PortWaitResult> WaitUntilFree(
    Backend& backend, uint16_t port, absl::Time deadline,
    const PortWaitOptions& options = PortWaitOptions());

}  // namespace pm

#endif  // PM_CORE_PORT_WAIT_H_
