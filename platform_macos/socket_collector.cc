// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// SocketCollector: one record per kernel socket, owners merged.

#include "platform_macos/socket_collector.h"

#include <algorithm>
#include <utility>

namespace pm::macos {

void SocketCollector::Add(uint64_t key, const Socket& socket, Pid owner) {
  if (!SocketMatches(query_, socket)) return;
  auto [it, inserted] = index_.emplace(key, sockets_.size());
  if (inserted) {
    sockets_.push_back(socket);
    sockets_.back().owners.clear();
  }
  sockets_[it->second].owners.push_back(owner);
}

std::vector<Socket> SocketCollector::Finish() {
  for (Socket& s : sockets_) {
    if (query_.with_owners) {
      std::sort(s.owners.begin(), s.owners.end());
      s.owners.erase(std::unique(s.owners.begin(), s.owners.end()),
                     s.owners.end());
      s.owner_visibility = OwnerVisibility::kVisible;
    } else {
      s.owners.clear();
      s.owner_visibility = OwnerVisibility::kNotResolved;
    }
  }
  index_.clear();
  return std::exchange(sockets_, {});
}

}  // namespace pm::macos
