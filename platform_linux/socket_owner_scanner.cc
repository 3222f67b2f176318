// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ScanSocketOwners: walks <proc_root>/<pid>/fd with directory fds.

#include "platform_linux/socket_owner_scanner.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "platform_linux/proc_stat_parser.h"
#include "platform_posix/errno_status.h"

namespace pm::procfs {
namespace {

// Opens `path` under `dir_fd` as a directory stream, or returns nullptr with
// errno set. The stream owns the descriptor.
DIR* OpenDirAt(int dir_fd, const char* path) {
  const int fd = openat(dir_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  DIR* dir = fdopendir(fd);
  if (dir == nullptr) {
    const int error = errno;
    close(fd);
    errno = error;
  }
  return dir;
}

bool IsGone(int error) { return error == ENOENT || error == ESRCH; }

enum class FdTable { kRead, kGone, kUnreadable };

// Records every socket link of one fd directory, <root_fd>/<pid_name>/fd.
FdTable ScanFdTable(int root_fd, const char* pid_name, Pid pid,
                    const absl::flat_hash_set<uint64_t>* wanted,
                    absl::flat_hash_map<uint64_t, std::vector<Pid>>& owners) {
  char fd_path[NAME_MAX + sizeof("/fd")];
  std::snprintf(fd_path, sizeof(fd_path), "%s/fd", pid_name);
  DIR* fds = OpenDirAt(root_fd, fd_path);
  if (fds == nullptr)
    return IsGone(errno) ? FdTable::kGone : FdTable::kUnreadable;

  FdTable result = FdTable::kRead;
  // "socket:[18446744073709551615]" is 29 bytes; a longer target is not a
  // socket.
  char target[40];
  while (true) {
    errno = 0;
    const struct dirent* entry = readdir(fds);
    if (entry == nullptr) {
      if (errno != 0)
        result = IsGone(errno) ? FdTable::kGone : FdTable::kUnreadable;
      break;
    }
    if (entry->d_name[0] == '.') continue;
    const ssize_t n =
        readlinkat(dirfd(fds), entry->d_name, target, sizeof(target));
    if (n < 0) {
      if (errno == ENOENT || errno == EINVAL) continue;  // Closed; not a link.
      result = errno == ESRCH ? FdTable::kGone : FdTable::kUnreadable;
      break;
    }
    if (static_cast<size_t>(n) == sizeof(target)) continue;  // Truncated.
    const std::optional<uint64_t> inode =
        ParseSocketLink(absl::string_view(target, static_cast<size_t>(n)));
    if (!inode.has_value()) continue;
    if (wanted != nullptr && !wanted->contains(*inode)) continue;
    std::vector<Pid>& pids = owners[*inode];
    // One process is scanned at a time, so a dup()ed socket repeats only here.
    if (pids.empty() || pids.back() != pid) pids.push_back(pid);
  }
  closedir(fds);
  return result;
}

}  // namespace

std::optional<uint64_t> ParseSocketLink(absl::string_view target) {
  if (!absl::ConsumePrefix(&target, "socket:[") ||
      !absl::ConsumeSuffix(&target, "]") || target.empty()) {
    return std::nullopt;
  }
  uint64_t inode = 0;
  for (char c : target) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (inode > (UINT64_MAX - digit) / 10) return std::nullopt;
    inode = inode * 10 + digit;
  }
  return inode;
}

absl::StatusOr<SocketOwnerScan> ScanSocketOwners(
    const std::string& proc_root, const absl::flat_hash_set<uint64_t>* wanted) {
  DIR* root = OpenDirAt(AT_FDCWD, proc_root.c_str());
  if (root == nullptr) {
    return posix::ErrnoToStatus(errno, absl::StrCat("open(", proc_root, ")"));
  }
  SocketOwnerScan scan;
  int readdir_errno = 0;
  while (true) {
    errno = 0;
    const struct dirent* entry = readdir(root);
    if (entry == nullptr) {
      readdir_errno = errno;
      break;
    }
    const std::optional<Pid> pid = ParsePidDirName(entry->d_name);
    if (!pid.has_value()) continue;
    // Why: the process may exit at any point of its scan (Chromium's
    // process_iterator_linux.cc and psutil skip it the same way); only a table
    // that is there but refused is worth reporting.
    if (ScanFdTable(dirfd(root), entry->d_name, *pid, wanted,
                    scan.owners_by_inode) == FdTable::kUnreadable) {
      scan.unreadable_pids.push_back(*pid);
    }
  }
  closedir(root);
  if (readdir_errno != 0) {
    return posix::ErrnoToStatus(readdir_errno,
                                absl::StrCat("readdir(", proc_root, ")"));
  }
  for (auto& [inode, pids] : scan.owners_by_inode) {
    std::sort(pids.begin(), pids.end());
    pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  }
  std::sort(scan.unreadable_pids.begin(), scan.unreadable_pids.end());
  return scan;
}

}  // namespace pm::procfs
