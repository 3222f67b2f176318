// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// JSON objects for sockets and processes.

#include "cli/json_output.h"

#include "absl/strings/ascii.h"
#include "core/ip_address.h"
#include "core/socket.h"

namespace pm::cli {
namespace {

Json StringOrNull(const std::string& text) {
  return text.empty() ? Json(nullptr) : Json(text);
}

Json EndpointJson(const Endpoint& endpoint) {
  return Json{{"address", endpoint.address.ToString()},
              {"port", endpoint.port}};
}

// "visible", "not_visible", "no_owner", "not_resolved".
std::string VisibilityJson(OwnerVisibility visibility) {
  std::string name(OwnerVisibilityName(visibility));
  for (char& c : name) {
    if (c == ' ') c = '_';
  }
  return name;
}

}  // namespace

std::string FormatRfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*SZ", time, absl::UTCTimeZone());
}

Json ProcessJson(const ProcessInfo& info) {
  Json cmdline = Json::array();
  for (const std::string& arg : info.cmdline) cmdline.push_back(arg);
  bool known_start = info.start_time != absl::InfinitePast();
  return Json{
      {"pid", info.pid},
      {"ppid", info.ppid},
      {"name", StringOrNull(info.name)},
      {"user", StringOrNull(info.user)},
      {"uid", info.uid.has_value() ? Json(*info.uid) : Json(nullptr)},
      {"exe", StringOrNull(info.exe)},
      {"cmdline", std::move(cmdline)},
      {"start_time",
       known_start ? Json(FormatRfc3339(info.start_time)) : Json(nullptr)},
      {"details_visible", info.details_visible},
  };
}

Json ExitedOwnerJson(Pid pid) {
  return Json{
      {"pid", pid},         {"ppid", nullptr},       {"name", nullptr},
      {"user", nullptr},    {"uid", nullptr},        {"exe", nullptr},
      {"cmdline", nullptr}, {"start_time", nullptr}, {"details_visible", false},
  };
}

Json SocketJson(const OwnedSocket& owned) {
  const Socket& socket = owned.socket;
  Json owners = Json::array();
  for (Pid pid : socket.owners) {
    const ProcessInfo* found = nullptr;
    for (const ProcessInfo& info : owned.processes) {
      if (info.pid == pid) found = &info;
    }
    owners.push_back(found != nullptr ? ProcessJson(*found)
                                      : ExitedOwnerJson(pid));
  }
  return Json{
      {"protocol", std::string(ProtocolName(socket.protocol))},
      {"family", absl::AsciiStrToLower(AddressFamilyName(socket.family()))},
      {"local", EndpointJson(socket.local)},
      {"remote", EndpointJson(socket.remote)},
      {"state", std::string(SocketStateName(socket.state))},
      {"uid", socket.uid.has_value() ? Json(*socket.uid) : Json(nullptr)},
      {"inode", socket.inode != 0 ? Json(socket.inode) : Json(nullptr)},
      {"owner_visibility", VisibilityJson(socket.owner_visibility)},
      {"owners_partial", socket.owners_partial},
      {"owners", std::move(owners)},
  };
}

Json SocketsDocument(const std::vector<OwnedSocket>& sockets) {
  Json list = Json::array();
  for (const OwnedSocket& owned : sockets) list.push_back(SocketJson(owned));
  return Json{{"sockets", std::move(list)}};
}

Json PortJson(uint16_t port, const std::vector<OwnedSocket>& sockets) {
  Json list = Json::array();
  for (const OwnedSocket& owned : sockets) list.push_back(SocketJson(owned));
  return Json{{"port", port}, {"sockets", std::move(list)}};
}

std::string DumpJson(const Json& json) {
  return json.dump(2, ' ', /*ensure_ascii=*/false,
                   Json::error_handler_t::replace) +
         "\n";
}

}  // namespace pm::cli
