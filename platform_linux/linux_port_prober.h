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
#include "platform_linux/socket_source.h"

namespace pm::procfs {

// Lists sockets from `source` and, when asked, resolves their owners by
// scanning <proc_root>/<pid>/fd for the sockets' inodes (only the inodes of the
// matching sockets are looked for).
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
// Thread-compatible.
class LinuxPortProber : public PortProber {
 public:
  LinuxPortProber(std::unique_ptr<SocketSource> source, std::string proc_root);

  absl::StatusOr<std::vector<Socket>> ListSockets(
      const SocketQuery& query) override;

  SocketSource& source() { return *source_; }

 private:
  std::unique_ptr<SocketSource> source_;
  std::string proc_root_;
};

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_LINUX_PORT_PROBER_H_
