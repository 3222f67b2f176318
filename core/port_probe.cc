// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// IsPortFree over PortProber::ProbeBind.

#include "core/port_probe.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace pm {

absl::StatusOr<ProbeHost> ParseProbeHost(absl::string_view host) {
  absl::string_view text = absl::StripAsciiWhitespace(host);
  ProbeHost out;
  out.name = std::string(text);
  if (absl::EqualsIgnoreCase(text, "localhost")) {
    out.addresses = {IpAddress::Loopback(AddressFamily::kIpv4),
                     IpAddress::Loopback(AddressFamily::kIpv6)};
    out.skip_missing_families = true;
    return out;
  }
  absl::string_view literal = text;
  if (literal.size() >= 2 && literal.front() == '[' && literal.back() == ']') {
    literal = literal.substr(1, literal.size() - 2);
  }
  absl::StatusOr<IpAddress> address = IpAddress::Parse(literal);
  if (!address.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", host,
        "' is not a host pm can probe: give localhost or an IP address "
        "(127.0.0.1, ::1, 0.0.0.0, ::)"));
  }
  out.addresses = {*address};
  return out;
}

bool AddressesConflict(const IpAddress& held_in, const IpAddress& wanted_in) {
  const IpAddress held = held_in.Unmapped();
  const IpAddress wanted = wanted_in.Unmapped();
  if (held.family() == wanted.family()) {
    return held.IsUnspecified() || wanted.IsUnspecified() || held == wanted;
  }
  // Dual-stack "::" meets every IPv4 holder.
  return wanted.is_v6() && wanted.IsUnspecified();
}

bool IsMissingFamily(const absl::Status& status) {
  return absl::IsUnimplemented(status) || absl::IsFailedPrecondition(status);
}

absl::StatusOr<PortAvailability> IsPortFree(PortProber& prober, uint16_t port,
                                            absl::string_view host,
                                            Protocol protocol) {
  absl::StatusOr<ProbeHost> parsed = ParseProbeHost(host);
  if (!parsed.ok()) return parsed.status();
  return IsPortFree(prober, port, *parsed, protocol);
}

absl::StatusOr<PortAvailability> IsPortFree(PortProber& prober, uint16_t port,
                                            const ProbeHost& host,
                                            Protocol protocol) {
  if (port == 0) {
    return absl::InvalidArgumentError(
        "port 0 is not a port a process can hold: give a port from 1 to 65535");
  }
  PortAvailability result;
  result.port = port;
  result.protocol = protocol;
  for (const IpAddress& address : host.addresses) {
    absl::StatusOr<BindOutcome> outcome =
        prober.ProbeBind(protocol, Endpoint{address, port});
    if (!outcome.ok()) {
      if (host.skip_missing_families && IsMissingFamily(outcome.status())) {
        result.skipped.push_back(address);
        continue;
      }
      return outcome.status();
    }
    (*outcome == BindOutcome::kFree ? result.free_on : result.taken_on)
        .push_back(address);
  }
  if (result.free_on.empty() && result.taken_on.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot probe ", host.name,
                     ": none of its addresses exists on this machine"));
  }
  return result;
}

}  // namespace pm
