// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The Winsock bind probe and port reservation behind PortProber::ProbeBind and
// PortProber::Reserve on Windows.

#ifndef PM_PLATFORM_WINDOWS_BIND_PROBE_H_
#define PM_PLATFORM_WINDOWS_BIND_PROBE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "core/ip_address.h"
#include "core/port_prober.h"
#include "core/socket.h"

namespace pm::win {

// Binds a fresh socket to `local` and closes it (see PortProber::ProbeBind).
// The socket is made as a Windows server makes its own:
//   * no SO_REUSEADDR (on Windows it would let the bind steal a port another
//     socket holds, so the probe would always succeed);
//   * AF_INET6 sockets dual-stack (IPV6_V6ONLY off; Windows defaults to on);
//   * not inheritable (WSA_FLAG_NO_HANDLE_INHERIT).
// Windows refuses such a bind with WSAEADDRINUSE when an overlapping socket
// holds the port, and with WSAEACCES when the holder set SO_EXCLUSIVEADDRUSE
// or the port lies in a range the system excludes (Hyper-V, WinNAT:
// `netsh int ipv4 show excludedportrange`); both mean a server cannot bind it
// and are reported as kInUse.
// Errors: InvalidArgument (port 0), FailedPrecondition (WSAEADDRNOTAVAIL),
// Unimplemented (WSAEAFNOSUPPORT: no IPv6), Unavailable (WSAStartup or
// WSAENOBUFS / WSAEMFILE), Internal otherwise; messages name the call and the
// endpoint. Thread-safe (WSAStartup runs once).
absl::StatusOr<BindOutcome> ProbeBind(Protocol protocol, const Endpoint& local);

// Binds `local` as ProbeBind does, with SO_EXCLUSIVEADDRUSE so nobody can
// bind over it, and keeps the socket; a TCP socket is put in LISTEN (backlog
// 1). Port 0 lets the system choose. Returns AlreadyExists when in use, else
// ProbeBind's errors. The SOCKET is not inheritable: hand it to a child with
// SetHandleInformation(HANDLE_FLAG_INHERIT) or WSADuplicateSocket.
// Thread-safe.
absl::StatusOr<std::unique_ptr<PortReservation>> Reserve(Protocol protocol,
                                                         const Endpoint& local);

}  // namespace pm::win

#endif  // PM_PLATFORM_WINDOWS_BIND_PROBE_H_
