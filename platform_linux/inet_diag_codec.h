// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Pure encode/decode of NETLINK_SOCK_DIAG inet_diag messages: dump requests
// (per family, or TCP of both families in one TCPDIAG_GETSOCK dump; with a
// source-port filter) out, netlink reply buffers in. No I/O.

#ifndef PM_PLATFORM_LINUX_INET_DIAG_CODEC_H_
#define PM_PLATFORM_LINUX_INET_DIAG_CODEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/ip_address.h"
#include "core/socket.h"

namespace pm::procfs {

// How a dump is asked for.
enum class DumpFormat : uint8_t {
  // nlmsg_type SOCK_DIAG_BY_FAMILY with struct inet_diag_req_v2: one protocol,
  // one address family. Replies carry SOCK_DIAG_BY_FAMILY.
  kByFamily,
  // nlmsg_type TCPDIAG_GETSOCK with the older struct inet_diag_req: TCP only,
  // IPv4 and IPv6 sockets in ONE walk of the kernel's tables (the kernel's
  // inet_diag_dump_compat() asks for AF_UNSPEC). Replies carry
  // TCPDIAG_GETSOCK. Honours idiag_states, id.idiag_sport and the bytecode
  // exactly as kByFamily does. `protocol` must be kTcp; `family` is ignored.
  kTcpBothFamilies,
};

// One inet_diag dump: which kernel table, which states, which local port,
// under which netlink sequence number.
//
// Example:
//   DumpRequest r{Protocol::kTcp, AddressFamily::kIpv6,
//                 KernelStateMask(Protocol::kTcp, SocketStateSet::Listening()),
//                 uint16_t{8080}, /*seq=*/7};
//   std::vector<uint8_t> bytes = BuildDumpRequest(r);  // ready for sendto()
//   // TCP of both families on port 8080, in one dump:
//   DumpRequest both{Protocol::kTcp, AddressFamily::kIpv4, r.kernel_states,
//                    uint16_t{8080}, /*seq=*/8, DumpFormat::kTcpBothFamilies};
struct DumpRequest {
  Protocol protocol = Protocol::kTcp;
  AddressFamily family = AddressFamily::kIpv4;
  uint32_t kernel_states = 0;  // idiag_states: bit (1 << kernel state).
  // Filtered in the kernel twice: by id.idiag_sport, which the kernel
  // compares first for each socket, and by a bytecode port test, which also
  // keeps port 0 exact (idiag_sport 0 means "any port").
  std::optional<uint16_t> local_port;
  uint32_t seq = 0;  // nlmsg_seq; replies must carry it.
  DumpFormat format = DumpFormat::kByFamily;
};

// Returns "tcp", "tcp6", "udp" or "udp6", the name of a kernel socket table.
// Thread-safe.
std::string DiagTableName(Protocol protocol, AddressFamily family);

// Returns the name of the table(s) `request` dumps: DiagTableName() for
// kByFamily, "tcp+tcp6" for kTcpBothFamilies. Thread-safe.
std::string DumpName(const DumpRequest& request);

// Returns the idiag_states mask selecting the kernel states that `states`
// allows for `protocol`. TCP: SocketState 1..12 are the kernel TCP states
// themselves. UDP: kUnconnected is kernel TCP_CLOSE (7) and kEstablished is
// TCP_ESTABLISHED (1). 0 means no socket of `protocol` can match. Thread-safe.
uint32_t KernelStateMask(Protocol protocol, SocketStateSet states);

// Maps a kernel idiag_state to a SocketState (the inverse of KernelStateMask);
// states pm does not know become kUnknown. Thread-safe.
SocketState SocketStateFromKernel(Protocol protocol, uint8_t kernel_state);

// Returns INET_DIAG_REQ_BYTECODE that accepts exactly the sockets whose local
// (source) port is `port`: S_GE port, then S_LE port (16 bytes). Thread-safe.
std::vector<uint8_t> SourcePortBytecode(uint16_t port);

// Returns the bytes of one netlink message: nlmsghdr (NLM_F_REQUEST |
// NLM_F_DUMP; SOCK_DIAG_BY_FAMILY with struct inet_diag_req_v2, or
// TCPDIAG_GETSOCK with struct inet_diag_req and idiag_family AF_UNSPEC, per
// `request.format`), and, when `request.local_port` is set, the port in
// network order in id.idiag_sport and an INET_DIAG_REQ_BYTECODE attribute
// holding SourcePortBytecode(). Every other id field is 0 (a nonzero
// idiag_dport would make the kernel skip listeners). Thread-safe.
std::vector<uint8_t> BuildDumpRequest(const DumpRequest& request);

// Decodes the payload of one SOCK_DIAG_BY_FAMILY reply (a struct
// inet_diag_msg, possibly followed by attributes, which are ignored) into a
// Socket of `protocol` with uid and inode set, owners empty and
// owner_visibility kNotResolved. Ports and addresses are taken from network
// order; an AF_INET6 socket keeps its IPv6 (possibly v4-mapped) addresses.
// Returns InvalidArgument if the payload is shorter than inet_diag_msg or its
// family is neither AF_INET nor AF_INET6. Thread-safe.
absl::StatusOr<Socket> DecodeInetDiagMsg(Protocol protocol,
                                         absl::Span<const uint8_t> payload);

// Parses one datagram of the reply to `request` (several nlmsghdr's), appending
// each decoded socket to `*sockets`. Messages whose nlmsg_seq is not
// `request.seq` (left over from an earlier dump), and messages of a type other
// than the request's, are skipped. Returns true when the datagram ends the
// dump (NLMSG_DONE, or an NLMSG_ERROR ack of 0).
// Errors, each naming "sock_diag dump <DumpName>":
//   * NLMSG_ERROR or NLMSG_DONE carrying -errno: the errno's status (see
//     pm::posix::ErrnoToStatus), except that ENOENT and EOPNOTSUPP, which mean
//     the kernel lacks the protocol's diag module (udp_diag, tcp_diag), become
//     Unimplemented naming the module, and that for kTcpBothFamilies EINVAL
//     and EOPNOTSUPP (a kernel that does not take TCPDIAG_GETSOCK) become
//     Unimplemented too. When `kernel_errno` is not null it receives that
//     errno (and 0 otherwise): the dump has then ended in the kernel;
//   * a message that overruns the buffer, or a reply too short to decode:
//     InvalidArgument.
// Thread-safe.
absl::StatusOr<bool> ParseDumpReply(const DumpRequest& request,
                                    absl::Span<const uint8_t> datagram,
                                    std::vector<Socket>* sockets,
                                    int* kernel_errno = nullptr);

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_INET_DIAG_CODEC_H_
