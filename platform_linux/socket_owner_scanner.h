// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ScanSocketOwners: which processes hold which socket inodes, from the
// <proc_root>/<pid>/fd/* links ("socket:[12345]").

#ifndef PM_PLATFORM_LINUX_SOCKET_OWNER_SCANNER_H_
#define PM_PLATFORM_LINUX_SOCKET_OWNER_SCANNER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/process.h"

namespace pm::procfs {

// The result of one scan of the process table's open files.
struct SocketOwnerScan {
  // Socket inode -> the PIDs with an fd on it; each vector sorted, unique.
  absl::flat_hash_map<uint64_t, std::vector<Pid>> owners_by_inode;
  // Processes whose fd table could not be read (EACCES: another user's process
  // without privileges; any error other than the process being gone), sorted.
  // A socket none of whose owners is listed above may be held by one of these.
  std::vector<Pid> unreadable_pids;
};

// Returns the inode of an fd link target naming a socket ("socket:[12345]" ->
// 12345), or nullopt for anything else ("pipe:[1]", "/dev/null", "socket:[x]",
// "socket:[]", an inode that overflows uint64_t). Thread-safe.
std::optional<uint64_t> ParseSocketLink(absl::string_view target);

// Scans <proc_root>/<pid>/fd/* for links "socket:[N]" and returns, per inode,
// the PIDs holding it. With `wanted` non-null only those inodes are recorded
// (the fd tables are still all read, so unreadable_pids is complete).
//
// Races and degraded results, per process:
//  * <pid>/fd missing (ENOENT) or the process exiting mid-scan (ENOENT/ESRCH):
//    the process is skipped; sockets it was already seen holding stay recorded.
//    An fd closed between listing and readlink is skipped.
//  * <pid>/fd refused (EACCES/EPERM) or otherwise unreadable (ENOTDIR, EIO...):
//    the PID is listed in unreadable_pids.
//  * Threads share their leader's fd table, so only <proc_root>/<pid> entries
//    (thread-group leaders) are read, never <pid>/task/*.
//
// Example:
//   absl::flat_hash_set<uint64_t> wanted = {socket.inode};
//   PM_ASSIGN_OR_RETURN(SocketOwnerScan scan, ScanSocketOwners("/proc",
//   &wanted)); scan.owners_by_inode[socket.inode];  // {1234, 1240}
//
// Errors: fails only when proc_root itself cannot be opened or listed, with the
// errno's code (NotFound, PermissionDenied, ...) and a message naming the call
// and the path. Reads through directory fds (openat/fdopendir/readlinkat, all
// O_CLOEXEC) and builds no path string per fd. Thread-safe: no shared state.
absl::StatusOr<SocketOwnerScan> ScanSocketOwners(
    const std::string& proc_root,
    const absl::flat_hash_set<uint64_t>* wanted = nullptr);

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_SOCKET_OWNER_SCANNER_H_
