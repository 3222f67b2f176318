// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Joins the socket table with the /proc/<pid>/fd owner scan.

#include "platform_linux/linux_port_prober.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "core/status_macros.h"
#include "platform_linux/socket_owner_scanner.h"

namespace pm::procfs {

LinuxPortProber::LinuxPortProber(std::unique_ptr<SocketSource> source,
                                 std::string proc_root)
    : source_(std::move(source)), proc_root_(std::move(proc_root)) {}

absl::StatusOr<std::vector<Socket>> LinuxPortProber::ListSockets(
    const SocketQuery& query) {
  PM_ASSIGN_OR_RETURN(std::vector<Socket> sockets, source_->List(query));
  if (!query.with_owners) return sockets;

  absl::flat_hash_set<uint64_t> wanted;
  for (const Socket& s : sockets) {
    if (s.inode != 0) wanted.insert(s.inode);
  }
  SocketOwnerScan scan;
  if (!wanted.empty()) {
    PM_ASSIGN_OR_RETURN(scan, ScanSocketOwners(proc_root_, &wanted));
  }
  for (Socket& s : sockets) {
    if (s.inode == 0) {
      s.owner_visibility = OwnerVisibility::kNoOwner;
      continue;
    }
    auto it = scan.owners_by_inode.find(s.inode);
    if (it == scan.owners_by_inode.end() || it->second.empty()) {
      // Why: a non-zero inode means a struct socket still exists, so some file
      // holds it; if no process we can read has it, the holder is hidden from
      // us.
      s.owner_visibility = OwnerVisibility::kNotVisible;
      continue;
    }
    s.owners = it->second;
    s.owner_visibility = OwnerVisibility::kVisible;
  }
  return sockets;
}

}  // namespace pm::procfs
