// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PosixLocalSystem and CreateDefaultLocalSystem.

#include "platform_posix/local_system.h"

#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <utility>
#include <vector>

#include "platform_posix/flock_file_lock.h"
#include "platform_posix/nofollow_file.h"
#include "platform_posix/scoped_fd.h"
#include "platform_posix/state_directory.h"
#include "platform_posix/unix_socket_channel.h"

namespace pm {
namespace posix {

Pid PosixLocalSystem::CurrentPid() { return getpid(); }

absl::StatusOr<std::string> PosixLocalSystem::HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) {
    return ErrnoError("gethostname", "");
  }
  return std::string(name);
}

absl::StatusOr<std::string> PosixLocalSystem::CurrentDirectory() {
  std::vector<char> buffer(PATH_MAX);
  while (getcwd(buffer.data(), buffer.size()) == nullptr) {
    if (errno != ERANGE || buffer.size() > (1u << 20)) {
      return ErrnoError("getcwd", "");
    }
    buffer.resize(buffer.size() * 2);
  }
  return std::string(buffer.data());
}

absl::StatusOr<std::string> PosixLocalSystem::DefaultStateDirectory() {
  return posix::DefaultStateDirectory();
}

absl::Status PosixLocalSystem::EnsurePrivateDirectory(const std::string& path) {
  return posix::EnsurePrivateDirectory(path);
}

absl::StatusOr<std::string> PosixLocalSystem::ReadFile(const std::string& path,
                                                       size_t max_bytes) {
  return ReadFileNoFollow(path, max_bytes);
}

absl::Status PosixLocalSystem::ReplaceFile(const std::string& path,
                                           absl::string_view contents) {
  return ReplaceFileNoFollow(path, contents, 0644);
}

absl::Status PosixLocalSystem::RemoveFile(const std::string& path) {
  return RemoveFileNoFollow(path);
}

absl::StatusOr<std::unique_ptr<HeldFileLock>> PosixLocalSystem::TryLockFile(
    const std::string& path) {
  return posix::TryLockFile(path);
}

absl::StatusOr<std::unique_ptr<ChannelListener>> PosixLocalSystem::Listen(
    const std::string& address, ChannelHandler handler) {
  return ListenUnixSocket(address, std::move(handler));
}

absl::StatusOr<std::string> PosixLocalSystem::Call(const std::string& address,
                                                   absl::string_view request,
                                                   absl::Duration timeout) {
  return CallUnixSocket(address, request, timeout);
}

}  // namespace posix

absl::StatusOr<std::unique_ptr<LocalSystem>> CreateDefaultLocalSystem() {
  return std::unique_ptr<LocalSystem>(new posix::PosixLocalSystem());
}

}  // namespace pm
