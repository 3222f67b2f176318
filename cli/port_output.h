// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Pieces the `pm port` subcommands share: who holds a port in words and in
// JSON, durations in milliseconds, and --timeout parsing.

#ifndef PM_CLI_PORT_OUTPUT_H_
#define PM_CLI_PORT_OUTPUT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "cli/json_output.h"
#include "core/find_owners.h"

namespace pm::cli {

// "pid 42 (python3), pid 43 (python3)", plus "a process this user cannot
// see" for a socket whose holder is not visible; "-" when nothing names one.
// Thread-safe.
std::string DescribeHolders(const std::vector<OwnedSocket>& sockets);

// [SOCKET, ...] as SocketJson writes them. Thread-safe.
Json SocketListJson(const std::vector<OwnedSocket>& sockets);

// The duration in milliseconds, to the microsecond. Thread-safe.
double Milliseconds(absl::Duration duration);

// Parses --timeout: an Abseil duration ("30s", "500ms", "1.5m", "1h"), a plain
// number of seconds ("10", "0.25") or "inf". InvalidArgument naming the text
// for anything else or a negative duration. Thread-safe.
absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view text);

}  // namespace pm::cli

#endif  // PM_CLI_PORT_OUTPUT_H_
