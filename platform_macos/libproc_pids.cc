// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ListAllPids over proc_listallpids(3).

#include "platform_macos/libproc_pids.h"

#include <errno.h>
#include <libproc.h>
#include <sys/types.h>

#include <algorithm>

#include "absl/status/status.h"
#include "platform_posix/errno_status.h"

namespace pm::macos {

absl::StatusOr<std::vector<Pid>> ListAllPids() {
  constexpr int kMaxAttempts = 5;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    // With no buffer, proc_listallpids returns how many PIDs exist now.
    errno = 0;
    int count = proc_listallpids(nullptr, 0);
    if (count <= 0) {
      const int error = errno == 0 ? EIO : errno;
      return posix::ErrnoToStatus(error, "proc_listallpids(NULL, 0)");
    }
    std::vector<pid_t> buffer(static_cast<size_t>(count) + (64u << attempt));
    int filled = proc_listallpids(
        buffer.data(), static_cast<int>(buffer.size() * sizeof(pid_t)));
    if (filled <= 0) {
      const int error = errno == 0 ? EIO : errno;
      return posix::ErrnoToStatus(error, "proc_listallpids()");
    }
    // A full buffer may have cut the list short: try again, larger.
    if (static_cast<size_t>(filled) >= buffer.size()) continue;
    std::vector<Pid> pids(buffer.begin(), buffer.begin() + filled);
    std::sort(pids.begin(), pids.end());
    pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
    return pids;
  }
  return absl::UnavailableError(
      "proc_listallpids(): the process table kept growing while it was read");
}

}  // namespace pm::macos
