// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// SocketTableBuilder and MakeSocketTable: one row per socket owner.

#include "cli/socket_table.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace pm::cli {
namespace {

constexpr size_t kProcessMinWidth = 15;  // Linux comm is up to 15 characters.
constexpr size_t kCommandMinWidth = 7;

std::vector<Column> SocketColumns(const SocketTableOptions& options) {
  std::vector<Column> columns = {{"PROTO"}, {"LOCAL ADDRESS"}};
  if (options.show_remote) columns.push_back({"REMOTE"});
  columns.insert(columns.end(), {{"STATE"},
                                 {"PID", Align::kRight},
                                 {"USER"},
                                 {"PROCESS", Align::kLeft, kProcessMinWidth},
                                 {"COMMAND", Align::kLeft, kCommandMinWidth}});
  return columns;
}

}  // namespace

std::string ProtocolColumn(const Socket& socket) {
  return absl::StrCat(ProtocolName(socket.protocol),
                      socket.family() == AddressFamily::kIpv6 ? "6" : "");
}

void AppendEndpointText(const Endpoint& endpoint, bool star_for_zero,
                        absl::string_view address_text, std::string& out) {
  // Mirrors Endpoint::ToString (core/ip_address.cc).
  const bool v6 = endpoint.address.is_v6();
  if (v6) out.push_back('[');
  out.append(address_text.data(), address_text.size());
  out.append(v6 ? "]:" : ":");
  if (star_for_zero && endpoint.port == 0) {
    out.push_back('*');
  } else {
    absl::StrAppend(&out, endpoint.port);
  }
}

SocketTableBuilder::SocketTableBuilder(const SocketTableOptions& options)
    : options_(options), table_(SocketColumns(options)) {
  dash_ = table_.AddText("-");
  not_visible_ = table_.AddText(kNotVisibleText);
  no_owner_ = table_.AddText(kNoOwnerText);
  exited_ = table_.AddText(kExitedText);
  not_resolved_ = table_.AddText("(owner not resolved)");
}

void SocketTableBuilder::Reserve(size_t sockets) {
  // One row each; about 24 bytes of address text per row.
  table_.Reserve(sockets, sockets * 24);
  owners_.reserve(64);
}

const SocketTableBuilder::OwnerCells& SocketTableBuilder::CellsOf(
    const ProcessInfo& info) {
  auto [it, inserted] = owners_.try_emplace(&info);
  if (!inserted) return it->second;
  OwnerCells& cells = it->second;
  cells[0] = PidCell(info.pid);
  if (!info.user.empty()) {
    cells[1] = table_.AddText(info.user);
  } else if (info.uid.has_value()) {
    cells[1] = table_.AddText(absl::AlphaNum(*info.uid).Piece());
  } else {
    cells[1] = dash_;
  }
  if (info.name.empty() && !info.details_visible) {
    cells[2] = not_visible_;
  } else {
    cells[2] = table_.AddText(info.name);
  }
  cells[3] = table_.AddText(JoinCmdline(info.cmdline));
  return cells;
}

Table::Cell SocketTableBuilder::PidCell(Pid pid) {
  return table_.AddText(absl::AlphaNum(pid).Piece());
}

const std::string& SocketTableBuilder::LastAddress::TextOf(
    const IpAddress& address) {
  if (!address_.has_value() || *address_ != address) {
    address_ = address;
    text_ = address.ToString();
  }
  return text_;
}

Table::Cell SocketTableBuilder::EndpointCell(const Endpoint& endpoint,
                                             bool star_for_zero,
                                             LastAddress& last) {
  scratch_.clear();
  AppendEndpointText(endpoint, star_for_zero, last.TextOf(endpoint.address),
                     scratch_);
  return table_.AddText(scratch_);
}

Table::Cell SocketTableBuilder::ProtocolCell(const Socket& socket) {
  const size_t index = (socket.protocol == Protocol::kUdp ? 2 : 0) +
                       (socket.family() == AddressFamily::kIpv6 ? 1 : 0);
  std::optional<Table::Cell>& cell = protocols_[index];
  if (!cell.has_value()) cell = table_.AddText(ProtocolColumn(socket));
  return *cell;
}

Table::Cell SocketTableBuilder::StateCell(SocketState state) {
  std::optional<Table::Cell>& cell = states_[static_cast<uint8_t>(state)];
  if (!cell.has_value()) cell = table_.AddText(SocketStateName(state));
  return *cell;
}

void SocketTableBuilder::Add(const Socket& socket, OwnerLookup lookup) {
  // PROTO, LOCAL ADDRESS, [REMOTE], STATE, then the four owner cells.
  std::array<Table::Cell, 8> row;
  size_t prefix = 0;
  row[prefix++] = ProtocolCell(socket);
  row[prefix++] = EndpointCell(socket.local, /*star_for_zero=*/false, local_);
  if (options_.show_remote) {
    row[prefix++] =
        EndpointCell(socket.remote, /*star_for_zero=*/true, remote_);
  }
  row[prefix++] = StateCell(socket.state);
  const absl::Span<const Table::Cell> cells(row.data(), prefix + 4);
  auto add_anonymous = [&](Table::Cell text) {
    row[prefix] = dash_;
    row[prefix + 1] = dash_;
    if (socket.owner_visibility == OwnerVisibility::kNotVisible &&
        socket.uid.has_value()) {
      row[prefix + 1] = table_.AddText(absl::AlphaNum(*socket.uid).Piece());
    }
    row[prefix + 2] = text;
    row[prefix + 3] = Table::Cell();
    table_.AddRow(cells);
  };

  for (Pid pid : socket.owners) {
    if (options_.only_pid && *options_.only_pid != pid) continue;
    const ProcessInfo* info = lookup(pid);
    if (info == nullptr) {
      row[prefix] = PidCell(pid);
      row[prefix + 1] = dash_;
      row[prefix + 2] = exited_;
      row[prefix + 3] = Table::Cell();
    } else {
      const OwnerCells& owner = CellsOf(*info);
      std::copy(owner.begin(), owner.end(), row.begin() + prefix);
    }
    table_.AddRow(cells);
  }
  if (options_.only_pid) return;
  switch (socket.owner_visibility) {
    case OwnerVisibility::kNotVisible:
      add_anonymous(not_visible_);
      break;
    case OwnerVisibility::kVisible:
    case OwnerVisibility::kNoOwner:
      if (socket.owners.empty()) add_anonymous(no_owner_);
      break;
    case OwnerVisibility::kNotResolved:
      add_anonymous(not_resolved_);
      break;
  }
}

Table MakeSocketTable(const std::vector<OwnedSocket>& sockets,
                      const SocketTableOptions& options) {
  SocketTableBuilder builder(options);
  builder.Reserve(sockets.size());
  for (const OwnedSocket& owned : sockets) {
    builder.Add(owned.socket, [&owned](Pid pid) -> const ProcessInfo* {
      for (const ProcessInfo& info : owned.processes) {
        if (info.pid == pid) return &info;
      }
      return nullptr;
    });
  }
  return std::move(builder.table());
}

}  // namespace pm::cli
