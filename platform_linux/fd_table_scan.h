// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The per-process primitives of the /proc owner scan: the socket fds of one
// process's fd table, its uid and its start time, each read relative to a
// directory fd on the procfs root with no path string built per fd.

#ifndef PM_PLATFORM_LINUX_FD_TABLE_SCAN_H_
#define PM_PLATFORM_LINUX_FD_TABLE_SCAN_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "core/process.h"

namespace pm::procfs {

// Returns the inode of an fd link target naming a socket ("socket:[12345]" ->
// 12345), or nullopt for anything else ("pipe:[1]", "/dev/null", "socket:[x]",
// "socket:[]", an inode that overflows uint64_t). Thread-safe.
std::optional<uint64_t> ParseSocketLink(absl::string_view target);

// One descriptor of a process that refers to a socket.
struct SocketFd {
  uint64_t inode = 0;
  int fd = -1;

  friend bool operator==(const SocketFd& a, const SocketFd& b) {
    return a.inode == b.inode && a.fd == b.fd;
  }
};

// How reading one fd table went.
enum class FdTableRead {
  kRead,        // Every entry was read.
  kGone,        // The process exited (ENOENT/ESRCH) before or while read.
  kUnreadable,  // Refused (EACCES/EPERM) or another error (EIO, ENOTDIR...).
};

// Writes the decimal PID into `out` (at least 24 bytes) and returns `out`.
const char* PidName(Pid pid, char* out);

// Reads <root_fd>/<pid>/fd with getdents64 into `buffer` (8-byte aligned,
// kDirBufferSize bytes is right) and readlinkat()s each entry into a stack
// array, appending to `found` every fd whose link is "socket:[N]" with N in
// `*wanted` (every socket when `wanted` is null). Entries found before a
// process vanishes stay in `found`; an fd closed between listing and
// readlinkat is skipped. Allocates only when `found` grows. Thread-safe (no
// shared state; `wanted` is only read).
FdTableRead ReadSocketFds(int root_fd, Pid pid,
                          const absl::flat_hash_set<uint64_t>* wanted,
                          char* buffer, size_t buffer_size,
                          std::vector<SocketFd>& found);

// Returns the owner uid of <root_fd>/<pid> (one fstatat). On Linux that is the
// process's effective uid (root for a non-dumpable process). nullopt when the
// process is gone or the entry cannot be stat'ed. Thread-safe.
std::optional<Uid> ProcessDirUid(int root_fd, Pid pid);

// Returns field 22 of <root_fd>/<pid>/stat (start time in clock ticks since
// boot), or nullopt when the process is gone or the file does not parse.
// Thread-safe.
std::optional<uint64_t> ProcessStartTicks(int root_fd, Pid pid);

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_FD_TABLE_SCAN_H_
