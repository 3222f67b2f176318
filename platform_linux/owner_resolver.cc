// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ResolveOwners: cache, then scan; visibility from what was read.

#include "platform_linux/owner_resolver.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "core/status_macros.h"
#include "platform_linux/socket_owner_scanner.h"

namespace pm::procfs {

absl::Status ResolveOwners(const std::string& proc_root, OwnerSearch search,
                           SocketOwnerCache& cache,
                           std::vector<Socket>& sockets) {
  const bool first = search == OwnerSearch::kFirst;
  absl::flat_hash_map<uint64_t, Pid> from_cache;
  absl::flat_hash_set<uint64_t> wanted;
  std::vector<Uid> uids;
  for (const Socket& s : sockets) {
    if (s.inode == 0 || wanted.contains(s.inode) ||
        from_cache.contains(s.inode)) {
      continue;
    }
    if (first) {
      if (std::optional<Pid> pid = cache.FindHolder(s.inode)) {
        from_cache.emplace(s.inode, *pid);
        continue;
      }
      if (s.uid.has_value() &&
          std::find(uids.begin(), uids.end(), *s.uid) == uids.end()) {
        uids.push_back(*s.uid);
      }
    }
    wanted.insert(s.inode);
  }

  SocketOwnerScan scan;
  if (!wanted.empty()) {
    OwnerScanOptions options;
    options.wanted = &wanted;
    options.first_owner_only = first;
    options.preferred_uids = std::move(uids);
    options.read_start_ticks = wanted.size() <= kCachedSocketsPerLookup;
    PM_ASSIGN_OR_RETURN(scan, ScanSocketOwners(proc_root, options));
    if (options.read_start_ticks) cache.Record(scan.holders);
  }

  for (Socket& s : sockets) {
    s.owners.clear();
    s.owners_partial = false;
    if (s.inode == 0) {
      s.owner_visibility = OwnerVisibility::kNoOwner;
      continue;
    }
    if (auto cached = from_cache.find(s.inode); cached != from_cache.end()) {
      s.owners = {cached->second};
      s.owner_visibility = OwnerVisibility::kVisible;
      s.owners_partial = true;
      continue;
    }
    auto it = scan.owners_by_inode.find(s.inode);
    if (it == scan.owners_by_inode.end() || it->second.empty()) {
      // Why: a non-zero inode means a struct socket still exists, so some file
      // holds it; if no process we can read has it, the holder is hidden from
      // us. (A first-owner scan only ends early once every wanted inode has a
      // holder, so reaching here means every process was read.)
      s.owner_visibility = OwnerVisibility::kNotVisible;
      continue;
    }
    s.owners = it->second;
    s.owner_visibility = OwnerVisibility::kVisible;
    s.owners_partial = first && !scan.complete;
  }
  return absl::OkStatus();
}

}  // namespace pm::procfs
