// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// flock(2)-based HeldFileLock.

#include "platform_posix/flock_file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "platform_posix/nofollow_file.h"
#include "platform_posix/scoped_fd.h"

namespace pm::posix {
namespace {

class FlockFileLock final : public HeldFileLock {
 public:
  FlockFileLock(ScopedFd fd, std::string path)
      : fd_(std::move(fd)), path_(std::move(path)) {}

  // Closing the descriptor (ScopedFd) releases the lock.
  ~FlockFileLock() override = default;

  absl::Status WriteContents(absl::string_view contents) override {
    if (ftruncate(fd_.get(), 0) != 0) return ErrnoError("ftruncate", path_);
    if (lseek(fd_.get(), 0, SEEK_SET) != 0) return ErrnoError("lseek", path_);
    return WriteAll(fd_.get(), contents, absl::InfiniteFuture(), path_);
  }

 private:
  ScopedFd fd_;
  std::string path_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<HeldFileLock>> TryLockFile(
    const std::string& path) {
  absl::StatusOr<ScopedFd> fd = OpenCheckedFile(
      path, O_RDWR | O_CREAT, 0600, Owner::kCaller, /*private_mode=*/true);
  if (!fd.ok()) return fd.status();
  while (flock(fd->get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) {
      return absl::UnavailableError(
          absl::StrCat("flock(", path, ", LOCK_EX): held by another process"));
    }
    return ErrnoError("flock", path);
  }
  return std::unique_ptr<HeldFileLock>(new FlockFileLock(*std::move(fd), path));
}

}  // namespace pm::posix
