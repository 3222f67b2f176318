// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The human table of sockets and their owners that `pm ports` and `pm who`
// print: one row per (socket, owner).

#ifndef PM_CLI_SOCKET_TABLE_H_
#define PM_CLI_SOCKET_TABLE_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "cli/table.h"
#include "core/find_owners.h"
#include "core/ip_address.h"
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

// Gives the details of an owner PID: the process, or null when it exited
// before it could be read (its row then says kExitedText).
using OwnerLookup = absl::FunctionRef<const ProcessInfo*(Pid)>;

// Builds the table MakeSocketTable makes, one socket at a time, from sockets
// and owner details held elsewhere (no OwnedSocket copies). Each process's
// PID, USER, PROCESS and COMMAND cells are made once, however many sockets it
// holds, and addresses are formatted without temporary strings.
//
// Example:
//   SocketTableBuilder builder(options);
//   for (const Socket& s : sockets) {
//     builder.Add(s, [&](Pid pid) { return cache.Find(pid); });
//   }
//   builder.table().Write(width, out);
//
// The ProcessInfo objects the lookup returns must stay valid and unchanged
// until the builder is destroyed (their cells are remembered by address).
// Thread-compatible.
class SocketTableBuilder {
 public:
  explicit SocketTableBuilder(const SocketTableOptions& options);

  // Makes room for the rows of `sockets` more sockets (one row each).
  void Reserve(size_t sockets);

  // Appends the rows of `socket`, as MakeSocketTable describes.
  void Add(const Socket& socket, OwnerLookup lookup);

  const Table& table() const { return table_; }
  Table& table() { return table_; }

 private:
  // PID, USER, PROCESS, COMMAND.
  using OwnerCells = std::array<Table::Cell, 4>;

  // The text of the last address formatted, reused while it repeats (most
  // listeners share 0.0.0.0, 127.0.0.1 or ::).
  class LastAddress {
   public:
    const std::string& TextOf(const IpAddress& address);

   private:
    std::optional<IpAddress> address_;
    std::string text_;
  };

  const OwnerCells& CellsOf(const ProcessInfo& info);
  Table::Cell PidCell(Pid pid);
  Table::Cell EndpointCell(const Endpoint& endpoint, bool star_for_zero,
                           LastAddress& last);
  Table::Cell ProtocolCell(const Socket& socket);
  Table::Cell StateCell(SocketState state);

  SocketTableOptions options_;
  Table table_;
  absl::flat_hash_map<const ProcessInfo*, OwnerCells> owners_;
  std::array<std::optional<Table::Cell>, 4> protocols_;
  std::array<std::optional<Table::Cell>, 256> states_;
  // Texts every table may need, stored once.
  Table::Cell dash_;
  Table::Cell not_visible_;
  Table::Cell no_owner_;
  Table::Cell exited_;
  Table::Cell not_resolved_;
  LastAddress local_;
  LastAddress remote_;
  std::string scratch_;
};

// Appends Endpoint::ToString(star_for_zero)'s text to `out`, using
// `address_text` for the address (what endpoint.address.ToString() returns).
void AppendEndpointText(const Endpoint& endpoint, bool star_for_zero,
                        absl::string_view address_text, std::string& out);

}  // namespace pm::cli

#endif  // PM_CLI_SOCKET_TABLE_H_
