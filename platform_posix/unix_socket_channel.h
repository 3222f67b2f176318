// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// LocalSystem::Listen and LocalSystem::Call on POSIX: one request and one
// reply per connection over a Unix domain stream socket.

#ifndef PM_PLATFORM_POSIX_UNIX_SOCKET_CHANNEL_H_
#define PM_PLATFORM_POSIX_UNIX_SOCKET_CHANNEL_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/local_system.h"

namespace pm::posix {

// The largest request or reply either side accepts.
inline constexpr size_t kMaxChannelMessage = 1 << 20;
// How long the listener waits for a client to send its whole request.
inline constexpr absl::Duration kChannelReadTimeout = absl::Seconds(5);

// Binds a Unix socket at `path` (after unlinking a leftover socket of the
// caller there), makes it mode 0600 and serves `handler` on a thread: per
// connection, checks the peer's uid (SO_PEERCRED / getpeereid; other users
// are dropped), reads the request until the client half-closes, writes the
// reply and closes. See LocalSystem::Listen for errors. Thread-safe.
absl::StatusOr<std::unique_ptr<ChannelListener>> ListenUnixSocket(
    const std::string& path, ChannelHandler handler);

// Connects to `path`, sends `request`, half-closes, and reads the reply until
// the listener closes, all within `timeout`. Refuses a listener of another
// user (PermissionDenied). See LocalSystem::Call for errors. Thread-safe.
absl::StatusOr<std::string> CallUnixSocket(const std::string& path,
                                           absl::string_view request,
                                           absl::Duration timeout);

}  // namespace pm::posix

#endif  // PM_PLATFORM_POSIX_UNIX_SOCKET_CHANNEL_H_
