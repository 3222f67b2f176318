// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The human table of sockets and their owners that `pm ports` and `pm who`
// print: one row per (socket, owner).

#ifndef PM_CLI_SOCKET_TABLE_H_
#define PM_CLI_SOCKET_TABLE_H_

#include <optional>
#include <string>
#include <vector>

#include "cli/table.h"
#include "core/find_owners.h"
#include "core/process.h"
#include "core/socket.h"

namespace pm::cli {

// What the PROCESS column says when a socket's holder cannot be seen, and when
// nothing holds it.
inline constexpr char kNotVisibleText[] =
    "(not visible: held by another user/namespace)";
inline constexpr char kNoOwnerText[] = "(no owner)";
inline constexpr char kExitedText[] = "(exited)";

struct SocketTableOptions {
  // Adds the REMOTE column (pm ports --all, pm who --all).
  bool show_remote = false;
  // Keeps only the rows of this owner (pm ports --pid).
  std::optional<Pid> only_pid;
};

// "tcp", "udp", "tcp6", "udp6".
std::string ProtocolColumn(const Socket& socket);

// Builds the table: columns PROTO, LOCAL ADDRESS, [REMOTE], STATE, PID, USER,
// PROCESS, COMMAND, in the order of `sockets`. A socket gets one row per owner
// (ascending PID); a socket whose holder is not visible gets a row with PID
// "-", USER its socket uid if known, and kNotVisibleText (after the rows of any
// owners that are visible); a socket with no owner one row with "-" and
// kNoOwnerText; an owner that exited since the scan a row with its PID and
// kExitedText. PROCESS and COMMAND shrink to fit a width (PROCESS first,
// down to 15 columns, then COMMAND).
// Thread-safe (pure).
Table MakeSocketTable(const std::vector<OwnedSocket>& sockets,
                      const SocketTableOptions& options);

}  // namespace pm::cli

#endif  // PM_CLI_SOCKET_TABLE_H_
