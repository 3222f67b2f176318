// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PosixStateIo and the POSIX CreateDefaultStateIo.

#include "platform_posix/state_io.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "platform_posix/errno_status.h"

namespace pm::posix {
namespace {

// Closes a descriptor on scope exit.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }
  // Closes now and returns close()'s errno, or 0.
  int Close() {
    int result = close(fd_);
    fd_ = -1;
    return result == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

absl::Status Error(absl::string_view call, absl::string_view path) {
  const int error = errno;
  return ErrnoToStatus(error, absl::StrCat(call, "(", path, ")"));
}

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

absl::Status WriteAll(int fd, absl::string_view contents,
                      const std::string& path) {
  while (!contents.empty()) {
    ssize_t n = write(fd, contents.data(), contents.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error("write", path);
    }
    contents.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

// Writes, flushes and closes the temporary file.
absl::Status WriteTemporary(const std::string& temp,
                            absl::string_view contents) {
  ScopedFd fd(
      open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) return Error("open", temp);
  absl::Status written = WriteAll(fd.get(), contents, temp);
  if (!written.ok()) return written;
  if (fsync(fd.get()) != 0) return Error("fsync", temp);
  if (int error = fd.Close(); error != 0) {
    return ErrnoToStatus(error, absl::StrCat("close(", temp, ")"));
  }
  return absl::OkStatus();
}

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  PosixFileLock(const PosixFileLock&) = delete;
  PosixFileLock& operator=(const PosixFileLock&) = delete;
  ~PosixFileLock() override { close(fd_); }  // Releases the flock.

 private:
  int fd_;
};

}  // namespace

absl::StatusOr<std::string> PosixStateIo::ReadFile(const std::string& path) {
  ScopedFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Error("open", path);
  std::string contents;
  char buffer[16384];
  while (true) {
    ssize_t n = read(fd.get(), buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error("read", path);
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
  }
  return contents;
}

absl::Status PosixStateIo::WriteFileAtomically(const std::string& path,
                                               absl::string_view contents) {
  static std::atomic<uint64_t> counter{0};
  const std::string temp =
      absl::StrCat(path, ".tmp.", getpid(), ".", counter.fetch_add(1));
  absl::Status written = WriteTemporary(temp, contents);
  if (written.ok() && rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    written =
        ErrnoToStatus(error, absl::StrCat("rename(", temp, ", ", path, ")"));
  }
  if (!written.ok()) {
    unlink(temp.c_str());
    return written;
  }
  // Why: the rename is durable only once the directory entry is on disk
  // (rename(2) is atomic, not synchronous). Some file systems refuse fsync on
  // a directory (EINVAL); the replace is still atomic there.
  const std::string directory = DirectoryOf(path);
  ScopedFd dir(open(directory.c_str(), O_RDONLY | O_CLOEXEC));
  if (dir.get() >= 0 && fsync(dir.get()) != 0 && errno != EINVAL) {
    return Error("fsync", directory);
  }
  return absl::OkStatus();
}

absl::Status PosixStateIo::CreateDirectories(const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("empty directory path");
  // Each prefix ending before a '/', then the whole path.
  for (size_t end = path.find('/', 1);; end = path.find('/', end + 1)) {
    const std::string prefix =
        end == std::string::npos ? path : path.substr(0, end);
    if (!prefix.empty() && prefix.back() != '/' &&
        mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      return Error("mkdir", prefix);
    }
    if (end == std::string::npos) break;
  }
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return Error("stat", path);
  if (!S_ISDIR(info.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " exists and is not a directory"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<FileLock>> PosixStateIo::LockFile(
    const std::string& path) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error("open", path);
  auto lock = std::make_unique<PosixFileLock>(fd);  // Owns fd from here.
  while (flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) return Error("flock(LOCK_EX)", path);
  }
  return std::unique_ptr<FileLock>(std::move(lock));
}

Pid PosixStateIo::CurrentProcessId() { return getpid(); }

}  // namespace pm::posix

namespace pm {

std::unique_ptr<StateIo> CreateDefaultStateIo() {
  return std::make_unique<posix::PosixStateIo>();
}

}  // namespace pm
