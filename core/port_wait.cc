// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// WaitForListener / WaitUntilFree: adaptive polling of the socket table.

#include "core/port_wait.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "core/port_probe.h"
#include "core/status_macros.h"

namespace pm {
namespace {

SocketQuery ListenerQuery(uint16_t port, Protocol protocol) {
  SocketQuery query;
  query.tcp = protocol == Protocol::kTcp;
  query.udp = protocol == Protocol::kUdp;
  query.states = SocketStateSet::Listening();
  query.local_port = port;
  return query;
}

bool ServesHost(const Socket& socket, const std::optional<ProbeHost>& host) {
  if (!host.has_value()) return true;
  return std::any_of(host->addresses.begin(), host->addresses.end(),
                     [&](const IpAddress& wanted) {
                       return AddressesConflict(socket.local.address, wanted);
                     });
}

// The listening sockets on `port` that count for `host`.
absl::StatusOr<std::vector<Socket>> Listeners(
    PortProber& prober, uint16_t port, Protocol protocol,
    const std::optional<ProbeHost>& host) {
  PM_ASSIGN_OR_RETURN(std::vector<Socket> sockets,
                      prober.ListSockets(ListenerQuery(port, protocol)));
  sockets.erase(
      std::remove_if(sockets.begin(), sockets.end(),
                     [&](const Socket& s) { return !ServesHost(s, host); }),
      sockets.end());
  return sockets;
}

// The listeners with their owners; the bare sockets when asked not to look
// owners up, or when they vanished between the two reads.
absl::StatusOr<std::vector<OwnedSocket>> Holders(
    PortProber& prober, ProcessDiscovery& discovery, uint16_t port,
    const PortWaitOptions& options, const std::optional<ProbeHost>& host,
    std::vector<Socket> sockets) {
  std::vector<OwnedSocket> holders;
  if (options.with_owners) {
    SocketQuery query = ListenerQuery(port, options.protocol);
    query.owner_search = options.owner_search;
    absl::StatusOr<std::vector<OwnedSocket>> owned =
        FindOwners(prober, discovery, port, query);
    if (!owned.ok() && !absl::IsNotFound(owned.status())) {
      return owned.status();
    }
    if (owned.ok()) {
      for (OwnedSocket& o : *owned) {
        if (ServesHost(o.socket, host)) holders.push_back(std::move(o));
      }
      if (!holders.empty()) return holders;
    }
  }
  for (Socket& s : sockets) holders.push_back(OwnedSocket{std::move(s), {}});
  return holders;
}

std::string DescribeHolders(const std::vector<OwnedSocket>& holders) {
  std::vector<std::string> parts;
  for (const OwnedSocket& held : holders) {
    for (Pid pid : held.socket.owners) {
      auto info =
          std::find_if(held.processes.begin(), held.processes.end(),
                       [pid](const ProcessInfo& p) { return p.pid == pid; });
      parts.push_back(info == held.processes.end() || info->name.empty()
                          ? absl::StrCat("pid ", pid)
                          : absl::StrCat("pid ", pid, " (", info->name, ")"));
    }
    if (held.socket.owner_visibility == OwnerVisibility::kNotVisible) {
      parts.push_back("a process this user cannot see");
    }
  }
  std::sort(parts.begin(), parts.end());
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  if (parts.empty()) return "a socket whose owner was not looked up";
  return absl::StrJoin(parts, ", ");
}

// Calls `poll` until it returns true or `deadline` passes, sleeping between
// calls at the adaptive interval. Returns true when `poll` did.
absl::StatusOr<bool> PollUntil(
    const std::function<absl::StatusOr<bool>()>& poll, absl::Time deadline,
    const PortWaitOptions& options, PortWaitResult* result) {
  absl::Duration interval =
      std::max(options.min_interval, absl::Microseconds(1));
  const absl::Duration max_interval = std::max(options.max_interval, interval);
  while (true) {
    ++result->polls;
    PM_ASSIGN_OR_RETURN(bool done, poll());
    if (done) return true;
    const absl::Time now = absl::Now();
    if (now >= deadline) return false;
    absl::SleepFor(std::min(interval, deadline - now));
    interval = std::min(interval * 2, max_interval);
  }
}

absl::StatusOr<std::optional<ProbeHost>> HostOf(const PortWaitOptions& options,
                                                uint16_t port) {
  if (port == 0) {
    return absl::InvalidArgumentError(
        "port 0 is not a port a process can hold: give a port from 1 to 65535");
  }
  if (options.host.empty()) return std::optional<ProbeHost>();
  PM_ASSIGN_OR_RETURN(ProbeHost host, ParseProbeHost(options.host));
  return std::optional<ProbeHost>(std::move(host));
}

std::string PortText(Protocol protocol, uint16_t port,
                     const std::optional<ProbeHost>& host) {
  return absl::StrCat(ProtocolName(protocol), " port ", port,
                      host.has_value() ? absl::StrCat(" on ", host->name) : "");
}

}  // namespace

absl::StatusOr<PortWaitResult> WaitForListener(PortProber& prober,
                                               ProcessDiscovery& discovery,
                                               uint16_t port,
                                               absl::Time deadline,
                                               const PortWaitOptions& options) {
  const absl::Time start = absl::Now();
  PM_ASSIGN_OR_RETURN(std::optional<ProbeHost> host, HostOf(options, port));
  PortWaitResult result;
  std::vector<Socket> found;
  PM_ASSIGN_OR_RETURN(
      bool listening,
      PollUntil(
          [&]() -> absl::StatusOr<bool> {
            PM_ASSIGN_OR_RETURN(
                found, Listeners(prober, port, options.protocol, host));
            return !found.empty();
          },
          deadline, options, &result));
  result.waited = absl::Now() - start;
  if (!listening) {
    return absl::DeadlineExceededError(absl::StrCat(
        "nothing listens on ", PortText(options.protocol, port, host),
        " after ", absl::FormatDuration(result.waited)));
  }
  PM_ASSIGN_OR_RETURN(result.holders, Holders(prober, discovery, port, options,
                                              host, std::move(found)));
  return result;
}

absl::StatusOr<PortWaitResult> WaitUntilFree(PortProber& prober,
                                             ProcessDiscovery& discovery,
                                             uint16_t port, absl::Time deadline,
                                             const PortWaitOptions& options) {
  const absl::Time start = absl::Now();
  PM_ASSIGN_OR_RETURN(std::optional<ProbeHost> host, HostOf(options, port));
  PortWaitResult result;
  std::vector<Socket> found;
  PM_ASSIGN_OR_RETURN(
      bool free, PollUntil(
                     [&]() -> absl::StatusOr<bool> {
                       PM_ASSIGN_OR_RETURN(
                           found,
                           Listeners(prober, port, options.protocol, host));
                       if (!found.empty()) return false;
                       if (!host.has_value()) return true;
                       PM_ASSIGN_OR_RETURN(
                           PortAvailability availability,
                           IsPortFree(prober, port, *host, options.protocol));
                       return availability.free();
                     },
                     deadline, options, &result));
  result.waited = absl::Now() - start;
  if (free) return result;
  std::string holders = "a socket the table does not list";
  if (!found.empty()) {
    PM_ASSIGN_OR_RETURN(
        std::vector<OwnedSocket> owned,
        Holders(prober, discovery, port, options, host, std::move(found)));
    holders = DescribeHolders(owned);
  }
  return absl::DeadlineExceededError(absl::StrCat(
      PortText(options.protocol, port, host), " is still held after ",
      absl::FormatDuration(result.waited), " by ", holders));
}

absl::StatusOr<PortWaitResult> WaitForListener(Backend& backend, uint16_t port,
                                               absl::Time deadline,
                                               const PortWaitOptions& options) {
  return WaitForListener(backend.ports(), backend.processes(), port, deadline,
                         options);
}

absl::StatusOr<PortWaitResult> WaitUntilFree(Backend& backend, uint16_t port,
                                             absl::Time deadline,
                                             const PortWaitOptions& options) {
  return WaitUntilFree(backend.ports(), backend.processes(), port, deadline,
                       options);
}

}  // namespace pm
