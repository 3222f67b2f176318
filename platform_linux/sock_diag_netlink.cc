// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The NETLINK_SOCK_DIAG I/O: send one dump request per table (one for TCP of
// both families), read replies.

#include "platform_linux/sock_diag_netlink.h"

#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <iterator>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "core/status_macros.h"
#include "platform_posix/errno_status.h"

namespace pm::procfs {
namespace {

// Why: the kernel fills each dump datagram up to the largest recvmsg() buffer
// it has seen, capped at 32 KiB (netlink_recvmsg()/netlink_dump() in
// net/netlink/af_netlink.c), so a 32 KiB buffer is never truncated.
constexpr size_t kReceiveBufferSize = 32 * 1024;

absl::StatusOr<int> OpenDiagSocket() {
  const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) {
    return posix::ErrnoToStatus(
        errno, "socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG)");
  }
  return fd;
}

// Why: how a kernel that does not serve TCPDIAG_GETSOCK answers it:
// EOPNOTSUPP (no compat handler registered), EINVAL (a type it does not know),
// ENOENT (no TCP diag handler).
// https://elixir.bootlin.com/linux/v6.18/source/net/core/sock_diag.c
bool IsCompatRefusal(int kernel_errno) {
  return kernel_errno == EOPNOTSUPP || kernel_errno == EINVAL ||
         kernel_errno == ENOENT;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SockDiagSocketSource>>
SockDiagSocketSource::Create() {
  return Create(SockDiagOptions{});
}

absl::StatusOr<std::unique_ptr<SockDiagSocketSource>>
SockDiagSocketSource::Create(const SockDiagOptions& options) {
  PM_ASSIGN_OR_RETURN(const int fd, OpenDiagSocket());
  return std::unique_ptr<SockDiagSocketSource>(
      new SockDiagSocketSource(fd, options));
}

SockDiagSocketSource::~SockDiagSocketSource() {
  if (fd_ >= 0) close(fd_);
}

absl::Status SockDiagSocketSource::Reopen() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  PM_ASSIGN_OR_RETURN(fd_, OpenDiagSocket());
  needs_reopen_ = false;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Socket>> SockDiagSocketSource::List(
    const SocketQuery& query) {
  if (needs_reopen_ || fd_ < 0) PM_RETURN_IF_ERROR(Reopen());
  std::vector<Socket> sockets;
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    if (protocol == Protocol::kTcp ? !query.tcp : !query.udp) continue;
    const uint32_t states = KernelStateMask(protocol, query.states);
    if (states == 0) continue;
    int kernel_errno = 0;
    if (protocol == Protocol::kTcp && query.ipv4 && query.ipv6 &&
        tcp_one_dump_for_both_families()) {
      const size_t before = sockets.size();
      const DumpRequest request{protocol,    AddressFamily::kIpv4,
                                states,      query.local_port,
                                ++last_seq_, DumpFormat::kTcpBothFamilies};
      const absl::Status status = Dump(request, query, &sockets, &kernel_errno);
      if (status.ok()) continue;
      if (!IsCompatRefusal(kernel_errno)) return status;
      // The kernel refuses before it sends a socket; drop any anyway, and
      // ask per family from now on.
      compat_refused_ = true;
      sockets.erase(sockets.begin() + before, sockets.end());
    }
    for (AddressFamily family : {AddressFamily::kIpv4, AddressFamily::kIpv6}) {
      if (family == AddressFamily::kIpv4 ? !query.ipv4 : !query.ipv6) continue;
      const DumpRequest request{protocol, family, states, query.local_port,
                                ++last_seq_};
      PM_RETURN_IF_ERROR(Dump(request, query, &sockets, &kernel_errno));
    }
  }
  return sockets;
}

absl::Status SockDiagSocketSource::Dump(const DumpRequest& request,
                                        const SocketQuery& query,
                                        std::vector<Socket>* sockets,
                                        int* kernel_errno) {
  *kernel_errno = 0;
  const std::string table = DumpName(request);
  // "recvmsg(NETLINK_SOCK_DIAG, sock_diag dump tcp6)"
  auto call = [&table](absl::string_view syscall) {
    return absl::StrCat(syscall, "(NETLINK_SOCK_DIAG, sock_diag dump ", table,
                        ")");
  };
  const std::vector<uint8_t> message = BuildDumpRequest(request);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;  // nl_pid 0: the kernel.
  ssize_t sent;
  do {
    sent = sendto(fd_, message.data(), message.size(), 0,
                  reinterpret_cast<const sockaddr*>(&kernel), sizeof(kernel));
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) return posix::ErrnoToStatus(errno, call("sendto"));
  if (static_cast<size_t>(sent) != message.size()) {
    return absl::InternalError(absl::StrCat(call("sendto"), ": sent ", sent,
                                            " of ", message.size(), " bytes"));
  }

  // From here on, returning before the end of the reply leaves the dump
  // running in the kernel; the next List() then starts on a fresh socket.
  needs_reopen_ = true;
  buffer_.resize(kReceiveBufferSize);
  v6_tail_.clear();
  for (bool done = false; !done;) {
    sockaddr_nl sender{};
    iovec iov{buffer_.data(), buffer_.size()};
    msghdr msg{};
    msg.msg_name = &sender;
    msg.msg_namelen = sizeof(sender);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    const ssize_t got = recvmsg(fd_, &msg, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return posix::ErrnoToStatus(errno, call("recvmsg"));
    }
    if (got == 0) {
      return absl::InternalError(
          absl::StrCat(call("recvmsg"), ": empty reply before NLMSG_DONE"));
    }
    if ((msg.msg_flags & MSG_TRUNC) != 0) {
      return absl::InternalError(absl::StrCat(
          call("recvmsg"), ": reply truncated to ", buffer_.size(), " bytes"));
    }
    // Why: only the kernel (port id 0) answers a dump; a datagram from a
    // user-space peer is not part of the reply.
    if (msg.msg_namelen < sizeof(sender) || sender.nl_pid != 0) continue;

    batch_.clear();
    absl::StatusOr<bool> parsed = ParseDumpReply(
        request, absl::MakeConstSpan(buffer_.data(), static_cast<size_t>(got)),
        &batch_, kernel_errno);
    if (!parsed.ok()) {
      // An error the kernel sent ends the dump: the socket stays usable.
      if (*kernel_errno != 0) needs_reopen_ = false;
      return parsed.status();
    }
    done = *parsed;
    for (Socket& socket : batch_) {
      if (!SocketMatches(query, socket)) continue;
      // Why: the order of per-family dumps (IPv4 first), so that what callers
      // print does not depend on how TCP was dumped.
      if (request.format == DumpFormat::kTcpBothFamilies &&
          socket.family() == AddressFamily::kIpv6) {
        v6_tail_.push_back(std::move(socket));
      } else {
        sockets->push_back(std::move(socket));
      }
    }
  }
  sockets->insert(sockets->end(), std::make_move_iterator(v6_tail_.begin()),
                  std::make_move_iterator(v6_tail_.end()));
  needs_reopen_ = false;
  return absl::OkStatus();
}

}  // namespace pm::procfs
