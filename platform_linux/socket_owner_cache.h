// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// SocketOwnerCache: which (process, fd) last held a socket inode, so a repeated
// first-owner lookup costs one readlink instead of a /proc scan.

#ifndef PM_PLATFORM_LINUX_SOCKET_OWNER_CACHE_H_
#define PM_PLATFORM_LINUX_SOCKET_OWNER_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "core/process.h"
#include "platform_linux/socket_owner_scanner.h"

namespace pm::procfs {

// Remembers holders found by scans as (pid, start ticks, fd) -> inode, and
// gives one back only after it is revalidated: readlink(<proc_root>/<pid>/fd/
// <fd>) must read "socket:[<inode>]" at the time of the call. That link proves
// that the process now at that PID holds the socket: if the PID was reused,
// the new process holds it too (it inherited or was passed it), so the answer
// is still exact; the start ticks only record which incarnation the entry was
// learnt from. An entry whose link reads anything else (fd closed, reused for
// another socket or file, process gone) is dropped, never trusted.
//
// Example:
//   SocketOwnerCache cache("/proc");
//   cache.Record(scan.holders);
//   std::optional<Pid> pid = cache.FindHolder(inode);  // One readlink.
//
// Errors: none; a failed revalidation is a miss. Thread-safe: every member is
// guarded by one std::mutex (`holders_`), which is not held during readlink.
class SocketOwnerCache {
 public:
  // The number of inodes kept. A Record() that would exceed it first forgets
  // everything, and one naming more inodes than this is ignored: the cache
  // serves repeated lookups of a few ports, not whole listings.
  static constexpr size_t kMaxInodes = 4096;

  explicit SocketOwnerCache(std::string proc_root);

  SocketOwnerCache(const SocketOwnerCache&) = delete;
  SocketOwnerCache& operator=(const SocketOwnerCache&) = delete;

  // Returns the PID of a remembered holder of `inode` that still holds it, or
  // nullopt. Tries remembered holders in the order recorded, one readlink
  // each, dropping those that fail.
  std::optional<Pid> FindHolder(uint64_t inode);

  // Remembers `holders` (from one scan). For each inode they name, the
  // holders given replace what was remembered of it; other inodes are kept.
  void Record(absl::Span<const SocketHolder> holders);

  // The number of inodes remembered.
  size_t size() const;

 private:
  struct Entry {
    Pid pid = 0;
    uint64_t start_ticks = 0;
    int fd = -1;
  };

  // True when <proc_root>/<pid>/fd/<fd> reads "socket:[inode]" now.
  bool StillHolds(const Entry& entry, uint64_t inode) const;

  const std::string proc_root_;
  mutable std::mutex mu_;
  // inode -> its holders, in the order recorded. Guarded by mu_.
  absl::flat_hash_map<uint64_t, std::vector<Entry>> holders_;
};

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_SOCKET_OWNER_CACHE_H_
