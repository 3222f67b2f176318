// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// LibprocPortProber: the thin libproc shim; conversion is in
// socket_info_converter.cc and merging in socket_collector.cc.

#include "platform_macos/libproc_port_prober.h"

#include <errno.h>
#include <libproc.h>
#include <netinet/in.h>
#include <sys/proc_info.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "platform_macos/libproc_pids.h"
#include "platform_macos/socket_collector.h"
#include "platform_macos/socket_info_converter.h"
#include "platform_posix/bind_probe.h"
#include "platform_posix/errno_status.h"

namespace pm::macos {
namespace {

// The converter carries its own copies of these values so that it builds on
// every OS; they must be the SDK's.
static_assert(kSockinfoIn == SOCKINFO_IN, "SOCKINFO_IN");
static_assert(kSockinfoTcp == SOCKINFO_TCP, "SOCKINFO_TCP");
static_assert(kIniIpv4 == INI_IPV4, "INI_IPV4");
static_assert(kIniIpv6 == INI_IPV6, "INI_IPV6");
static_assert(kIpprotoUdp == IPPROTO_UDP, "IPPROTO_UDP");
static_assert(kTsiClosed == TSI_S_CLOSED && kTsiListen == TSI_S_LISTEN &&
                  kTsiSynSent == TSI_S_SYN_SENT &&
                  kTsiSynReceived == TSI_S_SYN_RECEIVED &&
                  kTsiEstablished == TSI_S_ESTABLISHED &&
                  kTsiCloseWait == TSI_S__CLOSE_WAIT &&
                  kTsiFinWait1 == TSI_S_FIN_WAIT_1 &&
                  kTsiClosing == TSI_S_CLOSING &&
                  kTsiLastAck == TSI_S_LAST_ACK &&
                  kTsiFinWait2 == TSI_S_FIN_WAIT_2 &&
                  kTsiTimeWait == TSI_S_TIME_WAIT,
              "TSI_S_* values");

// Reads the descriptor table of `pid`. Returns NotFound (ESRCH) for a process
// that is gone and PermissionDenied (EPERM) for another user's process.
absl::StatusOr<std::vector<proc_fdinfo>> ListFds(pid_t pid) {
  constexpr int kMaxAttempts = 4;
  std::vector<proc_fdinfo> fds;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    // With no buffer, PROC_PIDLISTFDS returns the bytes the table needs now.
    errno = 0;
    int needed = proc_pidinfo(pid, PROC_PIDLISTFDS, 0, nullptr, 0);
    if (needed <= 0) {
      const int error = errno;
      if (error == 0) return std::vector<proc_fdinfo>();  // No descriptors.
      return posix::ErrnoToStatus(
          error, absl::StrCat("proc_pidinfo(", pid, ", PROC_PIDLISTFDS)"));
    }
    fds.resize(static_cast<size_t>(needed) / PROC_PIDLISTFD_SIZE +
               (16u << attempt));
    int bytes =
        proc_pidinfo(pid, PROC_PIDLISTFDS, 0, fds.data(),
                     static_cast<int>(fds.size() * PROC_PIDLISTFD_SIZE));
    if (bytes <= 0) {
      const int error = errno == 0 ? ESRCH : errno;
      return posix::ErrnoToStatus(
          error, absl::StrCat("proc_pidinfo(", pid, ", PROC_PIDLISTFDS)"));
    }
    size_t count = static_cast<size_t>(bytes) / PROC_PIDLISTFD_SIZE;
    // A full buffer may have cut the table short: try again, larger. After the
    // last attempt the table as read is used: it is changing anyway.
    bool full = count >= fds.size();
    fds.resize(count);
    if (!full) break;
  }
  return fds;
}

// Copies the fields SocketFromRawInet reads. Returns nullopt for sockets that
// are not TCP or UDP-like over IPv4/IPv6 (unix, kernel control, ...).
std::optional<RawInetSocket> RawFromSocketInfo(const socket_info& si) {
  if (si.soi_family != AF_INET && si.soi_family != AF_INET6) {
    return std::nullopt;
  }
  if (si.soi_kind != SOCKINFO_TCP && si.soi_kind != SOCKINFO_IN) {
    return std::nullopt;
  }
  const in_sockinfo& in = si.soi_kind == SOCKINFO_TCP
                              ? si.soi_proto.pri_tcp.tcpsi_ini
                              : si.soi_proto.pri_in;
  RawInetSocket raw;
  raw.family =
      si.soi_family == AF_INET ? AddressFamily::kIpv4 : AddressFamily::kIpv6;
  raw.kind = si.soi_kind;
  raw.protocol = si.soi_protocol;
  raw.vflag = in.insi_vflag;
  static_assert(sizeof(in.insi_laddr) == 16, "insi_laddr is 16 bytes");
  static_assert(sizeof(in.insi_faddr) == 16, "insi_faddr is 16 bytes");
  std::memcpy(raw.local_address.data(), &in.insi_laddr, 16);
  std::memcpy(raw.remote_address.data(), &in.insi_faddr, 16);
  // The ints hold the pcb's network-order u_short: keep its two bytes as they
  // lie in memory.
  uint16_t lport = static_cast<uint16_t>(in.insi_lport);
  uint16_t fport = static_cast<uint16_t>(in.insi_fport);
  std::memcpy(raw.local_port.data(), &lport, 2);
  std::memcpy(raw.remote_port.data(), &fport, 2);
  if (si.soi_kind == SOCKINFO_TCP) {
    raw.tcp_state = si.soi_proto.pri_tcp.tcpsi_state;
  }
  raw.uid = si.soi_stat.vst_uid;
  raw.pcb = si.soi_pcb;
  return raw;
}

}  // namespace

absl::StatusOr<std::vector<Socket>> LibprocPortProber::ListSockets(
    const SocketQuery& query) {
  PM_ASSIGN_OR_RETURN(std::vector<Pid> pids, ListAllPids());
  SocketCollector collector(query);
  for (Pid pid : pids) {
    // A process that exited (ESRCH) is skipped; another user's (EPERM) is not
    // readable, and its sockets stay unlisted (see the header).
    absl::StatusOr<std::vector<proc_fdinfo>> fds =
        ListFds(static_cast<pid_t>(pid));
    if (!fds.ok()) continue;
    for (const proc_fdinfo& fd : *fds) {
      if (fd.proc_fdtype != PROX_FDTYPE_SOCKET) continue;
      socket_fdinfo info;
      int bytes = proc_pidfdinfo(static_cast<int>(pid), fd.proc_fd,
                                 PROC_PIDFDSOCKETINFO, &info, sizeof(info));
      // Fewer bytes: the descriptor was closed or the process exited since
      // the table was read (EBADF / ESRCH). Skip it.
      if (bytes != static_cast<int>(sizeof(info))) continue;
      std::optional<RawInetSocket> raw = RawFromSocketInfo(info.psi);
      if (!raw.has_value()) continue;
      absl::StatusOr<Socket> converted = SocketFromRawInet(*raw);
      if (!converted.ok()) continue;  // Raw IP and other non-TCP/UDP sockets.
      collector.Add(raw->pcb, *converted, pid);
    }
  }
  return collector.Finish();
}

absl::StatusOr<BindOutcome> LibprocPortProber::ProbeBind(
    Protocol protocol, const Endpoint& local) {
  return posix::ProbeBind(protocol, local);
}

absl::StatusOr<std::unique_ptr<PortReservation>> LibprocPortProber::Reserve(
    Protocol protocol, const Endpoint& local) {
  return posix::Reserve(protocol, local);
}

}  // namespace pm::macos
