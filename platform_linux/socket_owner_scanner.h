// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ScanSocketOwners: which processes hold which socket inodes, from the
// <proc_root>/<pid>/fd/* links ("socket:[12345]"), in one pass over /proc that
// is spread over the machine's cores, or stops early when only a first owner
// of each socket is wanted.

#ifndef PM_PLATFORM_LINUX_SOCKET_OWNER_SCANNER_H_
#define PM_PLATFORM_LINUX_SOCKET_OWNER_SCANNER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "core/process.h"
#include "platform_linux/fd_table_scan.h"  // ParseSocketLink.

namespace pm::procfs {

// How to scan.
struct OwnerScanOptions {
  // Only these inodes are recorded; null records every socket fd.
  const absl::flat_hash_set<uint64_t>* wanted = nullptr;
  // Stop as soon as every wanted inode has one holder (needs `wanted`). The
  // result then names at least one holder of each inode found, maybe not all,
  // and `complete` says whether every process was read anyway.
  bool first_owner_only = false;
  // With first_owner_only: processes whose /proc/<pid> uid is one of these
  // (the sockets' uids) are read first; within each group, newest first.
  std::vector<Uid> preferred_uids;
  // Threads for the scan (the caller's included); 0 means one per core.
  int threads = 0;
  // Fill SocketHolder::start_ticks (one <pid>/stat read per holding process),
  // for callers that cache holders by process incarnation.
  bool read_start_ticks = false;
  // With first_owner_only and <proc_root>/sys/kernel/ns_last_pid readable:
  // the newest processes are read before /proc is listed, probing PIDs down
  // from the last one allocated (ForEachNewestProcess); this tells processes
  // from threads there. For tests of fake trees; IsThreadGroupLeader when
  // unset.
  std::function<bool(Pid)> is_thread_group_leader;
};

// One (process, fd) found holding a socket.
struct SocketHolder {
  uint64_t inode = 0;
  Pid pid = 0;
  int fd = -1;
  uint64_t start_ticks = 0;  // Field 22 of <pid>/stat; 0 unless asked for.
};

// The result of one scan of the process table's open files.
struct SocketOwnerScan {
  // Socket inode -> the PIDs with an fd on it; each vector sorted, unique.
  absl::flat_hash_map<uint64_t, std::vector<Pid>> owners_by_inode;
  // Every recorded (inode, pid, fd), in no particular order.
  std::vector<SocketHolder> holders;
  // Processes whose fd table could not be read (EACCES: another user's process
  // without privileges; any error other than the process being gone), sorted.
  // A socket none of whose owners is listed above may be held by one of these.
  // Complete only when `complete` is true.
  std::vector<Pid> unreadable_pids;
  // True when every process was read: owners_by_inode then lists every holder
  // the caller can see. False only after a first_owner_only early exit.
  bool complete = true;
  // How many fd tables were read (for tests and benchmarks).
  size_t processes_scanned = 0;
};

// Scans <proc_root>/<pid>/fd/* as `options` says.
//
// I/O: one getdents64 listing of <proc_root>, then per process an openat of
// <pid>/fd, getdents64 into a per-thread buffer and one readlinkat per fd into
// a stack array; no path string and no allocation per fd. A full scan hands
// processes to `threads` threads (std::thread) through an atomic cursor. A
// first-owner scan reads candidates in order (preferred uids, newest first),
// the first few on the caller's thread so that a holder found at once costs no
// thread start, then the rest in parallel, and stops when every wanted inode
// has a holder; it falls back to reading every process, so a socket it reports
// as unheld really has no visible holder.
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
//   OwnerScanOptions options;
//   options.wanted = &wanted;
//   PM_ASSIGN_OR_RETURN(SocketOwnerScan scan,
//                       ScanSocketOwners("/proc", options));
//   scan.owners_by_inode[socket.inode];  // {1234, 1240}
//
// Errors: fails only when proc_root itself cannot be opened or listed, with the
// errno's code (NotFound, PermissionDenied, ...) and a message naming the call
// and the path. Thread-safe: no shared state.
absl::StatusOr<SocketOwnerScan> ScanSocketOwners(
    const std::string& proc_root, const OwnerScanOptions& options);

// A full scan recording `wanted` (every socket when null).
absl::StatusOr<SocketOwnerScan> ScanSocketOwners(
    const std::string& proc_root,
    const absl::flat_hash_set<uint64_t>* wanted = nullptr);

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_SOCKET_OWNER_SCANNER_H_
