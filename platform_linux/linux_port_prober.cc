// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Joins the socket table with the /proc/<pid>/fd owner scan.

#include "platform_linux/linux_port_prober.h"

#include <utility>

#include "core/status_macros.h"
#include "platform_linux/owner_resolver.h"
#include "platform_posix/bind_probe.h"

namespace pm::procfs {

LinuxPortProber::LinuxPortProber(std::unique_ptr<SocketSource> source,
                                 std::string proc_root)
    : source_(std::move(source)),
      proc_root_(std::move(proc_root)),
      owner_cache_(proc_root_) {}

absl::StatusOr<std::vector<Socket>> LinuxPortProber::ListSockets(
    const SocketQuery& query) {
  PM_ASSIGN_OR_RETURN(std::vector<Socket> sockets, source_->List(query));
  if (!query.with_owners) return sockets;
  PM_RETURN_IF_ERROR(
      ResolveOwners(proc_root_, query.owner_search, owner_cache_, sockets));
  return sockets;
}

absl::StatusOr<BindOutcome> LinuxPortProber::ProbeBind(Protocol protocol,
                                                       const Endpoint& local) {
  return posix::ProbeBind(protocol, local);
}

absl::StatusOr<std::unique_ptr<PortReservation>> LinuxPortProber::Reserve(
    Protocol protocol, const Endpoint& local) {
  return posix::Reserve(protocol, local);
}

}  // namespace pm::procfs
