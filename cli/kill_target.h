// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The command-line vocabulary of `pm kill` and `pm free`: targets (":PORT",
// "PID", "name:REGEX", "cmdline:REGEX"), signal names and grace durations.
// Pure parsing, no OS calls.

#ifndef PM_CLI_KILL_TARGET_H_
#define PM_CLI_KILL_TARGET_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/kill_pattern.h"
#include "core/process.h"
#include "core/process_terminator.h"

namespace pm::cli {

// One TARGET of `pm kill`. Exactly one of port, pid and pattern is set,
// according to `kind`.
struct KillTarget {
  enum class Kind { kPort, kPid, kName, kCmdline };
  Kind kind = Kind::kPid;
  std::string text;  // As given, for messages.
  uint16_t port = 0;
  Pid pid = 0;
  std::optional<ProcessPattern> pattern;
};

// "port", "pid", "name", "cmdline" (the "kind" of pm kill --json).
absl::string_view KillTargetKindName(KillTarget::Kind kind);

// Parses a TARGET. The syntax leaves nothing to guess:
//   ":8080"            a port (core/port.h's ParsePort: 1..65535)
//   "4242", "-1"       a PID: an optional '-' and decimal digits only (0 and
//                      negative PIDs parse, and the kill guard refuses them)
//   "name:REGEX"       processes whose short name matches REGEX in full (RE2)
//   "cmdline:REGEX"    processes whose command line contains a match of REGEX
// Anything else (a bare "node", "8080/tcp") is InvalidArgument with a message
// that shows the four forms; an invalid REGEX is InvalidArgument naming it and
// RE2's error. Thread-safe.
absl::StatusOr<KillTarget> ParseKillTarget(absl::string_view text);

// Parses a signal name: TERM, KILL, INT, HUP, in any case, with or without
// "SIG", or their numbers 15, 9, 2, 1. InvalidArgument otherwise.
absl::StatusOr<TerminationSignal> ParseSignalName(absl::string_view text);

// Parses a grace period: a duration with units ("5s", "500ms", "1m30s",
// "2.5s"), or a bare number of seconds ("5", "0.5"). InvalidArgument for
// negative, infinite or malformed values.
absl::StatusOr<absl::Duration> ParseGrace(absl::string_view text);

}  // namespace pm::cli

#endif  // PM_CLI_KILL_TARGET_H_
