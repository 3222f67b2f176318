// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ScopedFd and descriptor helpers.

#include "platform_posix/scoped_fd.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "platform_posix/errno_status.h"

namespace pm::posix {
namespace {

// Waits until `fd` is ready for `events` or `deadline` passes.
absl::Status WaitFor(int fd, short events, absl::Time deadline,
                     absl::string_view what) {
  while (true) {
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(
          absl::StrCat(what, ": timed out waiting for the peer"));
    }
    struct pollfd p = {fd, events, 0};
    int timeout_ms = static_cast<int>(
        std::min<int64_t>(absl::ToInt64Milliseconds(left) + 1, 60000));
    int n = poll(&p, 1, timeout_ms);
    if (n > 0) return absl::OkStatus();
    if (n < 0 && errno != EINTR) return ErrnoError("poll", what);
  }
}

}  // namespace

void ScopedFd::reset(int fd) {
  if (fd_ >= 0) close(fd_);
  fd_ = fd;
}

absl::Status ErrnoError(absl::string_view call, absl::string_view on) {
  return ErrnoToStatus(errno, absl::StrCat(call, "(", on, ")"));
}

absl::Status SetCloseOnExec(int fd) {
  int flags = fcntl(fd, F_GETFD);
  if (flags < 0 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) != 0) {
    return ErrnoError("fcntl", absl::StrCat("fd ", fd, ", FD_CLOEXEC"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::pair<ScopedFd, ScopedFd>> MakeNonBlockingPipe() {
  int fds[2];
  if (pipe(fds) != 0) return ErrnoError("pipe", "");
  ScopedFd read_end(fds[0]);
  ScopedFd write_end(fds[1]);
  for (int fd : fds) {
    absl::Status cloexec = SetCloseOnExec(fd);
    if (!cloexec.ok()) return cloexec;
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
      return ErrnoError("fcntl", absl::StrCat("fd ", fd, ", O_NONBLOCK"));
    }
  }
  return std::make_pair(std::move(read_end), std::move(write_end));
}

absl::Status WriteAll(int fd, absl::string_view data, absl::Time deadline,
                      absl::string_view what) {
  struct stat st;
  bool is_socket = fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
  while (!data.empty()) {
    ssize_t n;
    if (is_socket) {
#ifdef MSG_NOSIGNAL
      n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
#else
      // Why: macOS has no MSG_NOSIGNAL; its sockets set SO_NOSIGPIPE instead
      // (see unix_socket_channel.cc).
      n = send(fd, data.data(), data.size(), 0);
#endif
    } else {
      n = write(fd, data.data(), data.size());
    }
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      absl::Status ready = WaitFor(fd, POLLOUT, deadline, what);
      if (!ready.ok()) return ready;
      continue;
    }
    return ErrnoError(is_socket ? "send" : "write", what);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadUntilEof(int fd, size_t max_bytes,
                                         absl::Time deadline,
                                         absl::string_view what) {
  std::string out;
  char buffer[4096];
  while (true) {
    absl::Status ready = WaitFor(fd, POLLIN, deadline, what);
    if (!ready.ok()) return ready;
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n == 0) return out;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return ErrnoError("read", what);
    }
    if (out.size() + static_cast<size_t>(n) > max_bytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": more than ", max_bytes, " bytes"));
    }
    out.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace pm::posix
