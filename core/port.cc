// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ParsePort.

#include "core/port.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace pm {

absl::StatusOr<uint16_t> ParsePort(absl::string_view text) {
  absl::string_view digits = absl::StripAsciiWhitespace(text);
  if (!digits.empty() && digits.front() == ':') digits.remove_prefix(1);
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", text, "' is not a port: expected a number from 1 to 65535"));
  }
  uint64_t value = 0;
  if (!absl::SimpleAtoi(digits, &value) || value > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "port ", digits, " is out of range: ports go from 1 to 65535"));
  }
  if (value == 0) {
    return absl::InvalidArgumentError(
        "port 0 is not a port a process can hold: give a port from 1 to 65535");
  }
  return static_cast<uint16_t>(value);
}

}  // namespace pm
