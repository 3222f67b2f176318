// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The POSIX bind probe and port reservation behind PortProber::ProbeBind and
// PortProber::Reserve, shared by the Linux and macOS backends.

#ifndef PM_PLATFORM_POSIX_BIND_PROBE_H_
#define PM_PLATFORM_POSIX_BIND_PROBE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "core/ip_address.h"
#include "core/port_prober.h"
#include "core/socket.h"

namespace pm::posix {

// Binds a fresh socket to `local` and closes it (see PortProber::ProbeBind for
// the contract). The socket is made exactly as a typical server makes its own:
//   * TCP: SO_REUSEADDR on. Linux then refuses the bind only when an
//     overlapping socket is listening or lacks SO_REUSEADDR itself (a client
//     connection bound to that port, a bound-only socket); TIME_WAIT leftovers
//     of a server that set SO_REUSEADDR do not count. macOS (BSD) also lets the
//     bind succeed on a specific address beside a wildcard socket of the same
//     user.
//   * UDP: no SO_REUSEADDR, so any bound UDP socket on an overlapping address
//     refuses the bind.
//   * AF_INET6: IPV6_V6ONLY off (dual-stack), so [::]:P also meets IPv4
//     holders of P and ::ffff:a.b.c.d addresses can be probed.
//   * SOCK_CLOEXEC (FD_CLOEXEC right after socket() on macOS, which lacks the
//     flag), so a concurrent fork+exec never inherits it.
// Returns kInUse for EADDRINUSE; errors: InvalidArgument (port 0),
// PermissionDenied (EACCES), FailedPrecondition (EADDRNOTAVAIL: the address is
// not local), Unimplemented (EAFNOSUPPORT: no IPv6), others as ErrnoToStatus;
// messages name the call and the endpoint: "bind(tcp 127.0.0.1:80): ...".
// Thread-safe; about 5-10 us (socket + setsockopt + bind + close).
absl::StatusOr<BindOutcome> ProbeBind(Protocol protocol, const Endpoint& local);

// Binds `local` as ProbeBind does (port 0 lets the kernel choose) and keeps the
// socket; a TCP socket is put in LISTEN with a backlog of 1, which makes every
// other bind of an overlapping address fail, SO_REUSEADDR or not. Returns
// AlreadyExists when the address is in use, else ProbeBind's errors.
// Thread-safe.
absl::StatusOr<std::unique_ptr<PortReservation>> Reserve(Protocol protocol,
                                                         const Endpoint& local);

}  // namespace pm::posix

#endif  // PM_PLATFORM_POSIX_BIND_PROBE_H_
