// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// MakeSocketTable: one row per socket owner.

#include "cli/socket_table.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace pm::cli {
namespace {

constexpr size_t kProcessMinWidth = 15;  // Linux comm is up to 15 characters.
constexpr size_t kCommandMinWidth = 7;

const ProcessInfo* FindProcess(const OwnedSocket& owned, Pid pid) {
  for (const ProcessInfo& info : owned.processes) {
    if (info.pid == pid) return &info;
  }
  return nullptr;
}

std::string UserColumn(const ProcessInfo& info) {
  if (!info.user.empty()) return info.user;
  if (info.uid.has_value()) return absl::StrCat(*info.uid);
  return "-";
}

// PID, USER, PROCESS, COMMAND of one owner.
std::vector<std::string> OwnerCells(const OwnedSocket& owned, Pid pid) {
  const ProcessInfo* info = FindProcess(owned, pid);
  if (info == nullptr) return {absl::StrCat(pid), "-", kExitedText, ""};
  std::string name = info->name;
  if (name.empty() && !info->details_visible) name = kNotVisibleText;
  return {absl::StrCat(pid), UserColumn(*info), name,
          JoinCmdline(info->cmdline)};
}

// PID, USER, PROCESS, COMMAND of a row without a known process.
std::vector<std::string> AnonymousCells(const Socket& socket,
                                        absl::string_view text) {
  std::string user = "-";
  if (socket.owner_visibility == OwnerVisibility::kNotVisible &&
      socket.uid.has_value()) {
    user = absl::StrCat(*socket.uid);
  }
  return {"-", user, std::string(text), ""};
}

}  // namespace

std::string ProtocolColumn(const Socket& socket) {
  return absl::StrCat(ProtocolName(socket.protocol),
                      socket.family() == AddressFamily::kIpv6 ? "6" : "");
}

Table MakeSocketTable(const std::vector<OwnedSocket>& sockets,
                      const SocketTableOptions& options) {
  std::vector<Column> columns = {{"PROTO"}, {"LOCAL ADDRESS"}};
  if (options.show_remote) columns.push_back({"REMOTE"});
  columns.insert(columns.end(), {{"STATE"},
                                 {"PID", Align::kRight},
                                 {"USER"},
                                 {"PROCESS", Align::kLeft, kProcessMinWidth},
                                 {"COMMAND", Align::kLeft, kCommandMinWidth}});
  Table table(std::move(columns));

  for (const OwnedSocket& owned : sockets) {
    const Socket& socket = owned.socket;
    std::vector<std::string> prefix = {ProtocolColumn(socket),
                                       socket.local.ToString()};
    if (options.show_remote) {
      prefix.push_back(socket.remote.ToString(/*star_for_zero=*/true));
    }
    prefix.push_back(std::string(SocketStateName(socket.state)));
    auto add = [&](std::vector<std::string> cells) {
      std::vector<std::string> row = prefix;
      row.insert(row.end(), std::make_move_iterator(cells.begin()),
                 std::make_move_iterator(cells.end()));
      table.AddRow(std::move(row));
    };

    for (Pid pid : socket.owners) {
      if (options.only_pid && *options.only_pid != pid) continue;
      add(OwnerCells(owned, pid));
    }
    if (options.only_pid) continue;
    switch (socket.owner_visibility) {
      case OwnerVisibility::kNotVisible:
        add(AnonymousCells(socket, kNotVisibleText));
        break;
      case OwnerVisibility::kVisible:
      case OwnerVisibility::kNoOwner:
        if (socket.owners.empty()) add(AnonymousCells(socket, kNoOwnerText));
        break;
      case OwnerVisibility::kNotResolved:
        add(AnonymousCells(socket, "(owner not resolved)"));
        break;
    }
  }
  return table;
}

}  // namespace pm::cli
