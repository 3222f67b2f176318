// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Parsing port numbers from user input, with errors a user can act on.

#ifndef PM_CORE_PORT_H_
#define PM_CORE_PORT_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace pm {

// Parses a TCP/UDP port a process can hold: a decimal number from 1 to 65535,
// optionally written ":8080". Returns InvalidArgument naming the text
// otherwise:
//   "abc"   -> "'abc' is not a port: expected a number from 1 to 65535"
//   "0"     -> "port 0 is not a port a process can hold: ..."
//   "70000" -> "port 70000 is out of range: ports go from 1 to 65535"
absl::StatusOr<uint16_t> ParsePort(absl::string_view text);

}  // namespace pm

#endif  // PM_CORE_PORT_H_
