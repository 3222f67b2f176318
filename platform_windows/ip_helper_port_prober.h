// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// IpHelperPortProber: the Windows PortProber, built on the IP Helper owner-PID
// socket tables.

#ifndef PM_PLATFORM_WINDOWS_IP_HELPER_PORT_PROBER_H_
#define PM_PLATFORM_WINDOWS_IP_HELPER_PORT_PROBER_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/port_prober.h"
#include "core/socket.h"

namespace pm::win {

// Lists sockets from GetExtendedTcpTable(TCP_TABLE_OWNER_PID_ALL) and
// GetExtendedUdpTable(UDP_TABLE_OWNER_PID), for AF_INET and AF_INET6; only the
// tables the query can match are read. Windows keeps one system-wide table
// naming each socket's owning PID, so every user's sockets are listed with
// their owner; conversion (states, byte order, PID 0 and 4) is
// SocketFromMibRow's. Results pass SocketMatches(query, s). Each socket has at
// most one owner: the table names the process that created it, not others that
// inherited or duplicated its handle.
//
// The tables change between sizing the buffer and reading them; a read that
// gets ERROR_INSUFFICIENT_BUFFER is retried with the new size a bounded number
// of times, then the call fails with Unavailable (psutil socks.c does the same
// loop). A system without an IPv6 stack (ERROR_NOT_SUPPORTED for AF_INET6) has
// no IPv6 sockets. Other failures are the call's Win32 error (Win32Status).
// Thread-safe (it has no state).
class IpHelperPortProber final : public PortProber {
 public:
  absl::StatusOr<std::vector<Socket>> ListSockets(
      const SocketQuery& query) override;

  // win::ProbeBind and win::Reserve (platform_windows/bind_probe.h): Winsock
  // bind semantics (no SO_REUSEADDR; WSAEACCES counts as in use).
  absl::StatusOr<BindOutcome> ProbeBind(Protocol protocol,
                                        const Endpoint& local) override;
  absl::StatusOr<std::unique_ptr<PortReservation>> Reserve(
      Protocol protocol, const Endpoint& local) override;
};

}  // namespace pm::win

#endif  // PM_PLATFORM_WINDOWS_IP_HELPER_PORT_PROBER_H_
