// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// SocketFromMibRow: IP Helper table rows to pm::Socket, no system calls.

#include "platform_windows/mib_row_converter.h"

namespace pm::win {
namespace {

uint16_t PortFromNetworkBytes(const std::array<uint8_t, 2>& bytes) {
  return static_cast<uint16_t>(bytes[0] << 8 | bytes[1]);
}

IpAddress AddressFromRow(AddressFamily family,
                         const std::array<uint8_t, 16>& bytes) {
  if (family == AddressFamily::kIpv4) {
    return IpAddress::V4({bytes[0], bytes[1], bytes[2], bytes[3]});
  }
  return IpAddress::V6(bytes);
}

}  // namespace

SocketState SocketStateFromMibTcpState(uint32_t state) {
  switch (state) {
    case kMibTcpStateClosed:
    case kMibTcpStateDeleteTcb:
      return SocketState::kClose;
    case kMibTcpStateListen:
      return SocketState::kListen;
    case kMibTcpStateSynSent:
      return SocketState::kSynSent;
    case kMibTcpStateSynRcvd:
      return SocketState::kSynRecv;
    case kMibTcpStateEstab:
      return SocketState::kEstablished;
    case kMibTcpStateFinWait1:
      return SocketState::kFinWait1;
    case kMibTcpStateFinWait2:
      return SocketState::kFinWait2;
    case kMibTcpStateCloseWait:
      return SocketState::kCloseWait;
    case kMibTcpStateClosing:
      return SocketState::kClosing;
    case kMibTcpStateLastAck:
      return SocketState::kLastAck;
    case kMibTcpStateTimeWait:
      return SocketState::kTimeWait;
    default:
      return SocketState::kUnknown;
  }
}

Socket SocketFromMibRow(const MibSocketRow& row, bool with_owners) {
  Socket socket;
  socket.protocol = row.protocol;
  socket.local.address = AddressFromRow(row.family, row.local_address);
  socket.local.port = PortFromNetworkBytes(row.local_port);
  socket.remote.address = IpAddress::Any(row.family);
  if (row.protocol == Protocol::kTcp) {
    socket.state = SocketStateFromMibTcpState(row.state);
    if (socket.state != SocketState::kListen) {
      socket.remote.address = AddressFromRow(row.family, row.remote_address);
      socket.remote.port = PortFromNetworkBytes(row.remote_port);
    }
  } else {
    socket.state = SocketState::kUnconnected;
  }
  if (!with_owners) {
    socket.owner_visibility = OwnerVisibility::kNotResolved;
  } else if (static_cast<Pid>(row.owning_pid) == kIdleProcessPid) {
    socket.owner_visibility = OwnerVisibility::kNoOwner;
  } else {
    socket.owners = {static_cast<Pid>(row.owning_pid)};
    socket.owner_visibility = OwnerVisibility::kVisible;
  }
  return socket;
}

}  // namespace pm::win
