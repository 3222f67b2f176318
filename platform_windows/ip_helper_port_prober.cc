// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// IpHelperPortProber: the thin IP Helper shim; conversion is in
// mib_row_converter.cc.

#include "platform_windows/ip_helper_port_prober.h"

// winsock2.h must come before windows.h, and both before iphlpapi.h.
// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
// clang-format on

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/status_macros.h"
#include "platform_windows/bind_probe.h"
#include "platform_windows/mib_row_converter.h"
#include "platform_windows/win_api.h"

namespace pm::win {
namespace {

// The converter carries its own copies of these values so that it builds on
// every OS; they must be the SDK's.
static_assert(kMibTcpStateClosed == MIB_TCP_STATE_CLOSED, "");
static_assert(kMibTcpStateListen == MIB_TCP_STATE_LISTEN, "");
static_assert(kMibTcpStateSynSent == MIB_TCP_STATE_SYN_SENT, "");
static_assert(kMibTcpStateSynRcvd == MIB_TCP_STATE_SYN_RCVD, "");
static_assert(kMibTcpStateEstab == MIB_TCP_STATE_ESTAB, "");
static_assert(kMibTcpStateFinWait1 == MIB_TCP_STATE_FIN_WAIT1, "");
static_assert(kMibTcpStateFinWait2 == MIB_TCP_STATE_FIN_WAIT2, "");
static_assert(kMibTcpStateCloseWait == MIB_TCP_STATE_CLOSE_WAIT, "");
static_assert(kMibTcpStateClosing == MIB_TCP_STATE_CLOSING, "");
static_assert(kMibTcpStateLastAck == MIB_TCP_STATE_LAST_ACK, "");
static_assert(kMibTcpStateTimeWait == MIB_TCP_STATE_TIME_WAIT, "");
static_assert(kMibTcpStateDeleteTcb == MIB_TCP_STATE_DELETE_TCB, "");

// A table buffer. std::vector<unsigned char> storage comes from operator new,
// which aligns it for any fundamental type, as the MIB structs need.
using TableBuffer = std::vector<unsigned char>;

// Reads one table with `fetch(buffer, &size)` (a GetExtended*Table call).
// Returns true when read, false when `family` has no table here (no IPv6).
template <typename Fetch>
absl::StatusOr<bool> ReadTable(Fetch fetch, absl::string_view what,
                               ULONG family, TableBuffer* buffer) {
  constexpr int kMaxAttempts = 8;
  ULONG size = static_cast<ULONG>(buffer->size());
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    DWORD error = fetch(buffer->empty() ? nullptr : buffer->data(), &size);
    if (error == NO_ERROR) return true;
    if (error == ERROR_NOT_SUPPORTED && family == AF_INET6) return false;
    if (error != ERROR_INSUFFICIENT_BUFFER) return Win32Status(error, what);
    // `size` is what the table needs now; leave room for it to grow.
    buffer->resize(static_cast<size_t>(size) + size / 4 + 4096);
    size = static_cast<ULONG>(buffer->size());
  }
  return absl::UnavailableError(
      absl::StrCat(what, ": the table kept growing; gave up after ",
                   kMaxAttempts, " attempts (ERROR_INSUFFICIENT_BUFFER)"));
}

// Copies the low 16 bits of a MIB port field as they lie in memory.
void CopyPort(DWORD port, std::array<uint8_t, 2>* out) {
  uint16_t network_order = static_cast<uint16_t>(port);
  std::memcpy(out->data(), &network_order, 2);
}

// Calls `visit(row)` for each row of a table read into `buffer`, never past
// the bytes the call filled.
template <typename Table, typename Row, typename Visit>
void ForEachRow(const TableBuffer& buffer, Visit visit) {
  const auto* table = reinterpret_cast<const Table*>(buffer.data());
  size_t header = offsetof(Table, table);
  size_t fits =
      buffer.size() < header ? 0 : (buffer.size() - header) / sizeof(Row);
  size_t count = std::min<size_t>(table->dwNumEntries, fits);
  const Row* rows = table->table;
  for (size_t i = 0; i < count; ++i) visit(rows[i]);
}

MibSocketRow Tcp4Row(const MIB_TCPROW_OWNER_PID& r) {
  MibSocketRow row;
  row.protocol = Protocol::kTcp;
  row.family = AddressFamily::kIpv4;
  std::memcpy(row.local_address.data(), &r.dwLocalAddr, 4);
  std::memcpy(row.remote_address.data(), &r.dwRemoteAddr, 4);
  CopyPort(r.dwLocalPort, &row.local_port);
  CopyPort(r.dwRemotePort, &row.remote_port);
  row.state = r.dwState;
  row.owning_pid = r.dwOwningPid;
  return row;
}

MibSocketRow Tcp6Row(const MIB_TCP6ROW_OWNER_PID& r) {
  MibSocketRow row;
  row.protocol = Protocol::kTcp;
  row.family = AddressFamily::kIpv6;
  std::memcpy(row.local_address.data(), r.ucLocalAddr, 16);
  std::memcpy(row.remote_address.data(), r.ucRemoteAddr, 16);
  CopyPort(r.dwLocalPort, &row.local_port);
  CopyPort(r.dwRemotePort, &row.remote_port);
  row.state = r.dwState;
  row.owning_pid = r.dwOwningPid;
  return row;
}

MibSocketRow Udp4Row(const MIB_UDPROW_OWNER_PID& r) {
  MibSocketRow row;
  row.protocol = Protocol::kUdp;
  row.family = AddressFamily::kIpv4;
  std::memcpy(row.local_address.data(), &r.dwLocalAddr, 4);
  CopyPort(r.dwLocalPort, &row.local_port);
  row.owning_pid = r.dwOwningPid;
  return row;
}

MibSocketRow Udp6Row(const MIB_UDP6ROW_OWNER_PID& r) {
  MibSocketRow row;
  row.protocol = Protocol::kUdp;
  row.family = AddressFamily::kIpv6;
  std::memcpy(row.local_address.data(), r.ucLocalAddr, 16);
  CopyPort(r.dwLocalPort, &row.local_port);
  row.owning_pid = r.dwOwningPid;
  return row;
}

}  // namespace

absl::StatusOr<std::vector<Socket>> IpHelperPortProber::ListSockets(
    const SocketQuery& query) {
  std::vector<Socket> sockets;
  auto keep = [&](const MibSocketRow& row) {
    Socket socket = SocketFromMibRow(row, query.with_owners);
    if (SocketMatches(query, socket)) sockets.push_back(std::move(socket));
  };
  for (ULONG family : {ULONG{AF_INET}, ULONG{AF_INET6}}) {
    bool v4 = family == AF_INET;
    if (v4 ? !query.ipv4 : !query.ipv6) continue;
    const char* family_name = v4 ? "AF_INET" : "AF_INET6";
    TableBuffer buffer;
    if (query.tcp) {
      PM_ASSIGN_OR_RETURN(
          bool read, ReadTable(
                         [family](void* data, ULONG* size) {
                           return GetExtendedTcpTable(data, size, FALSE, family,
                                                      TCP_TABLE_OWNER_PID_ALL,
                                                      0);
                         },
                         absl::StrCat("GetExtendedTcpTable(", family_name,
                                      ", TCP_TABLE_OWNER_PID_ALL)"),
                         family, &buffer));
      if (read && v4) {
        ForEachRow<MIB_TCPTABLE_OWNER_PID, MIB_TCPROW_OWNER_PID>(
            buffer, [&](const auto& r) { keep(Tcp4Row(r)); });
      } else if (read) {
        ForEachRow<MIB_TCP6TABLE_OWNER_PID, MIB_TCP6ROW_OWNER_PID>(
            buffer, [&](const auto& r) { keep(Tcp6Row(r)); });
      }
    }
    if (query.udp) {
      PM_ASSIGN_OR_RETURN(
          bool read, ReadTable(
                         [family](void* data, ULONG* size) {
                           return GetExtendedUdpTable(data, size, FALSE, family,
                                                      UDP_TABLE_OWNER_PID, 0);
                         },
                         absl::StrCat("GetExtendedUdpTable(", family_name,
                                      ", UDP_TABLE_OWNER_PID)"),
                         family, &buffer));
      if (read && v4) {
        ForEachRow<MIB_UDPTABLE_OWNER_PID, MIB_UDPROW_OWNER_PID>(
            buffer, [&](const auto& r) { keep(Udp4Row(r)); });
      } else if (read) {
        ForEachRow<MIB_UDP6TABLE_OWNER_PID, MIB_UDP6ROW_OWNER_PID>(
            buffer, [&](const auto& r) { keep(Udp6Row(r)); });
      }
    }
  }
  return sockets;
}

absl::StatusOr<BindOutcome> IpHelperPortProber::ProbeBind(
    Protocol protocol, const Endpoint& local) {
  return win::ProbeBind(protocol, local);
}

absl::StatusOr<std::unique_ptr<PortReservation>> IpHelperPortProber::Reserve(
    Protocol protocol, const Endpoint& local) {
  return win::Reserve(protocol, local);
}

}  // namespace pm::win
