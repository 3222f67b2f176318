// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// LinuxPortProber: the Linux PortProber. Sockets come from a SocketSource
// (sock_diag netlink or /proc/net); owners from one scan of /proc/<pid>/fd.

#ifndef PM_PLATFORM_LINUX_LINUX_PORT_PROBER_H_
#define PM_PLATFORM_LINUX_LINUX_PORT_PROBER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/port_prober.h"
#include "core/socket.h"
#include "platform_linux/socket_owner_cache.h"
#include "platform_linux/socket_source.h"

namespace pm::procfs {

// Lists sockets from `source` and, when asked, resolves their owners by
// scanning <proc_root>/<pid>/fd for the sockets' inodes (only the inodes of the
// matching sockets are looked for), with ResolveOwners (owner_resolver.h): a
// full scan spread over the cores for OwnerSearch::kAll; for kFirst, holders
// remembered in a SocketOwnerCache (revalidated by one readlink) and a scan
// that tries the sockets' uids and the newest processes first and stops early.
//
// Owner visibility per socket:
//   * owners found                                -> kVisible (a process
//     whose fd table is unreadable could share the socket too, through fork
//     or fd passing across users; that rare case is not flagged, since doing so
//     would mark every socket not-visible for an unprivileged user)
//   * inode 0 (orphaned: TIME_WAIT, closed FIN_WAIT2) -> kNoOwner
//   * inode held but found in no readable process -> kNotVisible (another
//   user's
//     process, another PID namespace, an fd in flight)
// Errors: those of the source; FailedPrecondition-free otherwise (processes
// that vanish or cannot be read degrade visibility, never fail the call).
// Thread-compatible (the source is); the owner cache is thread-safe.
class LinuxPortProber : public PortProber {
 public:
  LinuxPortProber(std::unique_ptr<SocketSource> source, std::string proc_root);

  absl::StatusOr<std::vector<Socket>> ListSockets(
      const SocketQuery& query) override;

  // posix::ProbeBind and posix::Reserve (platform_posix/bind_probe.h): Linux
  // bind semantics. Thread-safe (they use no member).
  absl::StatusOr<BindOutcome> ProbeBind(Protocol protocol,
                                        const Endpoint& local) override;
  absl::StatusOr<std::unique_ptr<PortReservation>> Reserve(
      Protocol protocol, const Endpoint& local) override;

  SocketSource& source() { return *source_; }
  // The holders remembered for kFirst lookups (tests, benchmarks).
  SocketOwnerCache& owner_cache() { return owner_cache_; }

 private:
  std::unique_ptr<SocketSource> source_;
  std::string proc_root_;
  SocketOwnerCache owner_cache_;  // After proc_root_, which it copies.
};

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_LINUX_PORT_PROBER_H_
