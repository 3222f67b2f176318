// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// KillPort and FreePort over FindOwners, TerminateAll and
// PortProber::ProbeBind.

#include "core/kill_port.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace pm {
namespace {

using IdentityKey = std::pair<Pid, uint64_t>;

// The sockets whose owners are targets.
SocketQuery SelectQuery(const KillPortOptions& options) {
  SocketQuery query;
  query.tcp = options.tcp;
  query.udp = options.udp;
  query.states = options.include_connected ? SocketStateSet::All()
                                           : SocketStateSet::Listening();
  return query;
}

// The sockets that keep the port from being free.
SocketQuery ListeningQuery(const KillPortOptions& options) {
  SocketQuery query;
  query.tcp = options.tcp;
  query.udp = options.udp;
  query.states = SocketStateSet::Listening();
  return query;
}

// FindOwners, with NotFound read as "nothing there".
absl::StatusOr<std::vector<OwnedSocket>> OwnersOrNone(Backend& backend,
                                                      uint16_t port,
                                                      const SocketQuery& q) {
  absl::StatusOr<std::vector<OwnedSocket>> owned = FindOwners(backend, port, q);
  if (absl::IsNotFound(owned.status())) return std::vector<OwnedSocket>();
  return owned;
}

// Whether anything listens on the port: the socket table alone, no owner scan.
absl::StatusOr<bool> AnyListening(Backend& backend, uint16_t port,
                                  const KillPortOptions& options) {
  SocketQuery query = ListeningQuery(options);
  query.local_port = port;
  PM_ASSIGN_OR_RETURN(std::vector<Socket> sockets,
                      backend.ports().ListSockets(query));
  return !sockets.empty();
}

// Whether a server could bind the port now, for each selected protocol: a
// dual-stack bind of [::]:port (0.0.0.0:port where the machine has no IPv6).
// Only a definite kInUse counts; other errors (PermissionDenied for a port
// this caller may never bind, Unimplemented for a prober that cannot probe)
// leave the socket table's answer standing.
void Probe(Backend& backend, const KillPortOptions& options,
           KillPortReport& report) {
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    if ((protocol == Protocol::kTcp ? !options.tcp : !options.udp)) continue;
    Endpoint any{IpAddress::Any(AddressFamily::kIpv6), report.port};
    absl::StatusOr<BindOutcome> outcome =
        backend.ports().ProbeBind(protocol, any);
    if (absl::IsUnimplemented(outcome.status()) ||
        absl::IsFailedPrecondition(outcome.status())) {
      any = Endpoint{IpAddress::Any(AddressFamily::kIpv4), report.port};
      outcome = backend.ports().ProbeBind(protocol, any);
    }
    if (outcome.ok() && *outcome == BindOutcome::kInUse) {
      report.free = false;
      report.probe = absl::FailedPreconditionError(absl::StrCat(
          "binding ", ProtocolName(protocol), " ", any.ToString(),
          " fails (in use), although the socket table shows no listener "
          "(a holder in another network namespace, or one that appeared "
          "meanwhile)"));
      return;
    }
  }
}

}  // namespace

absl::StatusOr<KillPortReport> KillPort(Backend& backend, uint16_t port,
                                        const TerminationPolicy& policy,
                                        const KillPortOptions& options) {
  KillPortReport report;
  report.port = port;
  SocketQuery first = SelectQuery(options);
  first.owner_search = options.first_search;
  PM_ASSIGN_OR_RETURN(report.sockets, FindOwners(backend, port, first));

  absl::flat_hash_set<IdentityKey> attempted;
  std::vector<OwnedSocket> current = report.sockets;
  bool still_listening = true;
  for (int round = 0; round <= std::max(options.max_rounds, 0); ++round) {
    std::vector<ProcessIdentity> targets;
    for (const OwnedSocket& owned : current) {
      if (owned.socket.owner_visibility == OwnerVisibility::kNotVisible) {
        report.hidden_owner = true;
      }
      for (const ProcessInfo& p : owned.processes) {
        if (!p.details_visible && p.start_token == 0) {
          report.hidden_owner = true;  // Listed by PID only: unreadable.
          continue;
        }
        if (attempted.insert({p.pid, p.start_token}).second) {
          targets.push_back(p.identity());
        }
      }
    }
    if (targets.empty()) break;
    PM_ASSIGN_OR_RETURN(TerminationReport done,
                        TerminateAll(backend, targets, policy));
    for (TerminationResult& r : done.processes) {
      report.termination.processes.push_back(std::move(r));
    }
    for (ProcessInfo& p : done.left_running) {
      report.termination.left_running.push_back(std::move(p));
    }
    // The cheap check first (the socket table only); owners are looked for,
    // all of them now, only when something still listens.
    PM_ASSIGN_OR_RETURN(still_listening, AnyListening(backend, port, options));
    if (!still_listening && !options.include_connected) break;
    SocketQuery all = SelectQuery(options);
    all.owner_search = OwnerSearch::kAll;
    PM_ASSIGN_OR_RETURN(current, OwnersOrNone(backend, port, all));
  }

  if (still_listening) {
    PM_ASSIGN_OR_RETURN(std::vector<OwnedSocket> left,
                        OwnersOrNone(backend, port, ListeningQuery(options)));
    for (OwnedSocket& owned : left) {
      if (owned.socket.owner_visibility == OwnerVisibility::kNotVisible) {
        report.hidden_owner = true;
      }
      report.remaining.push_back(std::move(owned.socket));
    }
  }
  report.free = report.remaining.empty();
  if (report.free) Probe(backend, options, report);

  // A descendant left running in one round may have been a holder terminated
  // in a later one.
  std::vector<ProcessInfo>& running = report.termination.left_running;
  running.erase(
      std::remove_if(running.begin(), running.end(),
                     [&](const ProcessInfo& p) {
                       return attempted.contains({p.pid, p.start_token});
                     }),
      running.end());
  return report;
}

absl::StatusOr<KillPortReport> FreePort(Backend& backend, uint16_t port,
                                        const TerminationPolicy& policy,
                                        int retries, KillPortOptions options) {
  options.max_rounds = retries;
  absl::StatusOr<KillPortReport> killed =
      KillPort(backend, port, policy, options);
  if (!absl::IsNotFound(killed.status())) return killed;
  KillPortReport report;
  report.port = port;
  report.free = true;
  Probe(backend, options, report);
  return report;
}

}  // namespace pm
