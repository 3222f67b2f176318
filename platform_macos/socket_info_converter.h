// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Turns the fields of a libproc socket_info (<sys/proc_info.h>) into a
// pm::Socket.

#ifndef PM_PLATFORM_MACOS_SOCKET_INFO_CONVERTER_H_
#define PM_PLATFORM_MACOS_SOCKET_INFO_CONVERTER_H_

#include <array>
#include <cstdint>

#include "absl/status/statusor.h"
#include "core/ip_address.h"
#include "core/socket.h"

namespace pm::macos {

// The values of <sys/proc_info.h> this converter reads, copied so that it
// builds and is tested on every OS. libproc_port_prober.cc static_asserts that
// they equal the SDK's.
inline constexpr int kSockinfoIn =
    1;  // SOCKINFO_IN: in_sockinfo (UDP, raw IP).
inline constexpr int kSockinfoTcp = 2;    // SOCKINFO_TCP: tcp_sockinfo.
inline constexpr uint8_t kIniIpv4 = 0x1;  // INI_IPV4 in insi_vflag.
inline constexpr uint8_t kIniIpv6 = 0x2;  // INI_IPV6 in insi_vflag.
inline constexpr int kIpprotoUdp = 17;    // IPPROTO_UDP.

// The TSI_S_* values of tcpsi_state (the BSD TCPS_* numbering).
inline constexpr int kTsiClosed = 0;
inline constexpr int kTsiListen = 1;
inline constexpr int kTsiSynSent = 2;
inline constexpr int kTsiSynReceived = 3;
inline constexpr int kTsiEstablished = 4;
inline constexpr int kTsiCloseWait = 5;
inline constexpr int kTsiFinWait1 = 6;
inline constexpr int kTsiClosing = 7;
inline constexpr int kTsiLastAck = 8;
inline constexpr int kTsiFinWait2 = 9;
inline constexpr int kTsiTimeWait = 10;

// What the I/O shim copies out of one struct socket_info (proc_pidfdinfo with
// PROC_PIDFDSOCKETINFO, field socket_fdinfo.psi), byte for byte, so that every
// byte-order decision is made here and tested:
//  * addresses are the 16 bytes of the insi_laddr / insi_faddr union. For an
//  IPv4
//    socket (insi_vflag INI_IPV4 only) the address is in the last 4 bytes
//    (in4in6_addr.i46a_addr4), in network order; for IPv6 all 16 bytes.
//  * ports are insi_lport / insi_fport. The kernel stores the in_pcb's u_short
//    port, which is in network byte order, in an int; the shim copies the two
//    bytes of (uint16_t)insi_lport as they lie in memory, so {0x1F, 0x90} is
//    8080 on every host.
struct RawInetSocket {
  AddressFamily family = AddressFamily::kIpv4;  // From soi_family.
  int kind = 0;                                 // soi_kind.
  int protocol = 0;                             // soi_protocol.
  uint8_t vflag = 0;                            // insi_vflag.
  std::array<uint8_t, 16> local_address{};
  std::array<uint8_t, 2> local_port{};
  std::array<uint8_t, 16> remote_address{};
  std::array<uint8_t, 2> remote_port{};
  int tcp_state = kTsiClosed;  // tcpsi_state; read only when kind is TCP.
  uint32_t uid = 0;            // soi_stat.vst_uid: the socket's owner.
  uint64_t pcb = 0;            // soi_pcb: the protocol control block's handle.
};

// Maps a TSI_S_* value to pm's SocketState: LISTEN, SYN_SENT, ESTABLISHED, ...
// TSI_S_CLOSED is kClose; TSI_S_SYN_RECEIVED is kSynRecv; an unknown value is
// kUnknown (not an error). Thread-safe.
SocketState SocketStateFromTsi(int tcp_state);

// Converts one TCP (kind SOCKINFO_TCP) or UDP (kind SOCKINFO_IN with protocol
// IPPROTO_UDP) socket. Sets protocol, local, remote, state, uid and inode (the
// pcb handle); owners are left empty and owner_visibility kNotResolved.
//
// Addresses: an AF_INET socket gives an IPv4 address from the last 4 bytes. An
// AF_INET6 socket gives the 16-byte IPv6 address, except when insi_vflag has
// INI_IPV4 without INI_IPV6 (an IPv6 socket bound or connected to a v4-mapped
// address, which the kernel stores in IPv4 form): then ::ffff:a.b.c.d, the form
// Linux prints for the same socket. A dual-stack [::] listener has both flags
// and is reported as [::]. UDP state: kUnconnected when the remote port is 0,
// else kEstablished.
//
// Returns InvalidArgument for any other kind (unix, raw IP, kernel control) or
// a SOCKINFO_IN socket that is not UDP; the shim skips those. Thread-safe.
//
// Example:
//   RawInetSocket raw;
//   raw.kind = kSockinfoTcp;
//   raw.vflag = kIniIpv4;
//   raw.local_address[12] = 127; raw.local_address[15] = 1;
//   raw.local_port = {0x1F, 0x90};
//   raw.tcp_state = kTsiListen;
//   SocketFromRawInet(raw)->local.ToString();  // "127.0.0.1:8080"
absl::StatusOr<Socket> SocketFromRawInet(const RawInetSocket& raw);

}  // namespace pm::macos

#endif  // PM_PLATFORM_MACOS_SOCKET_INFO_CONVERTER_H_
