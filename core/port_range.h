// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortRange: an inclusive range of ports ("5173-5180"), and its parser.

#ifndef PM_CORE_PORT_RANGE_H_
#define PM_CORE_PORT_RANGE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace pm {

// The ports first..last, both included. A value type. Valid ranges have
// 1 <= first <= last (ParsePortRange and the config validation ensure it).
struct PortRange {
  uint16_t first = 0;
  uint16_t last = 0;

  // How many ports the range holds (0 for an invalid range).
  int size() const { return first <= last ? last - first + 1 : 0; }
  bool Contains(uint16_t port) const { return first <= port && port <= last; }
  // "5173-5180", or "8080" when first == last.
  std::string ToString() const;

  friend bool operator==(const PortRange& a, const PortRange& b) {
    return a.first == b.first && a.last == b.last;
  }
  friend bool operator!=(const PortRange& a, const PortRange& b) {
    return !(a == b);
  }
};

// Parses "FIRST-LAST" or a single "PORT" (each as ParsePort takes it). Returns
// InvalidArgument with ParsePort's message for a bad port, and
// "range 5180-5173 is empty: the first port must not exceed the last" for a
// reversed range. Thread-safe.
absl::StatusOr<PortRange> ParsePortRange(absl::string_view text);

}  // namespace pm

#endif  // PM_CORE_PORT_RANGE_H_
