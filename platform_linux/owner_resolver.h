// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ResolveOwners: fills Socket::owners from /proc, with the fast paths (owner
// cache, first-owner early exit, candidate order, parallel full scan).

#ifndef PM_PLATFORM_LINUX_OWNER_RESOLVER_H_
#define PM_PLATFORM_LINUX_OWNER_RESOLVER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/socket.h"
#include "platform_linux/socket_owner_cache.h"

namespace pm::procfs {

// A lookup naming at most this many sockets reads the start ticks of their
// holders and records them in the cache; larger listings (`pm ports`) do not.
inline constexpr size_t kCachedSocketsPerLookup = 64;

// Sets owners, owner_visibility and owners_partial of every socket in
// `sockets` (which come from a SocketSource, inode set where known):
//   * inode 0 (orphaned: TIME_WAIT, closed FIN_WAIT2)     -> kNoOwner.
//   * OwnerSearch::kAll: one full scan of <proc_root>/*/fd over every core;
//     each socket gets every holder a readable process has -> kVisible, or
//     kNotVisible when none has it (another user's process, another PID
//     namespace, an fd in flight). owners_partial false.
//   * OwnerSearch::kFirst: first the cache (one readlink per socket for a
//     holder seen before), then a first-owner scan for the rest (processes of
//     the sockets' uids first, newest first, early exit). A socket answered
//     before every process was read gets owners_partial true. kNotVisible is
//     only given after every process was read, so it is as exact as with
//     kAll.
// Holders found are recorded in `cache` when at most kCachedSocketsPerLookup
// sockets were looked for.
//
// Errors: those of ScanSocketOwners (proc_root cannot be opened or listed).
// Thread-safe as far as this function goes (`cache` is); `sockets` is the
// caller's.
absl::Status ResolveOwners(const std::string& proc_root, OwnerSearch search,
                           SocketOwnerCache& cache,
                           std::vector<Socket>& sockets);

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_OWNER_RESOLVER_H_
