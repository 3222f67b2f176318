// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// SocketOwnerCache: remembered holders, revalidated by one readlink.

#include "platform_linux/socket_owner_cache.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "platform_linux/fd_table_scan.h"

namespace pm::procfs {

SocketOwnerCache::SocketOwnerCache(std::string proc_root)
    : proc_root_(std::move(proc_root)) {}

bool SocketOwnerCache::StillHolds(const Entry& entry, uint64_t inode) const {
  // <root>/<pid>/fd/<fd>: the root plus at most 20 + 4 + 11 characters.
  std::string path = proc_root_;
  char tail[48];
  std::snprintf(tail, sizeof(tail), "/%lld/fd/%d",
                static_cast<long long>(entry.pid), entry.fd);
  path += tail;
  char target[40];
  const ssize_t n = readlink(path.c_str(), target, sizeof(target));
  if (n <= 0 || static_cast<size_t>(n) == sizeof(target)) return false;
  return ParseSocketLink(absl::string_view(target, static_cast<size_t>(n))) ==
         inode;
}

std::optional<Pid> SocketOwnerCache::FindHolder(uint64_t inode) {
  std::vector<Entry> entries;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = holders_.find(inode);
    if (it == holders_.end()) return std::nullopt;
    entries = it->second;
  }
  // Why: readlink outside the lock, so concurrent lookups do not serialise on
  // the kernel's work.
  size_t failed = 0;
  std::optional<Pid> found;
  for (const Entry& entry : entries) {
    if (StillHolds(entry, inode)) {
      found = entry.pid;
      break;
    }
    ++failed;
  }
  if (failed > 0) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = holders_.find(inode);
    if (it != holders_.end()) {
      std::vector<Entry>& now = it->second;
      // Drop exactly the entries that failed (another thread may have
      // recorded new ones meanwhile).
      for (size_t i = 0; i < failed; ++i) {
        const Entry& bad = entries[i];
        now.erase(std::remove_if(now.begin(), now.end(),
                                 [&](const Entry& e) {
                                   return e.pid == bad.pid && e.fd == bad.fd &&
                                          e.start_ticks == bad.start_ticks;
                                 }),
                  now.end());
      }
      if (now.empty()) holders_.erase(it);
    }
  }
  return found;
}

void SocketOwnerCache::Record(absl::Span<const SocketHolder> holders) {
  if (holders.empty()) return;
  absl::flat_hash_map<uint64_t, std::vector<Entry>> fresh;
  for (const SocketHolder& h : holders) {
    fresh[h.inode].push_back(Entry{h.pid, h.start_ticks, h.fd});
  }
  for (auto& [inode, entries] : fresh) {
    // Lowest PID first, each (pid, fd) once: a stable, deterministic order.
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) {
                return a.pid != b.pid ? a.pid < b.pid : a.fd < b.fd;
              });
  }
  if (fresh.size() > kMaxInodes) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (holders_.size() + fresh.size() > kMaxInodes) holders_.clear();
  for (auto& [inode, entries] : fresh) holders_[inode] = std::move(entries);
}

size_t SocketOwnerCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return holders_.size();
}

}  // namespace pm::procfs
