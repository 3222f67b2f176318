// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessCache: looks each owner PID up once while a command attaches process
// details to many sockets.

#ifndef PM_CLI_PROCESS_CACHE_H_
#define PM_CLI_PROCESS_CACHE_H_

#include <map>

#include "absl/status/statusor.h"
#include "core/find_owners.h"
#include "core/process.h"
#include "core/process_discovery.h"
#include "core/socket.h"

namespace pm::cli {

// Remembers ProcessDiscovery::GetProcess answers, errors included, by PID.
//
// Example:
//   ProcessCache cache(backend.processes());
//   for (Socket& s : sockets) owned.push_back(cache.Attach(std::move(s)));
//
// Thread-compatible; `discovery` must outlive the cache.
class ProcessCache {
 public:
  explicit ProcessCache(ProcessDiscovery& discovery) : discovery_(discovery) {}

  // Returns the answer for `pid`, asking the discovery only the first time.
  // The reference stays valid for the cache's lifetime.
  const absl::StatusOr<ProcessInfo>& Get(Pid pid);

  // Returns the details to show for owner `pid`, by the rules of Attach: the
  // process; a record with only the PID and details_visible false when it
  // could not be read; null when it exited (NotFound). Asks the discovery
  // only the first time. The pointer stays valid for the cache's lifetime.
  const ProcessInfo* Find(Pid pid);

  // Wraps `socket` with the details of its owners, by FindOwners' rules: an
  // owner that has exited (NotFound) is left out of `processes` but stays in
  // socket.owners; one that cannot be read is listed with its PID only and
  // details_visible false.
  OwnedSocket Attach(Socket socket);

 private:
  struct Entry {
    absl::StatusOr<ProcessInfo> answer;
    ProcessInfo partial;  // Find's answer when `answer` is another error.
  };

  Entry& Lookup(Pid pid);

  ProcessDiscovery& discovery_;
  std::map<Pid, Entry> answers_;  // A map: references stay valid.
};

}  // namespace pm::cli

#endif  // PM_CLI_PROCESS_CACHE_H_
