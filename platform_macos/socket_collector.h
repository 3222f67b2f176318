// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// SocketCollector: merges the sockets found in each process's file table into
// one record per kernel socket, with every process that holds it.

#ifndef PM_PLATFORM_MACOS_SOCKET_COLLECTOR_H_
#define PM_PLATFORM_MACOS_SOCKET_COLLECTOR_H_

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/process.h"
#include "core/socket.h"

namespace pm::macos {

// macOS has no system-wide socket table with owners: sockets are found by
// walking every process's descriptors, so a socket shared by several processes
// (fork, SO_REUSEPORT, a passed descriptor) is seen once per holder. The
// collector keys sockets by their kernel handle (soi_pcb) and gathers the
// holders. Pure: no system calls.
//
// Example:
//   SocketCollector c(query);
//   c.Add(pcb, socket, 100);
//   c.Add(pcb, socket, 42);   // the same socket, held by a child
//   c.Finish();               // one Socket, owners {42, 100}
//
// Thread-compatible.
class SocketCollector {
 public:
  explicit SocketCollector(SocketQuery query) : query_(std::move(query)) {}

  // Records that process `owner` holds `socket`, whose kernel handle is `key`.
  // A socket that fails SocketMatches(query, socket) is dropped. The first Add
  // for a key keeps its fields; later ones only add their owner.
  void Add(uint64_t key, const Socket& socket, Pid owner);

  // Returns the sockets in the order first seen. With query.with_owners, owners
  // are sorted and unique and owner_visibility is kVisible (every socket here
  // was found through a process that holds it); otherwise owners are empty and
  // owner_visibility is kNotResolved. Leaves the collector empty.
  std::vector<Socket> Finish();

 private:
  SocketQuery query_;
  std::vector<Socket> sockets_;
  std::unordered_map<uint64_t, size_t> index_;  // key -> position in sockets_.
};

}  // namespace pm::macos

#endif  // PM_PLATFORM_MACOS_SOCKET_COLLECTOR_H_
