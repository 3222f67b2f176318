// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessCache.

#include "cli/process_cache.h"

#include <utility>

#include "absl/status/status.h"

namespace pm::cli {

const absl::StatusOr<ProcessInfo>& ProcessCache::Get(Pid pid) {
  auto it = answers_.find(pid);
  if (it == answers_.end()) {
    it = answers_.emplace(pid, discovery_.GetProcess(pid)).first;
  }
  return it->second;
}

OwnedSocket ProcessCache::Attach(Socket socket) {
  OwnedSocket owned;
  for (Pid pid : socket.owners) {
    const absl::StatusOr<ProcessInfo>& info = Get(pid);
    if (info.ok()) {
      owned.processes.push_back(*info);
    } else if (!absl::IsNotFound(info.status())) {
      ProcessInfo partial;
      partial.pid = pid;
      partial.details_visible = false;
      owned.processes.push_back(std::move(partial));
    }
  }
  owned.socket = std::move(socket);
  return owned;
}

}  // namespace pm::cli
