// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FindOwners over the PortProber and ProcessDiscovery interfaces.

#include "core/find_owners.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/status_macros.h"

namespace pm {
namespace {

// "tcp+udp, IPv4+IPv6, any state": the filters, for a NotFound message.
std::string DescribeFilter(const SocketQuery& q) {
  std::vector<std::string> parts;
  std::vector<std::string> protocols;
  if (q.tcp) protocols.push_back("tcp");
  if (q.udp) protocols.push_back("udp");
  parts.push_back(protocols.empty() ? "no protocol"
                                    : absl::StrJoin(protocols, "+"));
  std::vector<std::string> families;
  if (q.ipv4) families.push_back("IPv4");
  if (q.ipv6) families.push_back("IPv6");
  parts.push_back(families.empty() ? "no family"
                                   : absl::StrJoin(families, "+"));
  if (q.states == SocketStateSet::Listening()) {
    parts.push_back("listening");
  } else if (!q.states.IsAll()) {
    parts.push_back("selected states");
  }
  if (q.local_address) {
    parts.push_back(absl::StrCat("address ", q.local_address->ToString()));
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

bool SocketDisplayLess(const Socket& a, const Socket& b) {
  return std::make_tuple(a.protocol, a.local, a.state, a.remote, a.inode) <
         std::make_tuple(b.protocol, b.local, b.state, b.remote, b.inode);
}

absl::StatusOr<std::vector<OwnedSocket>> FindOwners(PortProber& prober,
                                                    ProcessDiscovery& discovery,
                                                    uint16_t port,
                                                    SocketQuery filter) {
  if (port == 0) {
    return absl::InvalidArgumentError(
        "port 0 is not a port a process can hold; give a port from 1 to 65535");
  }
  filter.local_port = port;
  filter.with_owners = true;
  PM_ASSIGN_OR_RETURN(std::vector<Socket> sockets, prober.ListSockets(filter));
  if (sockets.empty()) {
    return absl::NotFoundError(absl::StrCat("no socket on port ", port, " (",
                                            DescribeFilter(filter), ")"));
  }
  std::sort(sockets.begin(), sockets.end(), SocketDisplayLess);

  // Look each owner up once, even when it holds many of the sockets.
  std::map<Pid, absl::StatusOr<ProcessInfo>> details;
  std::vector<OwnedSocket> result;
  result.reserve(sockets.size());
  for (Socket& socket : sockets) {
    OwnedSocket owned;
    for (Pid pid : socket.owners) {
      auto it = details.find(pid);
      if (it == details.end()) {
        it = details.emplace(pid, discovery.GetProcess(pid)).first;
      }
      const absl::StatusOr<ProcessInfo>& info = it->second;
      if (info.ok()) {
        owned.processes.push_back(*info);
      } else if (!absl::IsNotFound(info.status())) {
        // Still there but unreadable: report the PID with nothing else known.
        ProcessInfo partial;
        partial.pid = pid;
        partial.details_visible = false;
        owned.processes.push_back(std::move(partial));
      }
      // NotFound: exited since the socket scan; the PID stays in socket.owners.
    }
    owned.socket = std::move(socket);
    result.push_back(std::move(owned));
  }
  return result;
}

absl::StatusOr<std::vector<OwnedSocket>> FindOwners(Backend& backend,
                                                    uint16_t port,
                                                    SocketQuery filter) {
  return FindOwners(backend.ports(), backend.processes(), port,
                    std::move(filter));
}

}  // namespace pm
