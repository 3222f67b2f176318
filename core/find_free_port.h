// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FindFreePort: a port in a range (or any port) that a server could bind on a
// host now, optionally reserved so that it can be handed to the server without
// a window in which someone else takes it.
//
// Example:
//   FindFreePortOptions options;
//   options.reserve = true;
//   absl::StatusOr<FreePort> p = FindFreePort(
//       backend->ports(), PortRange{5173, 5180}, options);
//   // p->port is free on 127.0.0.1 and ::1; p->reservations hold it (LISTEN)
//   // until destroyed or Release()d to the child that will serve it.

#ifndef PM_CORE_FIND_FREE_PORT_H_
#define PM_CORE_FIND_FREE_PORT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/port_prober.h"
#include "core/port_range.h"
#include "core/socket.h"

namespace pm {

struct FindFreePortOptions {
  std::string host = "localhost";  // See ParseProbeHost.
  Protocol protocol = Protocol::kTcp;
  // Keep the port bound (PortProber::Reserve on every address of the host)
  // instead of only probing it.
  bool reserve = false;
  // Ports never to return (allocated to someone else, say).
  std::set<uint16_t> exclude;
};

// A free port, and its reservations when asked for.
struct FreePort {
  uint16_t port = 0;
  // One per probed address of the host when FindFreePortOptions::reserve, in
  // the host's address order; empty otherwise.
  std::vector<std::unique_ptr<PortReservation>> reservations;
  // Ports of the range passed over because the socket table already showed a
  // conflicting socket, and ports bind-probed: for messages and benchmarks.
  int skipped_by_table = 0;
  int probed = 0;
};

// With a range: reads the socket table once (the protocol's listening sockets;
// every UDP socket) and passes over every port a listed socket certainly
// conflicts with (AddressesConflict) and every excluded port; then tries the
// rest in ascending order with a bind probe (or a reservation) on each address
// of the host, and returns the first port free on all of them. The table only
// saves probes: the probe decides, so a socket the table does not show (one
// bound but not listening) still makes a port taken. If the table cannot be
// read, every port is probed.
//
// Without a range ("any free port"): binds port 0 on the host's first address
// and lets the OS choose (its ephemeral range), then checks (or reserves) the
// same port on the other addresses, retrying with a new port a few times when
// one of them is taken.
//
// Errors: InvalidArgument for a bad host; ResourceExhausted when every port of
// the range is taken or excluded (the message says how many of each);
// otherwise the first probe error that is not "in use" (PermissionDenied for
// ports under 1024 without privileges). Thread-safe if the prober is.
absl::StatusOr<FreePort> FindFreePort(
    PortProber& prober, std::optional<PortRange> range,
    const FindFreePortOptions& options = FindFreePortOptions());

}  // namespace pm

#endif  // PM_CORE_FIND_FREE_PORT_H_
