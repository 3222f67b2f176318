// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PosixLocalSystem: core's LocalSystem for Linux and macOS. Also defines
// pm::CreateDefaultLocalSystem for those OSes.

#ifndef PM_PLATFORM_POSIX_LOCAL_SYSTEM_H_
#define PM_PLATFORM_POSIX_LOCAL_SYSTEM_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/local_system.h"

namespace pm::posix {

// LocalSystem over nofollow_file.h (files, PID files at mode 0644),
// state_directory.h, flock_file_lock.h and unix_socket_channel.h. Keeps no
// state. Thread-safe.
class PosixLocalSystem final : public LocalSystem {
 public:
  Pid CurrentPid() override;
  absl::StatusOr<std::string> HostName() override;
  absl::StatusOr<std::string> CurrentDirectory() override;
  absl::StatusOr<std::string> DefaultStateDirectory() override;
  absl::Status EnsurePrivateDirectory(const std::string& path) override;
  absl::StatusOr<std::string> ReadFile(const std::string& path,
                                       size_t max_bytes) override;
  absl::Status ReplaceFile(const std::string& path,
                           absl::string_view contents) override;
  absl::Status RemoveFile(const std::string& path) override;
  absl::StatusOr<std::unique_ptr<HeldFileLock>> TryLockFile(
      const std::string& path) override;
  absl::StatusOr<std::unique_ptr<ChannelListener>> Listen(
      const std::string& address, ChannelHandler handler) override;
  absl::StatusOr<std::string> Call(const std::string& address,
                                   absl::string_view request,
                                   absl::Duration timeout) override;
};

}  // namespace pm::posix

#endif  // PM_PLATFORM_POSIX_LOCAL_SYSTEM_H_
