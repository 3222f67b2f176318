// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Socket records as discovered from the OS socket table, and the query that
// selects them (protocol, family, state, local port and address).

#ifndef PM_CORE_SOCKET_H_
#define PM_CORE_SOCKET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/ip_address.h"
#include "core/process.h"

namespace pm {

enum class Protocol { kTcp, kUdp };

// "tcp" or "udp".
absl::string_view ProtocolName(Protocol protocol);

// The state of a socket. TCP states follow RFC 793 (numbered as Linux numbers
// them in include/net/tcp_states.h, so a backend can cast). UDP sockets are
// kUnconnected (bound, receiving from anyone: what `ss` prints as UNCONN) or
// kEstablished (connect()ed to one peer).
enum class SocketState : uint8_t {
  kUnknown = 0,
  kEstablished = 1,
  kSynSent = 2,
  kSynRecv = 3,
  kFinWait1 = 4,
  kFinWait2 = 5,
  kTimeWait = 6,
  kClose = 7,
  kCloseWait = 8,
  kLastAck = 9,
  kListen = 10,
  kClosing = 11,
  kNewSynRecv = 12,
  kUnconnected = 13,  // UDP only.
};

// "LISTEN", "ESTABLISHED", "TIME_WAIT", "UNCONN", ... (the names `ss` and
// netstat use).
absl::string_view SocketStateName(SocketState state);

// True for a TCP socket in LISTEN and a UDP socket that is bound but not
// connected: the sockets that "hold" a port for a server.
bool IsListeningState(Protocol protocol, SocketState state);

// Whether a socket's owning processes could be determined.
enum class OwnerVisibility : uint8_t {
  // Owners were not asked for (SocketQuery::with_owners was false).
  kNotResolved,
  // `owners` lists every process holding the socket that this caller can see.
  kVisible,
  // A process holds the socket but the caller cannot see which (another user's
  // process without privileges, another PID namespace). `owners` may list the
  // ones
  // that are visible. Never to be read as "free" or "unowned".
  kNotVisible,
  // No process holds the socket (TIME_WAIT, an orphaned FIN_WAIT2 after close).
  kNoOwner,
};

// "visible", "not visible", "no owner", "not resolved".
absl::string_view OwnerVisibilityName(OwnerVisibility visibility);

// One socket of the OS socket table. A value type; fields a backend cannot know
// are left at their defaults (uid nullopt, inode 0).
struct Socket {
  Protocol protocol = Protocol::kTcp;
  Endpoint local;
  Endpoint remote;  // Port 0 and an unspecified address when not connected.
  SocketState state = SocketState::kUnknown;
  std::optional<Uid>
      uid;             // The socket's owning user, where the OS reports one.
  uint64_t inode = 0;  // Linux socket inode / an OS handle id; 0 if unknown.
  std::vector<Pid> owners;  // Sorted ascending, no duplicates.
  OwnerVisibility owner_visibility = OwnerVisibility::kNotResolved;
  // True when `owners` came from an OwnerSearch::kFirst search that stopped
  // before every process was looked at: other processes may hold the socket
  // too. Always false for OwnerSearch::kAll.
  bool owners_partial = false;

  AddressFamily family() const { return local.address.family(); }
  bool listening() const { return IsListeningState(protocol, state); }
};

// A set of socket states, as a bit mask over SocketState values.
class SocketStateSet {
 public:
  // The set of every state.
  static SocketStateSet All() { return SocketStateSet(~uint32_t{0}); }
  static SocketStateSet None() { return SocketStateSet(0); }
  // LISTEN for TCP and UNCONN for UDP.
  static SocketStateSet Listening();
  static SocketStateSet Of(std::initializer_list<SocketState> states);

  SocketStateSet& Add(SocketState s) {
    bits_ |= Bit(s);
    return *this;
  }
  bool Contains(SocketState s) const { return (bits_ & Bit(s)) != 0; }
  bool IsAll() const { return bits_ == ~uint32_t{0}; }
  uint32_t bits() const { return bits_; }

  friend bool operator==(SocketStateSet a, SocketStateSet b) {
    return a.bits_ == b.bits_;
  }

 private:
  explicit SocketStateSet(uint32_t bits) : bits_(bits) {}
  static uint32_t Bit(SocketState s) {
    return uint32_t{1} << static_cast<uint32_t>(s);
  }
  uint32_t bits_;
};

// How hard to look for the owners of each socket (SocketQuery::owner_search).
enum class OwnerSearch : uint8_t {
  // Every process holding the socket: on Linux a scan of every process's open
  // files. owner_visibility and owners are exact.
  kAll,
  // The first owner found of each socket, as fast as the backend can (the
  // Linux one tries the processes that last held it, then the processes of the
  // socket's uid, newest first, and stops when every socket has one).
  // Socket::owners_partial marks a socket whose other owners were not looked
  // for. kNoOwner and kNotVisible stay exact: they are only reported after
  // every process was looked at. For kill/free loops and readiness waits,
  // which need one holder, not the list. Backends that cannot stop early
  // answer as for kAll.
  kFirst,
};

// Selects sockets. Every field narrows the result; the default selects every
// TCP and UDP socket, v4 and v6, in every state, without owners.
struct SocketQuery {
  bool tcp = true;
  bool udp = true;
  bool ipv4 = true;
  bool ipv6 = true;
  SocketStateSet states = SocketStateSet::All();
  std::optional<uint16_t> local_port;      // Exact match.
  std::optional<IpAddress> local_address;  // Exact match (v4-mapped compared
                                           // with the IPv4 form).
  // Fill Socket::owners and Socket::owner_visibility (costs a scan of the
  // process table's open files on some OSes).
  bool with_owners = false;
  // With with_owners: every owner (kAll) or the first found (kFirst).
  OwnerSearch owner_search = OwnerSearch::kAll;
};

// True if `socket` passes every filter of `query` (owners are not looked at).
// The one definition of the filters: backends that cannot filter in the kernel
// use it.
bool SocketMatches(const SocketQuery& query, const Socket& socket);

}  // namespace pm

#endif  // PM_CORE_SOCKET_H_
