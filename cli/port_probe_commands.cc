// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm port check`, `pm port find` and `pm port wait`.

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "cli/json_output.h"
#include "cli/port_command.h"
#include "cli/port_output.h"
#include "cli/socket_table.h"
#include "cli/table.h"
#include "core/find_free_port.h"
#include "core/find_owners.h"
#include "core/port.h"
#include "core/port_probe.h"
#include "core/port_range.h"
#include "core/port_wait.h"

namespace pm::cli {
namespace {

Protocol ProtocolOf(bool udp) { return udp ? Protocol::kUdp : Protocol::kTcp; }

Json AddressList(const std::vector<IpAddress>& addresses) {
  Json list = Json::array();
  for (const IpAddress& a : addresses) list.push_back(a.ToString());
  return list;
}

// The sockets that make `availability` taken: every socket of the protocol on
// the port, but TIME_WAIT leftovers, whose address a bind on a taken address
// would meet. Empty when the table shows none (a bound-only socket).
absl::StatusOr<std::vector<OwnedSocket>> Holders(
    Backend& backend, const PortAvailability& availability) {
  SocketQuery query;
  query.tcp = availability.protocol == Protocol::kTcp;
  query.udp = !query.tcp;
  absl::StatusOr<std::vector<OwnedSocket>> found =
      FindOwners(backend, availability.port, query);
  if (absl::IsNotFound(found.status())) return std::vector<OwnedSocket>();
  if (!found.ok()) return found.status();
  std::vector<OwnedSocket> holders;
  for (OwnedSocket& owned : *found) {
    if (owned.socket.state == SocketState::kTimeWait) continue;
    const bool meets = std::any_of(
        availability.taken_on.begin(), availability.taken_on.end(),
        [&](const IpAddress& taken) {
          return AddressesConflict(owned.socket.local.address, taken);
        });
    if (meets) holders.push_back(std::move(owned));
  }
  return holders;
}

}  // namespace

int RunPortCheck(const PortCheckOptions& options,
                 const BackendFactory& make_backend, const Output& output) {
  std::vector<uint16_t> ports;
  for (const std::string& text : options.ports) {
    absl::StatusOr<uint16_t> port = ParsePort(text);
    if (!port.ok()) {
      output.err << "pm port check: " << port.status().message() << "\n";
      return kExitUsage;
    }
    if (std::find(ports.begin(), ports.end(), *port) == ports.end()) {
      ports.push_back(*port);
    }
  }
  absl::StatusOr<ProbeHost> host = ParseProbeHost(options.target.host);
  if (!host.ok()) {
    output.err << "pm port check: --host " << host.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << "pm port check: " << backend.status().message() << "\n";
    return kExitFailure;
  }
  const Protocol protocol = ProtocolOf(options.target.udp);
  Table table({{"PORT", Align::kRight},
               {"PROTO"},
               {"HOST"},
               {"STATE"},
               {"TAKEN ON"},
               {"HELD BY", Align::kLeft, 10}});
  Json list = Json::array();
  bool all_free = true;
  for (uint16_t port : ports) {
    absl::StatusOr<PortAvailability> availability =
        IsPortFree((*backend)->ports(), port, *host, protocol);
    if (!availability.ok()) {
      output.err << "pm port check: port " << port << ": "
                 << availability.status().message() << "\n";
      return kExitFailure;
    }
    std::vector<OwnedSocket> holders;
    if (!availability->free()) {
      all_free = false;
      absl::StatusOr<std::vector<OwnedSocket>> found =
          Holders(**backend, *availability);
      if (!found.ok()) {
        output.err << "pm port check: port " << port << ": "
                   << found.status().message() << "\n";
        return kExitFailure;
      }
      holders = *std::move(found);
    }
    std::vector<std::string> taken;
    for (const IpAddress& a : availability->taken_on) {
      taken.push_back(a.ToString());
    }
    table.AddRow({absl::StrCat(port), std::string(ProtocolName(protocol)),
                  host->name, availability->free() ? "free" : "in use",
                  taken.empty() ? "-" : absl::StrJoin(taken, ","),
                  availability->free() ? "-" : DescribeHolders(holders)});
    list.push_back(Json{{"port", port},
                        {"protocol", std::string(ProtocolName(protocol))},
                        {"host", host->name},
                        {"free", availability->free()},
                        {"free_on", AddressList(availability->free_on)},
                        {"taken_on", AddressList(availability->taken_on)},
                        {"skipped", AddressList(availability->skipped)},
                        {"sockets", SocketListJson(holders)}});
  }
  if (options.json) {
    output.out << DumpJson(Json{{"ports", std::move(list)}});
  } else {
    output.out << table.Render(output.width);
  }
  return all_free ? kExitOk : kExitNotFound;
}

int RunPortFind(const PortFindOptions& options,
                const BackendFactory& make_backend, const Output& output) {
  std::optional<PortRange> range;
  if (!options.range.empty()) {
    absl::StatusOr<PortRange> parsed = ParsePortRange(options.range);
    if (!parsed.ok()) {
      output.err << "pm port find: " << parsed.status().message() << "\n";
      return kExitUsage;
    }
    range = *parsed;
  }
  absl::StatusOr<ProbeHost> host = ParseProbeHost(options.target.host);
  if (!host.ok()) {
    output.err << "pm port find: --host " << host.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << "pm port find: " << backend.status().message() << "\n";
    return kExitFailure;
  }
  FindFreePortOptions find;
  find.host = options.target.host;
  find.protocol = ProtocolOf(options.target.udp);
  absl::StatusOr<FreePort> found =
      FindFreePort((*backend)->ports(), range, find);
  if (!found.ok()) {
    output.err << "pm port find: " << found.status().message() << "\n";
    return absl::IsResourceExhausted(found.status()) ? kExitNotFound
                                                     : kExitFailure;
  }
  if (options.json) {
    output.out << DumpJson(
        Json{{"port", found->port},
             {"protocol", std::string(ProtocolName(find.protocol))},
             {"host", host->name},
             {"range", range ? Json(range->ToString()) : Json(nullptr)}});
  } else {
    output.out << found->port << "\n";
  }
  return kExitOk;
}

int RunPortWait(const PortWaitCommandOptions& options,
                const BackendFactory& make_backend, const Output& output) {
  absl::StatusOr<uint16_t> port = ParsePort(options.port);
  if (!port.ok()) {
    output.err << "pm port wait: " << port.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<absl::Duration> timeout = ParseTimeout(options.timeout);
  if (!timeout.ok()) {
    output.err << "pm port wait: " << timeout.status().message() << "\n";
    return kExitUsage;
  }
  if (!options.host.empty()) {
    absl::StatusOr<ProbeHost> host = ParseProbeHost(options.host);
    if (!host.ok()) {
      output.err << "pm port wait: --host " << host.status().message() << "\n";
      return kExitUsage;
    }
  }
  const absl::Time deadline = absl::Now() + *timeout;
  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << "pm port wait: " << backend.status().message() << "\n";
    return kExitFailure;
  }
  PortWaitOptions wait;
  wait.protocol = ProtocolOf(options.udp);
  wait.host = options.host;
  const absl::Time start = absl::Now();
  absl::StatusOr<PortWaitResult> result =
      options.free ? WaitUntilFree(**backend, *port, deadline, wait)
                   : WaitForListener(**backend, *port, deadline, wait);
  const bool timed_out = absl::IsDeadlineExceeded(result.status());
  if (!result.ok()) {
    output.err << "pm port wait: " << result.status().message() << "\n";
    if (!timed_out) return kExitFailure;
  }
  const std::string event =
      timed_out ? "timeout" : (options.free ? "free" : "listening");
  const absl::Duration waited =
      result.ok() ? result->waited : absl::Now() - start;
  if (options.json) {
    output.out << DumpJson(
        Json{{"port", *port},
             {"protocol", std::string(ProtocolName(wait.protocol))},
             {"event", event},
             {"waited_ms", Milliseconds(waited)},
             {"sockets",
              result.ok() ? SocketListJson(result->holders) : Json::array()}});
  } else if (result.ok() && options.free) {
    output.out << "port " << *port << "/" << ProtocolName(wait.protocol)
               << " is free\n";
  } else if (result.ok()) {
    output.out << MakeSocketTable(result->holders, SocketTableOptions())
                      .Render(output.width);
  }
  return timed_out ? kExitNotFound : kExitOk;
}

}  // namespace pm::cli
