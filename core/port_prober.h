// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortProber: the OS socket table, seen through one call. Implemented once per
// OS (platform_<os>/); everything port-related in core is built on it.

#ifndef PM_CORE_PORT_PROBER_H_
#define PM_CORE_PORT_PROBER_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/ip_address.h"
#include "core/socket.h"

namespace pm {

// What a bind probe met: the address could be bound (kFree), or another socket
// holds it (kInUse: EADDRINUSE; on Windows also WSAEACCES, see ProbeBind).
enum class BindOutcome { kFree, kInUse };

// "free" or "in use".
absl::string_view BindOutcomeName(BindOutcome outcome);

// A socket bound to a local endpoint and held for the caller, so that nobody
// else can bind that port until the reservation is closed or handed over (to a
// child process that inherits the handle, say). A TCP reservation is listening
// (backlog 1): it shows in the socket table like the server it stands in for,
// and a listening socket blocks every other bind of the port. Closes the socket
// on destruction unless Release() was called. Thread-compatible.
class PortReservation {
 public:
  virtual ~PortReservation() = default;

  virtual Protocol protocol() const = 0;
  // The bound endpoint, with the port the OS chose when port 0 was asked for.
  virtual Endpoint local() const = 0;
  // The OS handle (a POSIX file descriptor, a Windows SOCKET), still owned
  // here.
  virtual uintptr_t native_handle() const = 0;
  // Gives up ownership and returns the handle: the socket stays open and bound,
  // and closing it becomes the caller's job.
  virtual uintptr_t Release() = 0;
};

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
//    implementation says more. ProbeBind and Reserve keep no state in the
//    prober; implementations built on platform_posix / platform_windows make
//    them thread-safe.
class PortProber {
 public:
  virtual ~PortProber() = default;

  virtual absl::StatusOr<std::vector<Socket>> ListSockets(
      const SocketQuery& query) = 0;

  // Binds a fresh socket of `protocol` to `local` and closes it again: what a
  // server binding that address would meet, the moment it is asked. Never
  // listens, never connects, so it leaves nothing behind (no TIME_WAIT).
  //
  // Semantics (every implementation; the platform headers give the OS detail):
  //  * TCP probes set SO_REUSEADDR on POSIX, as Node, Go and Python servers do:
  //    a port whose only sockets are TIME_WAIT leftovers is kFree, because a
  //    restarted server binds it. Windows probes set no option (SO_REUSEADDR
  //    there would let a bind steal a port in use).
  //  * UDP probes set no option: any bound UDP socket on the address is kInUse.
  //  * IPv6 probes are dual-stack (IPV6_V6ONLY off), as a server binding "::"
  //    is: [::]:P is kInUse when an IPv4 socket holds P. For a specific IPv6
  //    address (::1) the flag changes nothing.
  //  * An address overlaps another when they are equal or either one is the
  //    unspecified address of the family (Linux and Windows): a listener on
  //    0.0.0.0:P makes 127.0.0.1:P kInUse and the reverse. macOS (BSD) lets a
  //    SO_REUSEADDR bind to a specific address beside a wildcard holder of the
  //    same user, and then answers kFree, as it would to the server.
  //
  // Errors: InvalidArgument for port 0; PermissionDenied when the caller may
  // not bind the port (EACCES: a port under 1024 without privileges);
  // FailedPrecondition when the address is not one of this machine's
  // (EADDRNOTAVAIL); Unimplemented when the address family is not available
  // (no IPv6 stack); Unavailable when out of descriptors; Internal otherwise.
  // The default implementation returns Unimplemented (fakes, tables-only
  // backends).
  virtual absl::StatusOr<BindOutcome> ProbeBind(Protocol protocol,
                                                const Endpoint& local);

  // Binds `local` as ProbeBind does and keeps the socket: a TCP socket is also
  // put in LISTEN (see PortReservation), a UDP socket stays bound. Port 0 asks
  // the OS for any free port; local() then names it. Unlike a probe, a TCP
  // reservation is exclusive on Windows (SO_EXCLUSIVEADDRUSE).
  //
  // Errors: AlreadyExists when the address is in use (the kInUse of a probe);
  // otherwise those of ProbeBind (port 0 is allowed here). The default
  // implementation returns Unimplemented.
  virtual absl::StatusOr<std::unique_ptr<PortReservation>> Reserve(
      Protocol protocol, const Endpoint& local);
};

}  // namespace pm

#endif  // PM_CORE_PORT_PROBER_H_
