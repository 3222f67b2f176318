// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// IsPortFree: "could a server bind this port on this host right now?",
// answered by bind probes (PortProber::ProbeBind) on every address the host
// names, so the answer is the one the server itself would get.
//
// Example:
//   absl::StatusOr<PortAvailability> a =
//       IsPortFree(backend->ports(), 8080, "localhost", Protocol::kTcp);
//   if (a.ok() && !a->free()) ... a->taken_on lists 127.0.0.1 and/or ::1 ...

#ifndef PM_CORE_PORT_PROBE_H_
#define PM_CORE_PORT_PROBE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/ip_address.h"
#include "core/port_prober.h"
#include "core/socket.h"

namespace pm {

// The addresses a host name stands for when probing.
struct ProbeHost {
  std::string name;                  // As given ("localhost", "::1").
  std::vector<IpAddress> addresses;  // Probed in this order.
  // True for "localhost": an address whose family this machine lacks (no
  // IPv6: ProbeBind's Unimplemented or FailedPrecondition) is skipped instead
  // of failing the call, as long as one address remains.
  bool skip_missing_families = false;
};

// Parses a probe host: "localhost" (127.0.0.1 then ::1), or one IPv4 or IPv6
// literal, IPv6 optionally in brackets ("[::1]"); "0.0.0.0" and "::" are the
// wildcard addresses (IPv6 probes are dual-stack, see PortProber::ProbeBind).
// No DNS lookups. Returns InvalidArgument naming the text otherwise.
// Thread-safe.
absl::StatusOr<ProbeHost> ParseProbeHost(absl::string_view host);

// True when binding `wanted` certainly conflicts with a socket already bound
// to `held` on the same port (same family and equal, or either unspecified;
// or `wanted` is the dual-stack "::" and `held` is IPv4). A v4-mapped `held`
// counts as IPv4. An IPv6 wildcard `held` against an IPv4 `wanted` is not
// certain (it depends on the holder's IPV6_V6ONLY) and returns false.
// Thread-safe.
bool AddressesConflict(const IpAddress& held, const IpAddress& wanted);

// The answer of IsPortFree.
struct PortAvailability {
  uint16_t port = 0;
  Protocol protocol = Protocol::kTcp;
  std::vector<IpAddress> free_on;   // Probed: a bind would succeed.
  std::vector<IpAddress> taken_on;  // Probed: a bind would fail (in use).
  // Addresses of "localhost" skipped because this machine lacks the family.
  std::vector<IpAddress> skipped;

  // Free on every address probed (and at least one was probed).
  bool free() const { return taken_on.empty() && !free_on.empty(); }
};

// Probes `port` on every address of `host` with `protocol`. A port held on
// 0.0.0.0, 127.0.0.1 or [::] only is taken exactly for the addresses whose
// bind it makes fail (see PortProber::ProbeBind for the rules); "localhost" is
// taken when either 127.0.0.1 or ::1 is. A few microseconds per address.
//
// Errors: InvalidArgument for port 0 or a bad host; otherwise the prober's
// ProbeBind errors for the first address that fails (PermissionDenied for a
// privileged port, FailedPrecondition for an address not of this machine),
// except the skipped families of "localhost". Thread-safe if the prober's
// ProbeBind is (it is for the platform backends).
absl::StatusOr<PortAvailability> IsPortFree(PortProber& prober, uint16_t port,
                                            absl::string_view host,
                                            Protocol protocol = Protocol::kTcp);
absl::StatusOr<PortAvailability> IsPortFree(PortProber& prober, uint16_t port,
                                            const ProbeHost& host,
                                            Protocol protocol = Protocol::kTcp);

// True for the errors ProbeBind gives for an address family this machine does
// not have (Unimplemented, FailedPrecondition).
bool IsMissingFamily(const absl::Status& status);

}  // namespace pm

#endif  // PM_CORE_PORT_PROBE_H_
