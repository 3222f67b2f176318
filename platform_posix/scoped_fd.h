// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ScopedFd, a file descriptor closed on destruction, and the small descriptor
// helpers the lock, channel and signal code share.

#ifndef PM_PLATFORM_POSIX_SCOPED_FD_H_
#define PM_PLATFORM_POSIX_SCOPED_FD_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace pm::posix {

// Owns a file descriptor (-1: none) and closes it on destruction. Move-only.
// Thread-compatible.
class ScopedFd {
 public:
  ScopedFd() = default;
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(ScopedFd&& other) noexcept : fd_(other.release()) {}
  ScopedFd& operator=(ScopedFd&& other) noexcept {
    reset(other.release());
    return *this;
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }
  // Closes the descriptor held (if any) and holds `fd`.
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

// The errno of the last call as a Status: ErrnoToStatus(errno, "<call>(<on>)").
absl::Status ErrnoError(absl::string_view call, absl::string_view on);

// Sets FD_CLOEXEC (for macOS, whose socket() and pipe() lack the flags).
absl::Status SetCloseOnExec(int fd);

// Makes a pipe whose ends are close-on-exec and non-blocking. Returns {read
// end, write end}.
absl::StatusOr<std::pair<ScopedFd, ScopedFd>> MakeNonBlockingPipe();

// Writes all of `data` to the non-blocking or blocking `fd`, waiting (poll)
// until `deadline`; retries EINTR. DeadlineExceeded when time runs out.
// Sockets are written without raising SIGPIPE. `what` names the descriptor in
// messages.
absl::Status WriteAll(int fd, absl::string_view data, absl::Time deadline,
                      absl::string_view what);

// Reads `fd` until end of file, waiting (poll) until `deadline`.
// DeadlineExceeded when time runs out; InvalidArgument when more than
// `max_bytes` arrive. `what` names the descriptor in messages.
absl::StatusOr<std::string> ReadUntilEof(int fd, size_t max_bytes,
                                         absl::Time deadline,
                                         absl::string_view what);

}  // namespace pm::posix

#endif  // PM_PLATFORM_POSIX_SCOPED_FD_H_
