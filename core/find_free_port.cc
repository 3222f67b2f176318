// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FindFreePort: one socket-table snapshot to pass over taken ports, then bind
// probes (or reservations) to decide.

#include "core/find_free_port.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/port_probe.h"

namespace pm {
namespace {

constexpr int kAnyPortAttempts = 16;

// Tries `port` on every address of `host`: OK(true) when free on all of them
// (with one reservation per address in `*reservations` when `reserve`),
// OK(false) when one is in use. An address of a family this machine lacks is
// dropped from `host` (for "localhost") while another address remains.
absl::StatusOr<bool> TryPort(
    PortProber& prober, Protocol protocol, uint16_t port, ProbeHost& host,
    bool reserve, std::vector<std::unique_ptr<PortReservation>>* reservations) {
  reservations->clear();
  for (auto it = host.addresses.begin(); it != host.addresses.end();) {
    const Endpoint endpoint{*it, port};
    absl::Status error;
    if (reserve) {
      absl::StatusOr<std::unique_ptr<PortReservation>> held =
          prober.Reserve(protocol, endpoint);
      if (held.ok()) {
        reservations->push_back(*std::move(held));
        ++it;
        continue;
      }
      if (absl::IsAlreadyExists(held.status())) {
        reservations->clear();
        return false;
      }
      error = held.status();
    } else {
      absl::StatusOr<BindOutcome> outcome =
          prober.ProbeBind(protocol, endpoint);
      if (outcome.ok()) {
        if (*outcome == BindOutcome::kInUse) return false;
        ++it;
        continue;
      }
      error = outcome.status();
    }
    if (host.skip_missing_families && IsMissingFamily(error) &&
        host.addresses.size() > 1) {
      it = host.addresses.erase(it);
      continue;
    }
    reservations->clear();
    return error;
  }
  return true;
}

// "Any free port": the OS picks one on the first address.
absl::StatusOr<FreePort> FindAnyPort(PortProber& prober, ProbeHost host,
                                     const FindFreePortOptions& options) {
  for (int attempt = 0; attempt < kAnyPortAttempts; ++attempt) {
    absl::StatusOr<std::unique_ptr<PortReservation>> first =
        prober.Reserve(options.protocol, Endpoint{host.addresses.front(), 0});
    if (!first.ok()) {
      if (host.skip_missing_families && IsMissingFamily(first.status()) &&
          host.addresses.size() > 1) {
        host.addresses.erase(host.addresses.begin());
        --attempt;
        continue;
      }
      return first.status();
    }
    FreePort result;
    result.port = (*first)->local().port;
    ++result.probed;
    if (options.exclude.count(result.port) > 0) continue;
    ProbeHost rest = host;
    rest.addresses.erase(rest.addresses.begin());
    std::vector<std::unique_ptr<PortReservation>> others;
    absl::StatusOr<bool> free = TryPort(prober, options.protocol, result.port,
                                        rest, options.reserve, &others);
    if (!free.ok()) return free.status();
    if (!*free) continue;
    if (options.reserve) {
      result.reservations.push_back(*std::move(first));
      for (auto& r : others) result.reservations.push_back(std::move(r));
    }
    return result;
  }
  return absl::ResourceExhaustedError(absl::StrCat(
      "no ", ProtocolName(options.protocol), " port the OS chose was free on ",
      "every address of ", host.name, " (", kAnyPortAttempts, " tries)"));
}

// The ports of `range` that a listed socket certainly holds for `host`.
std::set<uint16_t> TakenByTable(PortProber& prober, const PortRange& range,
                                const ProbeHost& host, Protocol protocol) {
  SocketQuery query;
  query.tcp = protocol == Protocol::kTcp;
  query.udp = protocol == Protocol::kUdp;
  // Why: a bound UDP socket holds its port whether connected or not; for TCP
  // only listeners certainly conflict with a SO_REUSEADDR bind.
  if (query.tcp) query.states = SocketStateSet::Listening();
  if (range.first == range.last) query.local_port = range.first;
  std::set<uint16_t> taken;
  // An unreadable table only costs probes: the probe decides anyway.
  absl::StatusOr<std::vector<Socket>> sockets = prober.ListSockets(query);
  if (!sockets.ok()) return taken;
  for (const Socket& socket : *sockets) {
    if (!range.Contains(socket.local.port)) continue;
    for (const IpAddress& wanted : host.addresses) {
      if (AddressesConflict(socket.local.address, wanted)) {
        taken.insert(socket.local.port);
        break;
      }
    }
  }
  return taken;
}

}  // namespace

absl::StatusOr<FreePort> FindFreePort(PortProber& prober,
                                      std::optional<PortRange> range,
                                      const FindFreePortOptions& options) {
  absl::StatusOr<ProbeHost> host = ParseProbeHost(options.host);
  if (!host.ok()) return host.status();
  if (!range.has_value()) return FindAnyPort(prober, *host, options);
  if (range->size() == 0 || range->first == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("range ", range->ToString(), " holds no port"));
  }

  const std::set<uint16_t> taken =
      TakenByTable(prober, *range, *host, options.protocol);
  FreePort result;
  int excluded = 0;
  int in_use = 0;
  for (int port = range->first; port <= range->last; ++port) {
    const uint16_t candidate = static_cast<uint16_t>(port);
    if (options.exclude.count(candidate) > 0) {
      ++excluded;
      continue;
    }
    if (taken.count(candidate) > 0) {
      ++result.skipped_by_table;
      ++in_use;
      continue;
    }
    ++result.probed;
    absl::StatusOr<bool> free =
        TryPort(prober, options.protocol, candidate, *host, options.reserve,
                &result.reservations);
    if (!free.ok()) return free.status();
    if (*free) {
      result.port = candidate;
      return result;
    }
    ++in_use;
  }
  return absl::ResourceExhaustedError(absl::StrCat(
      "no free ", ProtocolName(options.protocol), " port in ",
      range->ToString(), " on ", host->name, ": ", in_use, " in use",
      excluded > 0 ? absl::StrCat(", ", excluded, " excluded") : ""));
}

}  // namespace pm
