// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Newest-first ordering of PIDs and the last allocated PID.

#include "platform_linux/owner_candidates.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"

namespace pm::procfs {

void OrderNewestFirst(std::vector<Pid>& pids, std::optional<Pid> last_pid) {
  std::sort(pids.begin(), pids.end(), std::greater<Pid>());
  if (!last_pid.has_value()) return;
  // Descending, so the PIDs above last_pid form a prefix: move it to the end.
  const auto first_newest = std::find_if(
      pids.begin(), pids.end(), [&](Pid pid) { return pid <= *last_pid; });
  std::rotate(pids.begin(), first_newest, pids.end());
}

std::optional<Pid> ReadLastPid(int root_fd) {
  const int fd =
      openat(root_fd, "sys/kernel/ns_last_pid", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char text[32];
  ssize_t n;
  do {
    n = read(fd, text, sizeof(text));
  } while (n < 0 && errno == EINTR);
  close(fd);
  if (n <= 0) return std::nullopt;
  Pid pid = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(
                            absl::string_view(text, static_cast<size_t>(n))),
                        &pid) ||
      pid < 0) {
    return std::nullopt;
  }
  return pid;
}

bool IsPreferredUid(std::optional<Uid> uid, absl::Span<const Uid> preferred) {
  return uid.has_value() &&
         std::find(preferred.begin(), preferred.end(), *uid) != preferred.end();
}

}  // namespace pm::procfs
