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

// Kernel socket states, as numbered in include/net/tcp_states.h (UDP reuses
// TCP_ESTABLISHED for a connect()ed socket and TCP_CLOSE for an unconnected
// one).
constexpr uint8_t kKernelEstablished = 1;
constexpr uint8_t kKernelClose = 7;
constexpr uint8_t kKernelMaxTcpState = 12;  // TCP_NEW_SYN_RECV

// Reads a T from `bytes` at `offset`; the caller checks the bounds. memcpy
// because a reply buffer need not be aligned for T.
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
  return absl::StrCat("sock_diag dump ",
                      DiagTableName(request.protocol, request.family));
}

// The status for a dump the kernel answered with `error_number`.
absl::Status DumpError(const DumpRequest& request, int error_number) {
  absl::Status status = posix::ErrnoToStatus(error_number, What(request));
  if (error_number == ENOENT || error_number == EOPNOTSUPP) {
    // Why: inet_diag answers ENOENT when no handler is registered for the
    // protocol (udp_diag/tcp_diag not built or not loadable), so the caller
    // should fall back to /proc/net rather than report "not found".
    return absl::UnimplementedError(absl::StrCat(
        status.message(), ": the kernel has no ",
        request.protocol == Protocol::kTcp ? "tcp_diag" : "udp_diag",
        " support"));
  }
  return status;
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

uint32_t KernelStateMask(Protocol protocol, SocketStateSet states) {
  uint32_t mask = 0;
  if (protocol == Protocol::kTcp) {
    for (uint8_t k = 1; k <= kKernelMaxTcpState; ++k) {
      if (states.Contains(static_cast<SocketState>(k)))
        mask |= uint32_t{1} << k;
    }
    return mask;
  }
  if (states.Contains(SocketState::kUnconnected)) {
    mask |= uint32_t{1} << kKernelClose;
  }
  if (states.Contains(SocketState::kEstablished)) {
    mask |= uint32_t{1} << kKernelEstablished;
  }
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
  // A port comparison is two ops: the test, then an op whose `no` holds the
  // port in host order (inet_diag_bc_run reads op[1].no).
  constexpr unsigned kCompare = 2 * sizeof(inet_diag_bc_op);  // 8
  constexpr unsigned kProgram = 2 * kCompare;                 // 16
  // Why: inet_diag_bc_run accepts a socket when the remaining length reaches
  // exactly 0. `yes` steps to the next test; a failed test jumps `no` bytes,
  // and remaining + 4 (the most inet_diag_bc_audit allows) lands past the end,
  // which rejects. net/ipv4/inet_diag.c, as `ss sport = :N` builds it.
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
  if (request.local_port) bytecode = SourcePortBytecode(*request.local_port);
  const size_t attr_len = bytecode.empty() ? 0 : NLA_HDRLEN + bytecode.size();

  nlmsghdr header{};
  header.nlmsg_len = static_cast<uint32_t>(
      NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(inet_diag_req_v2)) +
      NLA_ALIGN(attr_len));
  header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  header.nlmsg_seq = request.seq;
  header.nlmsg_pid = 0;  // To the kernel.

  inet_diag_req_v2 req{};
  req.sdiag_family =
      request.family == AddressFamily::kIpv6 ? AF_INET6 : AF_INET;
  req.sdiag_protocol =
      request.protocol == Protocol::kTcp ? IPPROTO_TCP : IPPROTO_UDP;
  req.idiag_states = request.kernel_states;
  static_assert(sizeof(nlmsghdr) == NLMSG_HDRLEN, "no header padding");
  static_assert(sizeof(inet_diag_req_v2) % NLMSG_ALIGNTO == 0, "no padding");

  std::vector<uint8_t> bytes;
  bytes.reserve(header.nlmsg_len);
  Append(header, &bytes);
  Append(req, &bytes);
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
  if (msg.idiag_family == AF_INET) {
    std::array<uint8_t, 4> src, dst;
    std::memcpy(src.data(), msg.id.idiag_src, src.size());
    std::memcpy(dst.data(), msg.id.idiag_dst, dst.size());
    socket.local.address = IpAddress::V4(src);
    socket.remote.address = IpAddress::V4(dst);
  } else if (msg.idiag_family == AF_INET6) {
    std::array<uint8_t, 16> src, dst;
    static_assert(sizeof(msg.id.idiag_src) == 16, "16-byte address");
    std::memcpy(src.data(), msg.id.idiag_src, src.size());
    std::memcpy(dst.data(), msg.id.idiag_dst, dst.size());
    socket.local.address = IpAddress::V6(src);
    socket.remote.address = IpAddress::V6(dst);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("inet_diag_msg of address family ", msg.idiag_family,
                     ", expected AF_INET or AF_INET6"));
  }
  socket.local.port = ntohs(msg.id.idiag_sport);
  socket.remote.port = ntohs(msg.id.idiag_dport);
  socket.state = SocketStateFromKernel(protocol, msg.idiag_state);
  socket.uid = msg.idiag_uid;
  socket.inode = msg.idiag_inode;
  return socket;
}

absl::StatusOr<bool> ParseDumpReply(const DumpRequest& request,
                                    absl::Span<const uint8_t> datagram,
                                    std::vector<Socket>* sockets) {
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
    // Why: a dump abandoned earlier may leave replies behind; they are not
    // ours.
    if (header.nlmsg_seq != request.seq) continue;

    switch (header.nlmsg_type) {
      case NLMSG_DONE: {
        // The kernel reports a failure inside a running dump here.
        if (payload.size() >= sizeof(int32_t)) {
          const auto error = Load<int32_t>(payload, 0);
          if (error < 0) return DumpError(request, ErrnoFromNetlink(error));
        }
        return true;
      }
      case NLMSG_ERROR: {
        if (payload.size() < sizeof(int32_t)) {
          return absl::InvalidArgumentError(absl::StrCat(
              What(request), ": NLMSG_ERROR without an error code"));
        }
        const auto error = Load<int32_t>(payload, 0);
        if (error == 0) return true;  // An ack ends the exchange.
        return DumpError(request, ErrnoFromNetlink(error));
      }
      case SOCK_DIAG_BY_FAMILY: {
        absl::StatusOr<Socket> socket =
            DecodeInetDiagMsg(request.protocol, payload);
        if (!socket.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat(What(request), ": ", socket.status().message()));
        }
        sockets->push_back(*std::move(socket));
        break;
      }
      default:  // NLMSG_NOOP and anything newer: nothing to decode.
        break;
    }
  }
  return false;
}

}  // namespace pm::procfs
