// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessCache.

#include "cli/process_cache.h"

#include <utility>

#include "absl/status/status.h"

namespace pm::cli {

ProcessCache::Entry& ProcessCache::Lookup(Pid pid) {
  auto it = answers_.find(pid);
  if (it == answers_.end()) {
    it = answers_.emplace(pid, Entry{discovery_.GetProcess(pid), {}}).first;
    it->second.partial.pid = pid;
    it->second.partial.details_visible = false;
  }
  return it->second;
}

const absl::StatusOr<ProcessInfo>& ProcessCache::Get(Pid pid) {
  return Lookup(pid).answer;
}

const ProcessInfo* ProcessCache::Find(Pid pid) {
  const Entry& entry = Lookup(pid);
  if (entry.answer.ok()) return &*entry.answer;
  if (absl::IsNotFound(entry.answer.status())) return nullptr;
  return &entry.partial;
}

OwnedSocket ProcessCache::Attach(Socket socket) {
  OwnedSocket owned;
  owned.processes.reserve(socket.owners.size());
  for (Pid pid : socket.owners) {
    if (const ProcessInfo* info = Find(pid)) owned.processes.push_back(*info);
  }
  owned.socket = std::move(socket);
  return owned;
}

}  // namespace pm::cli
