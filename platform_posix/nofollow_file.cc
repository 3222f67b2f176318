// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Reading, replacing and removing files without following symbolic links.

#include "platform_posix/nofollow_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "platform_posix/errno_status.h"

namespace pm::posix {
namespace {

absl::Status SymlinkRefused(absl::string_view path) {
  return absl::FailedPreconditionError(absl::StrCat(
      path,
      " is a symbolic link; refusing to follow it (another user may "
      "have planted it)"));
}

absl::Status CheckStat(const struct stat& st, absl::string_view path,
                       Owner owner, bool private_mode) {
  if (S_ISLNK(st.st_mode)) return SymlinkRefused(path);
  if (!S_ISREG(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not a regular file"));
  }
  bool owner_ok = st.st_uid == geteuid() ||
                  (owner == Owner::kCallerOrRoot && st.st_uid == 0);
  if (!owner_ok) {
    return absl::PermissionDeniedError(
        absl::StrCat(path, " belongs to uid ", st.st_uid, ", not to uid ",
                     geteuid(), "; refusing to trust it"));
  }
  if (private_mode && (st.st_mode & 077) != 0) {
    return absl::PermissionDeniedError(
        absl::StrFormat("%s has mode %04o: group or others have access", path,
                        st.st_mode & 07777));
  }
  return absl::OkStatus();
}

// Opens the directory of a path and checks that no other user controls it.
absl::StatusOr<ScopedFd> OpenTrustedDirectory(const std::string& dir) {
  ScopedFd fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError("open", dir);
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return ErrnoError("fstat", dir);
  if (st.st_uid != geteuid() && st.st_uid != 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("directory ", dir, " belongs to uid ", st.st_uid,
                     ", who could replace files in it"));
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (st.st_mode & S_ISVTX) == 0) {
    return absl::PermissionDeniedError(absl::StrFormat(
        "directory %s has mode %04o: writable by others without the sticky "
        "bit, so they could replace files in it",
        dir, st.st_mode & 07777));
  }
  return fd;
}

std::string TempName(absl::string_view base) {
  static std::atomic<uint64_t> counter{0};
  return absl::StrCat(".", base, ".tmp.", getpid(), ".", counter++);
}

}  // namespace

absl::StatusOr<std::pair<std::string, std::string>> SplitPath(
    const std::string& path) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "."
                    : slash == 0               ? "/"
                                               : path.substr(0, slash);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty() || base == "." || base == "..") {
    return absl::InvalidArgumentError(
        absl::StrCat("'", path, "' does not name a file"));
  }
  return std::make_pair(dir, base);
}

absl::StatusOr<ScopedFd> OpenCheckedFile(const std::string& path, int flags,
                                         mode_t mode, Owner owner,
                                         bool private_mode) {
  ScopedFd fd(
      open(path.c_str(), flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode));
  if (!fd.valid()) {
    // Why: O_NOFOLLOW fails with ELOOP on Linux and macOS (EMLINK on
    // FreeBSD) when the last component is a symbolic link.
    if (errno == ELOOP || errno == EMLINK) return SymlinkRefused(path);
    return ErrnoError("open", path);
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return ErrnoError("fstat", path);
  absl::Status checked = CheckStat(st, path, owner, private_mode);
  if (!checked.ok()) return checked;
  return fd;
}

absl::StatusOr<std::string> ReadFileNoFollow(const std::string& path,
                                             size_t max_bytes) {
  absl::StatusOr<ScopedFd> fd =
      OpenCheckedFile(path, O_RDONLY, 0, Owner::kCallerOrRoot, false);
  if (!fd.ok()) return fd.status();
  std::string out;
  char buffer[4096];
  while (true) {
    ssize_t n = read(fd->get(), buffer, sizeof(buffer));
    if (n == 0) return out;
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("read", path);
    }
    if (out.size() + static_cast<size_t>(n) > max_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, " is longer than ", max_bytes, " bytes; not read"));
    }
    out.append(buffer, static_cast<size_t>(n));
  }
}

absl::Status ReplaceFileNoFollow(const std::string& path,
                                 absl::string_view contents, mode_t mode) {
  absl::StatusOr<std::pair<std::string, std::string>> parts = SplitPath(path);
  if (!parts.ok()) return parts.status();
  const std::string& base = parts->second;
  absl::StatusOr<ScopedFd> dir = OpenTrustedDirectory(parts->first);
  if (!dir.ok()) return dir.status();
  struct stat st;
  if (fstatat(dir->get(), base.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    absl::Status checked = CheckStat(st, path, Owner::kCaller, false);
    if (!checked.ok()) return checked;
  } else if (errno != ENOENT) {
    return ErrnoError("fstatat", path);
  }

  const std::string temp = TempName(base);
  const std::string temp_path = absl::StrCat(parts->first, "/", temp);
  ScopedFd fd(openat(dir->get(), temp.c_str(),
                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                     mode));
  if (!fd.valid()) return ErrnoError("open", temp_path);
  absl::Status status;
  if (fchmod(fd.get(), mode) != 0) {
    status = ErrnoError("fchmod", temp_path);
  } else {
    status = WriteAll(fd.get(), contents, absl::InfiniteFuture(), temp_path);
  }
  if (status.ok() && fsync(fd.get()) != 0) {
    status = ErrnoError("fsync", temp_path);
  }
  fd.reset();
  if (status.ok() &&
      renameat(dir->get(), temp.c_str(), dir->get(), base.c_str()) != 0) {
    status = ErrnoError("rename", absl::StrCat(temp_path, " -> ", path));
  }
  if (!status.ok()) {
    unlinkat(dir->get(), temp.c_str(), 0);
    return status;
  }
  // Why: the rename is durable only once the directory is flushed; some file
  // systems refuse fsync on a directory (EINVAL), which changes nothing.
  if (fsync(dir->get()) != 0 && errno != EINVAL && errno != EROFS) {
    return ErrnoError("fsync", parts->first);
  }
  return absl::OkStatus();
}

absl::Status RemoveFileNoFollow(const std::string& path) {
  absl::StatusOr<std::pair<std::string, std::string>> parts = SplitPath(path);
  if (!parts.ok()) return parts.status();
  ScopedFd dir(open(parts->first.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return ErrnoError("open", parts->first);
  struct stat st;
  if (fstatat(dir.get(), parts->second.c_str(), &st, AT_SYMLINK_NOFOLLOW) !=
      0) {
    return ErrnoError("fstatat", path);
  }
  absl::Status checked = CheckStat(st, path, Owner::kCaller, false);
  if (!checked.ok()) return checked;
  if (unlinkat(dir.get(), parts->second.c_str(), 0) != 0) {
    return ErrnoError("unlink", path);
  }
  return absl::OkStatus();
}

}  // namespace pm::posix
