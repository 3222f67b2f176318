// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Turns rows of the IP Helper owner-PID tables (GetExtendedTcpTable,
// GetExtendedUdpTable) into pm::Socket records.

#ifndef PM_PLATFORM_WINDOWS_MIB_ROW_CONVERTER_H_
#define PM_PLATFORM_WINDOWS_MIB_ROW_CONVERTER_H_

#include <array>
#include <cstdint>

#include "core/ip_address.h"
#include "core/process.h"
#include "core/socket.h"

namespace pm::win {

// The MIB_TCP_STATE values (<tcpmib.h>), copied so that this converter builds
// and is tested on every OS; ip_helper_port_prober.cc static_asserts them.
inline constexpr uint32_t kMibTcpStateClosed = 1;
inline constexpr uint32_t kMibTcpStateListen = 2;
inline constexpr uint32_t kMibTcpStateSynSent = 3;
inline constexpr uint32_t kMibTcpStateSynRcvd = 4;
inline constexpr uint32_t kMibTcpStateEstab = 5;
inline constexpr uint32_t kMibTcpStateFinWait1 = 6;
inline constexpr uint32_t kMibTcpStateFinWait2 = 7;
inline constexpr uint32_t kMibTcpStateCloseWait = 8;
inline constexpr uint32_t kMibTcpStateClosing = 9;
inline constexpr uint32_t kMibTcpStateLastAck = 10;
inline constexpr uint32_t kMibTcpStateTimeWait = 11;
inline constexpr uint32_t kMibTcpStateDeleteTcb = 12;

// Windows' pseudo-processes: PID 0 is the System Idle Process, PID 4 the
// System process (the kernel: http.sys, SMB and other kernel-mode listeners).
inline constexpr Pid kIdleProcessPid = 0;
inline constexpr Pid kSystemProcessPid = 4;

// One row of MIB_TCPTABLE_OWNER_PID, MIB_TCP6TABLE_OWNER_PID,
// MIB_UDPTABLE_OWNER_PID or MIB_UDP6TABLE_OWNER_PID, copied byte for byte by
// the shim so that every byte-order decision is made here and tested:
//  * addresses: an IPv4 row's dwLocalAddr / dwRemoteAddr is in network byte
//    order; the shim copies its 4 bytes as they lie in memory into bytes 0-3.
//    An IPv6 row's ucLocalAddr / ucRemoteAddr are the 16 bytes. Scope IDs are
//    dropped (IpAddress has no zone).
//  * ports: dwLocalPort / dwRemotePort hold the port in network byte order in
//    their low 16 bits (the high 16 may be garbage, per MSDN); the shim copies
//    the two bytes of (uint16_t)dwLocalPort as they lie in memory, so {0x1F,
//    0x90} is 8080 on every host. (Windows code writes ntohs((u_short)dw).)
struct MibSocketRow {
  Protocol protocol = Protocol::kTcp;
  AddressFamily family = AddressFamily::kIpv4;
  std::array<uint8_t, 16> local_address{};
  std::array<uint8_t, 2> local_port{};
  std::array<uint8_t, 16> remote_address{};  // TCP only.
  std::array<uint8_t, 2> remote_port{};      // TCP only.
  uint32_t state = 0;                        // dwState (TCP only).
  uint32_t owning_pid = 0;                   // dwOwningPid.
};

// Maps MIB_TCP_STATE_* to SocketState. CLOSED and DELETE_TCB (a connection
// being torn down) are kClose; an unknown value is kUnknown. Thread-safe.
SocketState SocketStateFromMibTcpState(uint32_t state);

// Converts one row. TCP rows take their state from SocketStateFromMibTcpState;
// a LISTEN row's remote end is reported as <any>:0 whatever the row holds (Why:
// old Windows versions fill it for listeners; psutil ignores it the same way,
// psutil/arch/windows/socks.c). UDP tables have no remote end and no state: a
// UDP row is kUnconnected with remote <any>:0, even for a connect()ed socket,
// which Windows does not distinguish here.
//
// Owners, when `with_owners`: {dwOwningPid} with kVisible, except PID 0 (the
// Idle process, which Windows reports for sockets no process holds any more,
// e.g. TIME_WAIT): no owners, kNoOwner. PID 4 (System) is reported as the
// owner {4}: kernel-mode listeners such as http.sys really are held by it.
// Without `with_owners`: no owners, kNotResolved. uid stays unset (Windows has
// SIDs, not uids) and inode 0. Thread-safe.
//
// Example:
//   MibSocketRow row;
//   row.local_address = {127, 0, 0, 1};
//   row.local_port = {0x1F, 0x90};
//   row.state = kMibTcpStateListen;
//   row.owning_pid = 4242;
//   SocketFromMibRow(row, true).local.ToString();  // "127.0.0.1:8080"
Socket SocketFromMibRow(const MibSocketRow& row, bool with_owners);

}  // namespace pm::win

#endif  // PM_PLATFORM_WINDOWS_MIB_ROW_CONVERTER_H_
