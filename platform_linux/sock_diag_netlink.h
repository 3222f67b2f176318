// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// SockDiagSocketSource: the kernel socket table read over NETLINK_SOCK_DIAG
// (what `ss` uses), with state and local-port filters applied in the kernel.

#ifndef PM_PLATFORM_LINUX_SOCK_DIAG_NETLINK_H_
#define PM_PLATFORM_LINUX_SOCK_DIAG_NETLINK_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/socket.h"
#include "platform_linux/inet_diag_codec.h"
#include "platform_linux/socket_source.h"

namespace pm::procfs {

// How SockDiagSocketSource asks the kernel.
struct SockDiagOptions {
  // When a query wants TCP of both families, dump them with one
  // TCPDIAG_GETSOCK request (one walk of the kernel's TCP tables instead of
  // one per family); if the kernel refuses it, ask per family from then on.
  // false: always one SOCK_DIAG_BY_FAMILY dump per family.
  bool tcp_one_dump_for_both_families = true;
};

// Lists TCP and UDP sockets, IPv4 and IPv6, of the caller's network namespace.
// TCP of both families comes from one TCPDIAG_GETSOCK dump (see
// SockDiagOptions), anything else from one SOCK_DIAG_BY_FAMILY dump per
// (protocol, family) the query selects. States and the local port are
// filtered in the kernel (idiag_states, id.idiag_sport and an
// INET_DIAG_REQ_BYTECODE port test); the local address in user space; the
// result is exactly what SocketMatches(query, s) accepts, with uid and inode
// set and owners left empty (kNotResolved). Sockets come TCP IPv4, TCP IPv6,
// UDP IPv4, UDP IPv6, each group in the kernel's table order, whichever way
// TCP was dumped.
//
// Example:
//   PM_ASSIGN_OR_RETURN(auto source, SockDiagSocketSource::Create());
//   SocketQuery q;
//   q.local_port = 8080;
//   q.states = SocketStateSet::Listening();
//   PM_ASSIGN_OR_RETURN(std::vector<Socket> sockets, source->List(q));
//
// Owns one netlink socket, reused by every List() (reopened only after a dump
// was abandoned midway). Thread-compatible: List() must not be called from
// two threads at once. Not copyable or movable (hold it by unique_ptr).
class SockDiagSocketSource : public SocketSource {
 public:
  // Opens the netlink socket. Returns PermissionDenied (EPERM/EACCES, e.g. a
  // seccomp sandbox) or Unimplemented (EPROTONOSUPPORT/EAFNOSUPPORT: a kernel
  // without sock_diag) so the caller can fall back to /proc/net; other errno
  // values map as pm::posix::ErrnoToStatus does.
  static absl::StatusOr<std::unique_ptr<SockDiagSocketSource>> Create();
  static absl::StatusOr<std::unique_ptr<SockDiagSocketSource>> Create(
      const SockDiagOptions& options);

  SockDiagSocketSource(const SockDiagSocketSource&) = delete;
  SockDiagSocketSource& operator=(const SockDiagSocketSource&) = delete;
  ~SockDiagSocketSource() override;

  // "netlink".
  absl::string_view name() const override { return "netlink"; }

  // Returns the sockets matching `query` (query.with_owners is ignored).
  // Errors, each naming the dump ("sock_diag dump udp6") or the system call:
  //   Unimplemented: the kernel has no diag module for a selected protocol
  //     (udp_diag is often a module that is not loaded);
  //   PermissionDenied: the kernel or a sandbox refused the request;
  //   Internal/Unavailable: sendto/recvmsg failures as ErrnoToStatus maps
  //     them, or a truncated reply;
  //   InvalidArgument: a reply that cannot be decoded.
  absl::StatusOr<std::vector<Socket>> List(const SocketQuery& query) override;

  // True while List() dumps TCP of both families with one request: enabled in
  // the options and not refused by this kernel so far.
  bool tcp_one_dump_for_both_families() const {
    return options_.tcp_one_dump_for_both_families && !compat_refused_;
  }

 private:
  SockDiagSocketSource(int fd, const SockDiagOptions& options)
      : options_(options), fd_(fd) {}

  // Sends `request` and appends the sockets of its reply that pass `query`
  // (IPv6 ones after IPv4 ones). When the kernel answers with an error,
  // `*kernel_errno` receives it (0 otherwise).
  absl::Status Dump(const DumpRequest& request, const SocketQuery& query,
                    std::vector<Socket>* sockets, int* kernel_errno);
  // Replaces the socket with a fresh one (after a dump was abandoned midway,
  // the kernel would refuse the next dump on the old one with EBUSY).
  absl::Status Reopen();

  const SockDiagOptions options_;
  int fd_;
  uint32_t last_seq_ = 0;
  bool needs_reopen_ = false;
  bool compat_refused_ = false;  // The kernel refused TCPDIAG_GETSOCK.
  std::vector<uint8_t> buffer_;  // One reply datagram.
  std::vector<Socket> batch_;    // The sockets of one datagram.
  std::vector<Socket> v6_tail_;  // IPv6 sockets of a both-families dump.
};

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_SOCK_DIAG_NETLINK_H_
