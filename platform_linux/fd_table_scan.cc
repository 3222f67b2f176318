// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// One process's socket fds, uid and start time, read relative to a procfs fd.

#include "platform_linux/fd_table_scan.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "platform_linux/dir_entries.h"
#include "platform_linux/proc_stat_parser.h"

namespace pm::procfs {
namespace {

bool IsGone(int error) { return error == ENOENT || error == ESRCH; }

// Closes a descriptor on scope exit.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser() {
    if (fd_ >= 0) close(fd_);
  }

 private:
  int fd_;
};

}  // namespace

std::optional<uint64_t> ParseSocketLink(absl::string_view target) {
  constexpr absl::string_view kPrefix = "socket:[";
  if (target.size() < kPrefix.size() + 2 ||
      target.substr(0, kPrefix.size()) != kPrefix || target.back() != ']') {
    return std::nullopt;
  }
  target = target.substr(kPrefix.size(), target.size() - kPrefix.size() - 1);
  uint64_t inode = 0;
  for (char c : target) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (inode > (UINT64_MAX - digit) / 10) return std::nullopt;
    inode = inode * 10 + digit;
  }
  return inode;
}

const char* PidName(Pid pid, char* out) {
  std::snprintf(out, 24, "%lld", static_cast<long long>(pid));
  return out;
}

FdTableRead ReadSocketFds(int root_fd, Pid pid,
                          const absl::flat_hash_set<uint64_t>* wanted,
                          char* buffer, size_t buffer_size,
                          std::vector<SocketFd>& found) {
  char path[32];
  std::snprintf(path, sizeof(path), "%lld/fd", static_cast<long long>(pid));
  const int fd_dir = openat(root_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_dir < 0) {
    return IsGone(errno) ? FdTableRead::kGone : FdTableRead::kUnreadable;
  }
  FdCloser closer(fd_dir);
  FdTableRead result = FdTableRead::kRead;
  const int error =
      ForEachDirEntry(fd_dir, buffer, buffer_size, [&](const char* name) {
        // "socket:[18446744073709551615]" is 29 bytes; a target that fills
        // the array is longer and so not a socket.
        char target[40];
        const ssize_t n = readlinkat(fd_dir, name, target, sizeof(target));
        if (n < 0) {
          if (errno == ENOENT || errno == EINVAL) return true;  // Closed.
          result =
              errno == ESRCH ? FdTableRead::kGone : FdTableRead::kUnreadable;
          return false;
        }
        if (static_cast<size_t>(n) == sizeof(target) || target[0] != 's') {
          return true;
        }
        const std::optional<uint64_t> inode =
            ParseSocketLink(absl::string_view(target, static_cast<size_t>(n)));
        if (!inode.has_value()) return true;
        if (wanted != nullptr && !wanted->contains(*inode)) return true;
        found.push_back(SocketFd{*inode, std::atoi(name)});
        return true;
      });
  if (error != 0) {
    result = IsGone(error) ? FdTableRead::kGone : FdTableRead::kUnreadable;
  }
  return result;
}

std::optional<Uid> ProcessDirUid(int root_fd, Pid pid) {
  char name[24];
  struct stat st;
  if (fstatat(root_fd, PidName(pid, name), &st, 0) != 0) return std::nullopt;
  return static_cast<Uid>(st.st_uid);
}

std::optional<uint64_t> ProcessStartTicks(int root_fd, Pid pid) {
  char path[32];
  std::snprintf(path, sizeof(path), "%lld/stat", static_cast<long long>(pid));
  const int fd = openat(root_fd, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  FdCloser closer(fd);
  // A stat line is under 1 KiB (comm is at most 64 bytes, then 50 numbers).
  char text[2048];
  ssize_t n;
  do {
    n = read(fd, text, sizeof(text));
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return std::nullopt;
  absl::StatusOr<ProcStat> stat =
      ParseProcStat(absl::string_view(text, static_cast<size_t>(n)));
  if (!stat.ok()) return std::nullopt;
  return stat->start_ticks;
}

}  // namespace pm::procfs
