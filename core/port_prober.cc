// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortProber's default bind probe and reservation (Unimplemented), and the
// names of bind outcomes.

#include "core/port_prober.h"

#include "absl/status/status.h"

namespace pm {

absl::string_view BindOutcomeName(BindOutcome outcome) {
  switch (outcome) {
    case BindOutcome::kFree:
      return "free";
    case BindOutcome::kInUse:
      return "in use";
  }
  return "?";
}

absl::StatusOr<BindOutcome> PortProber::ProbeBind(Protocol protocol,
                                                  const Endpoint& local) {
  return absl::UnimplementedError(
      "this port prober cannot probe binds (it only reads a socket table)");
}

absl::StatusOr<std::unique_ptr<PortReservation>> PortProber::Reserve(
    Protocol protocol, const Endpoint& local) {
  return absl::UnimplementedError(
      "this port prober cannot reserve ports (it only reads a socket table)");
}

}  // namespace pm
