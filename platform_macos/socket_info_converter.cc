// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// SocketFromRawInet: libproc socket_info fields to pm::Socket, no system calls.

#include "platform_macos/socket_info_converter.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace pm::macos {
namespace {

uint16_t PortFromNetworkBytes(const std::array<uint8_t, 2>& bytes) {
  return static_cast<uint16_t>(bytes[0] << 8 | bytes[1]);
}

IpAddress LastFourBytesAsV4(const std::array<uint8_t, 16>& bytes) {
  return IpAddress::V4({bytes[12], bytes[13], bytes[14], bytes[15]});
}

IpAddress AddressFromRaw(const RawInetSocket& raw,
                         const std::array<uint8_t, 16>& bytes) {
  if (raw.family == AddressFamily::kIpv4) return LastFourBytesAsV4(bytes);
  bool v4_only = (raw.vflag & kIniIpv4) != 0 && (raw.vflag & kIniIpv6) == 0;
  if (!v4_only) return IpAddress::V6(bytes);
  std::array<uint8_t, 16> mapped{};
  mapped[10] = 0xff;
  mapped[11] = 0xff;
  for (int i = 12; i < 16; ++i) mapped[i] = bytes[i];
  return IpAddress::V6(mapped);
}

}  // namespace

SocketState SocketStateFromTsi(int tcp_state) {
  switch (tcp_state) {
    case kTsiClosed:
      return SocketState::kClose;
    case kTsiListen:
      return SocketState::kListen;
    case kTsiSynSent:
      return SocketState::kSynSent;
    case kTsiSynReceived:
      return SocketState::kSynRecv;
    case kTsiEstablished:
      return SocketState::kEstablished;
    case kTsiCloseWait:
      return SocketState::kCloseWait;
    case kTsiFinWait1:
      return SocketState::kFinWait1;
    case kTsiClosing:
      return SocketState::kClosing;
    case kTsiLastAck:
      return SocketState::kLastAck;
    case kTsiFinWait2:
      return SocketState::kFinWait2;
    case kTsiTimeWait:
      return SocketState::kTimeWait;
    default:
      return SocketState::kUnknown;
  }
}

absl::StatusOr<Socket> SocketFromRawInet(const RawInetSocket& raw) {
  Socket socket;
  if (raw.kind == kSockinfoTcp) {
    socket.protocol = Protocol::kTcp;
  } else if (raw.kind == kSockinfoIn && raw.protocol == kIpprotoUdp) {
    socket.protocol = Protocol::kUdp;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("socket_info: soi_kind ", raw.kind, " with soi_protocol ",
                     raw.protocol, " is neither TCP nor UDP"));
  }
  socket.local.address = AddressFromRaw(raw, raw.local_address);
  socket.local.port = PortFromNetworkBytes(raw.local_port);
  socket.remote.address = AddressFromRaw(raw, raw.remote_address);
  socket.remote.port = PortFromNetworkBytes(raw.remote_port);
  if (socket.protocol == Protocol::kTcp) {
    socket.state = SocketStateFromTsi(raw.tcp_state);
  } else {
    socket.state = socket.remote.port == 0 ? SocketState::kUnconnected
                                           : SocketState::kEstablished;
  }
  socket.uid = raw.uid;
  socket.inode = raw.pcb;
  return socket;
}

}  // namespace pm::macos
