// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Names of socket states and the one definition of SocketQuery's filters.

#include "core/socket.h"

namespace pm {

absl::string_view ProtocolName(Protocol protocol) {
  return protocol == Protocol::kTcp ? "tcp" : "udp";
}

absl::string_view SocketStateName(SocketState state) {
  switch (state) {
    case SocketState::kEstablished:
      return "ESTABLISHED";
    case SocketState::kSynSent:
      return "SYN_SENT";
    case SocketState::kSynRecv:
      return "SYN_RECV";
    case SocketState::kFinWait1:
      return "FIN_WAIT1";
    case SocketState::kFinWait2:
      return "FIN_WAIT2";
    case SocketState::kTimeWait:
      return "TIME_WAIT";
    case SocketState::kClose:
      return "CLOSE";
    case SocketState::kCloseWait:
      return "CLOSE_WAIT";
    case SocketState::kLastAck:
      return "LAST_ACK";
    case SocketState::kListen:
      return "LISTEN";
    case SocketState::kClosing:
      return "CLOSING";
    case SocketState::kNewSynRecv:
      return "NEW_SYN_RECV";
    case SocketState::kUnconnected:
      return "UNCONN";
    case SocketState::kUnknown:
      break;
  }
  return "UNKNOWN";
}

bool IsListeningState(Protocol protocol, SocketState state) {
  return protocol == Protocol::kTcp ? state == SocketState::kListen
                                    : state == SocketState::kUnconnected;
}

absl::string_view OwnerVisibilityName(OwnerVisibility visibility) {
  switch (visibility) {
    case OwnerVisibility::kVisible:
      return "visible";
    case OwnerVisibility::kNotVisible:
      return "not visible";
    case OwnerVisibility::kNoOwner:
      return "no owner";
    case OwnerVisibility::kNotResolved:
      break;
  }
  return "not resolved";
}

SocketStateSet SocketStateSet::Listening() {
  return Of({SocketState::kListen, SocketState::kUnconnected});
}

SocketStateSet SocketStateSet::Of(std::initializer_list<SocketState> states) {
  SocketStateSet set = None();
  for (SocketState s : states) set.Add(s);
  return set;
}

bool SocketMatches(const SocketQuery& query, const Socket& socket) {
  if (socket.protocol == Protocol::kTcp ? !query.tcp : !query.udp) return false;
  if (socket.family() == AddressFamily::kIpv4 ? !query.ipv4 : !query.ipv6) {
    return false;
  }
  if (!query.states.Contains(socket.state)) return false;
  if (query.local_port && socket.local.port != *query.local_port) return false;
  if (query.local_address &&
      socket.local.address.Unmapped() != query.local_address->Unmapped()) {
    return false;
  }
  return true;
}

}  // namespace pm
