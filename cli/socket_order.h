// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// DisplayOrder: the order in which pm lists sockets, computed from packed sort
// keys instead of comparing Socket records field by field.

#ifndef PM_CLI_SOCKET_ORDER_H_
#define PM_CLI_SOCKET_ORDER_H_

#include <cstddef>
#include <vector>

#include "core/socket.h"

namespace pm::cli {

// Returns the indices of `sockets` in the order SocketDisplayLess
// (core/find_owners.h) sorts them: protocol, local endpoint, state, remote
// endpoint, inode; sockets equal on all of these keep their relative order.
// The sockets are not moved: each gets a 48-byte big-endian key that compares
// as the tuple does, and the keys are sorted.
//
// Example:
//   for (size_t i : DisplayOrder(sockets)) Print(sockets[i]);
//
// Thread-safe (pure).
std::vector<size_t> DisplayOrder(const std::vector<Socket>& sockets);

}  // namespace pm::cli

#endif  // PM_CLI_SOCKET_ORDER_H_
