// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// SocketSource: where the Linux backend reads the kernel socket table from
// (NETLINK_SOCK_DIAG or /proc/net/*). Owners are resolved separately, from
// /proc/<pid>/fd, by the prober that combines the two.

#ifndef PM_PLATFORM_LINUX_SOCKET_SOURCE_H_
#define PM_PLATFORM_LINUX_SOCKET_SOURCE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/socket.h"

namespace pm::procfs {

// Lists the sockets of the current network namespace that match a query.
// Implementations return exactly the sockets SocketMatches(query, s) accepts (they
// may filter in the kernel), with uid and inode filled and owners left empty
// (owner_visibility kNotResolved); query.with_owners is ignored here.
// Thread-compatible.
class SocketSource {
 public:
  virtual ~SocketSource() = default;

  // "netlink" or "procfs".
  virtual absl::string_view name() const = 0;
  virtual absl::StatusOr<std::vector<Socket>> List(const SocketQuery& query) = 0;
};

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_SOCKET_SOURCE_H_
