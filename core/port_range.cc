// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortRange and ParsePortRange.

#include "core/port_range.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/port.h"
#include "core/status_macros.h"

namespace pm {

std::string PortRange::ToString() const {
  if (first == last) return absl::StrCat(first);
  return absl::StrCat(first, "-", last);
}

absl::StatusOr<PortRange> ParsePortRange(absl::string_view text) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  size_t dash = trimmed.find('-');
  PortRange range;
  if (dash == absl::string_view::npos) {
    PM_ASSIGN_OR_RETURN(range.first, ParsePort(trimmed));
    range.last = range.first;
    return range;
  }
  PM_ASSIGN_OR_RETURN(range.first, ParsePort(trimmed.substr(0, dash)));
  PM_ASSIGN_OR_RETURN(range.last, ParsePort(trimmed.substr(dash + 1)));
  if (range.first > range.last) {
    return absl::InvalidArgumentError(
        absl::StrCat("range ", range.first, "-", range.last,
                     " is empty: the first port must not exceed the last"));
  }
  return range;
}

}  // namespace pm
