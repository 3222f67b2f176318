// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Netlink-then-/proc/net socket source.

#include "platform_linux/fallback_socket_source.h"

#include <utility>

#include "absl/status/status.h"

namespace pm::procfs {

FallbackSocketSource::FallbackSocketSource(
    std::unique_ptr<SocketSource> primary,
    std::unique_ptr<SocketSource> fallback)
    : primary_(std::move(primary)), fallback_(std::move(fallback)) {}

absl::string_view FallbackSocketSource::name() const {
  return primary_ ? primary_->name() : fallback_->name();
}

absl::StatusOr<std::vector<Socket>> FallbackSocketSource::List(
    const SocketQuery& query) {
  if (primary_) {
    absl::StatusOr<std::vector<Socket>> sockets = primary_->List(query);
    if (sockets.ok() || (!absl::IsUnimplemented(sockets.status()) &&
                         !absl::IsPermissionDenied(sockets.status()))) {
      return sockets;
    }
    primary_.reset();
  }
  return fallback_->List(query);
}

}  // namespace pm::procfs
