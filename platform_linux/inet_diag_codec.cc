// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// inet_diag request encoding and reply decoding (see inet_diag_codec.h).

#include "platform_linux/inet_diag_codec.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "platform_posix/errno_status.h"

namespace pm::procfs {
namespace {

// Kernel socket states (include/net/tcp_states.h); UDP reuses TCP_ESTABLISHED
// for a connect()ed socket and TCP_CLOSE for an unconnected one.
constexpr uint8_t kKernelEstablished = 1;
constexpr uint8_t kKernelClose = 7;
constexpr uint8_t kKernelMaxTcpState = 12;  // TCP_NEW_SYN_RECV

// Reads a T at `offset` (bounds checked by the caller; need not be aligned).
template <typename T>
T Load(absl::Span<const uint8_t> bytes, size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

template <typename T>
void Append(const T& value, std::vector<uint8_t>* out) {
  const auto* p = reinterpret_cast<const uint8_t*>(&value);
  out->insert(out->end(), p, p + sizeof(T));
}

std::string What(const DumpRequest& request) {
  return absl::StrCat("sock_diag dump ", DumpName(request));
}

bool IsCompat(const DumpRequest& request) {
  return request.format == DumpFormat::kTcpBothFamilies;
}

// The nlmsg_type of the request and of its replies' sockets (the kernel's
// fills copy cb->nlh->nlmsg_type).
uint16_t MessageType(const DumpRequest& request) {
  return IsCompat(request) ? TCPDIAG_GETSOCK : SOCK_DIAG_BY_FAMILY;
}

// The status for a dump the kernel answered with `error_number`.
absl::Status DumpError(const DumpRequest& request, int error_number) {
  absl::Status status = posix::ErrnoToStatus(error_number, What(request));
  const bool compat_refused = IsCompat(request) && (error_number == EINVAL ||
                                                    error_number == EOPNOTSUPP);
  if (!compat_refused && error_number != ENOENT && error_number != EOPNOTSUPP) {
    return status;
  }
  // Why: sock_diag_rcv_msg() answers EOPNOTSUPP without a compat handler and
  // EINVAL for a type it does not know (the caller then asks per family);
  // inet_diag answers ENOENT without a handler for the protocol (module not
  // built or not loadable: the caller falls back to /proc/net).
  // https://elixir.bootlin.com/linux/v6.18/source/net/core/sock_diag.c
  return absl::UnimplementedError(absl::StrCat(
      status.message(), compat_refused
                            ? ": the kernel does not take TCPDIAG_GETSOCK dumps"
                        : request.protocol == Protocol::kTcp
                            ? ": the kernel has no tcp_diag support"
                            : ": the kernel has no udp_diag support"));
}

// The address in an inet_diag_sockid field: its first 4 or all 16 bytes.
IpAddress DiagAddress(bool v4, const uint32_t (&words)[4]) {
  std::array<uint8_t, 16> b;
  std::memcpy(b.data(), words, b.size());
  return v4 ? IpAddress::V4({b[0], b[1], b[2], b[3]}) : IpAddress::V6(b);
}

// Turns a netlink error field (-errno) into an errno value.
int ErrnoFromNetlink(int32_t error) {
  if (error == std::numeric_limits<int32_t>::min()) return EIO;
  return error < 0 ? -error : error;
}

}  // namespace

std::string DiagTableName(Protocol protocol, AddressFamily family) {
  return absl::StrCat(ProtocolName(protocol),
                      family == AddressFamily::kIpv6 ? "6" : "");
}

std::string DumpName(const DumpRequest& request) {
  if (IsCompat(request)) return "tcp+tcp6";
  return DiagTableName(request.protocol, request.family);
}

uint32_t KernelStateMask(Protocol protocol, SocketStateSet states) {
  uint32_t mask = 0;
  if (protocol == Protocol::kTcp) {
    for (uint8_t k = 1; k <= kKernelMaxTcpState; ++k) {
      if (states.Contains(static_cast<SocketState>(k))) mask |= 1u << k;
    }
    return mask;
  }
  if (states.Contains(SocketState::kUnconnected)) mask |= 1u << kKernelClose;
  if (states.Contains(SocketState::kEstablished))
    mask |= 1u << kKernelEstablished;
  return mask;
}

SocketState SocketStateFromKernel(Protocol protocol, uint8_t kernel_state) {
  if (protocol == Protocol::kUdp) {
    if (kernel_state == kKernelClose) return SocketState::kUnconnected;
    if (kernel_state == kKernelEstablished) return SocketState::kEstablished;
    return SocketState::kUnknown;
  }
  if (kernel_state >= 1 && kernel_state <= kKernelMaxTcpState) {
    return static_cast<SocketState>(kernel_state);
  }
  return SocketState::kUnknown;
}

std::vector<uint8_t> SourcePortBytecode(uint16_t port) {
  // A port comparison is two ops: the test, then one whose `no` holds the port
  // in host order (inet_diag_bc_run reads op[1].no).
  constexpr unsigned kCompare = 2 * sizeof(inet_diag_bc_op);  // 8
  constexpr unsigned kProgram = 2 * kCompare;                 // 16
  // Why: inet_diag_bc_run accepts a socket when the remaining length reaches
  // exactly 0; a failed test jumps `no` = remaining + 4 (the most
  // inet_diag_bc_audit allows) past the end, which rejects; as `ss sport = :N`.
  const inet_diag_bc_op program[4] = {
      {INET_DIAG_BC_S_GE, kCompare, kProgram + 4},
      {0, 0, port},
      {INET_DIAG_BC_S_LE, kCompare, kCompare + 4},
      {0, 0, port},
  };
  static_assert(sizeof(program) == kProgram, "inet_diag_bc_op is 4 bytes");
  std::vector<uint8_t> bytes;
  Append(program, &bytes);
  return bytes;
}

std::vector<uint8_t> BuildDumpRequest(const DumpRequest& request) {
  std::vector<uint8_t> bytecode;
  inet_diag_sockid id{};
  if (request.local_port) {
    bytecode = SourcePortBytecode(*request.local_port);
    // Why: the kernel compares id.idiag_sport with each socket's port before
    // it runs the bytecode (tcp_diag_dump() on listeners and the established
    // hash, udp_dump()): a socket on another port costs one compare.
    // https://elixir.bootlin.com/linux/v6.18/source/net/ipv4/tcp_diag.c
    id.idiag_sport = htons(*request.local_port);
  }
  const size_t attr_len = bytecode.empty() ? 0 : NLA_HDRLEN + bytecode.size();
  static_assert(sizeof(nlmsghdr) == NLMSG_HDRLEN &&
                    sizeof(inet_diag_req) % NLMSG_ALIGNTO == 0 &&
                    sizeof(inet_diag_req_v2) % NLMSG_ALIGNTO == 0,
                "no padding between header, request and attribute");

  nlmsghdr header{};
  header.nlmsg_len = static_cast<uint32_t>(
      NLMSG_HDRLEN +
      (IsCompat(request) ? sizeof(inet_diag_req) : sizeof(inet_diag_req_v2)) +
      NLA_ALIGN(attr_len));
  header.nlmsg_type = MessageType(request);
  header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  header.nlmsg_seq = request.seq;  // nlmsg_pid 0: to the kernel.
  std::vector<uint8_t> bytes;
  bytes.reserve(header.nlmsg_len);
  Append(header, &bytes);
  if (IsCompat(request)) {
    // Why: inet_diag_dump_compat() dumps a TCPDIAG_GETSOCK request as
    // sdiag_family AF_UNSPEC: one walk of the tables returns IPv4 and IPv6.
    // https://elixir.bootlin.com/linux/v6.18/source/net/ipv4/inet_diag.c
    inet_diag_req req{};  // idiag_family AF_UNSPEC (0); the kernel ignores it.
    req.id = id;
    req.idiag_states = request.kernel_states;
    Append(req, &bytes);
  } else {
    inet_diag_req_v2 req{};
    req.sdiag_family =
        request.family == AddressFamily::kIpv6 ? AF_INET6 : AF_INET;
    req.sdiag_protocol =
        request.protocol == Protocol::kTcp ? IPPROTO_TCP : IPPROTO_UDP;
    req.idiag_states = request.kernel_states;
    req.id = id;
    Append(req, &bytes);
  }
  if (!bytecode.empty()) {
    nlattr attr{};
    attr.nla_len = static_cast<uint16_t>(attr_len);
    attr.nla_type = INET_DIAG_REQ_BYTECODE;
    Append(attr, &bytes);
    bytes.insert(bytes.end(), bytecode.begin(), bytecode.end());
  }
  return bytes;
}

absl::StatusOr<Socket> DecodeInetDiagMsg(Protocol protocol,
                                         absl::Span<const uint8_t> payload) {
  if (payload.size() < sizeof(inet_diag_msg)) {
    return absl::InvalidArgumentError(
        absl::StrCat("inet_diag_msg of ", payload.size(), " bytes, expected ",
                     sizeof(inet_diag_msg)));
  }
  const auto msg = Load<inet_diag_msg>(payload, 0);
  Socket socket;
  socket.protocol = protocol;
  if (msg.idiag_family != AF_INET && msg.idiag_family != AF_INET6) {
    return absl::InvalidArgumentError(
        absl::StrCat("inet_diag_msg of address family ", msg.idiag_family,
                     ", expected AF_INET or AF_INET6"));
  }
  const bool v4 = msg.idiag_family == AF_INET;
  socket.local.address = DiagAddress(v4, msg.id.idiag_src);
  socket.remote.address = DiagAddress(v4, msg.id.idiag_dst);
  socket.local.port = ntohs(msg.id.idiag_sport);
  socket.remote.port = ntohs(msg.id.idiag_dport);
  socket.state = SocketStateFromKernel(protocol, msg.idiag_state);
  socket.uid = msg.idiag_uid;
  socket.inode = msg.idiag_inode;
  return socket;
}

absl::StatusOr<bool> ParseDumpReply(const DumpRequest& request,
                                    absl::Span<const uint8_t> datagram,
                                    std::vector<Socket>* sockets,
                                    int* kernel_errno) {
  if (kernel_errno != nullptr) *kernel_errno = 0;
  auto kernel_error = [&request, kernel_errno](int32_t error) {
    const int error_number = ErrnoFromNetlink(error);
    if (kernel_errno != nullptr) *kernel_errno = error_number;
    return DumpError(request, error_number);
  };
  const uint16_t socket_type = MessageType(request);
  size_t offset = 0;
  while (offset < datagram.size()) {
    const size_t left = datagram.size() - offset;
    if (left < sizeof(nlmsghdr)) {
      return absl::InvalidArgumentError(
          absl::StrCat(What(request), ": ", left,
                       " trailing bytes, shorter than a netlink header"));
    }
    const auto header = Load<nlmsghdr>(datagram, offset);
    if (header.nlmsg_len < NLMSG_HDRLEN || header.nlmsg_len > left) {
      return absl::InvalidArgumentError(
          absl::StrCat(What(request), ": netlink message of length ",
                       header.nlmsg_len, " at offset ", offset,
                       " does not fit the ", datagram.size(), "-byte reply"));
    }
    const absl::Span<const uint8_t> payload = datagram.subspan(
        offset + NLMSG_HDRLEN, header.nlmsg_len - NLMSG_HDRLEN);
    offset += NLMSG_ALIGN(header.nlmsg_len);
    // Why: replies left over from a dump abandoned earlier are not ours.
    if (header.nlmsg_seq != request.seq) continue;

    switch (header.nlmsg_type) {
      case NLMSG_DONE: {  // -errno here when a running dump failed.
        const int32_t error =
            payload.size() < sizeof(int32_t) ? 0 : Load<int32_t>(payload, 0);
        if (error < 0) return kernel_error(error);
        return true;
      }
      case NLMSG_ERROR: {
        if (payload.size() < sizeof(int32_t)) {
          return absl::InvalidArgumentError(absl::StrCat(
              What(request), ": NLMSG_ERROR without an error code"));
        }
        const auto error = Load<int32_t>(payload, 0);
        if (error == 0) return true;  // An ack ends the exchange.
        return kernel_error(error);
      }
      default: {
        // NLMSG_NOOP, and anything but the request's type: nothing to decode.
        if (header.nlmsg_type != socket_type) break;
        absl::StatusOr<Socket> socket =
            DecodeInetDiagMsg(request.protocol, payload);
        if (!socket.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat(What(request), ": ", socket.status().message()));
        }
        sockets->push_back(*std::move(socket));
        break;
      }
    }
  }
  return false;
}

}  // namespace pm::procfs
