// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ParseKillTarget, ParseSignalName, ParseGrace.

#include "cli/kill_target.h"

#include <cmath>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "core/port.h"

namespace pm::cli {
namespace {

bool IsPidText(absl::string_view text) {
  absl::ConsumePrefix(&text, "-");
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::string_view KillTargetKindName(KillTarget::Kind kind) {
  switch (kind) {
    case KillTarget::Kind::kPort:
      return "port";
    case KillTarget::Kind::kPid:
      return "pid";
    case KillTarget::Kind::kName:
      return "name";
    case KillTarget::Kind::kCmdline:
      return "cmdline";
  }
  return "pid";
}

absl::StatusOr<KillTarget> ParseKillTarget(absl::string_view text) {
  KillTarget target;
  target.text = std::string(text);
  absl::string_view rest = text;
  if (absl::ConsumePrefix(&rest, ":")) {
    absl::StatusOr<uint16_t> port = ParsePort(rest);
    if (!port.ok()) return port.status();
    target.kind = KillTarget::Kind::kPort;
    target.port = *port;
    return target;
  }
  if (IsPidText(text)) {
    if (!absl::SimpleAtoi(text, &target.pid)) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", text, "' is not a PID: out of range"));
    }
    target.kind = KillTarget::Kind::kPid;
    return target;
  }
  PatternField field = PatternField::kName;
  if (absl::ConsumePrefix(&rest, "name:")) {
    target.kind = KillTarget::Kind::kName;
  } else if (absl::ConsumePrefix(&rest, "cmdline:")) {
    target.kind = KillTarget::Kind::kCmdline;
    field = PatternField::kCmdline;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text,
                     "' is not a target: write :PORT (a port), PID (a number), "
                     "name:REGEX (the process name matches REGEX in full) or "
                     "cmdline:REGEX (the command line contains a match)"));
  }
  if (rest.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' has an empty pattern"));
  }
  absl::StatusOr<ProcessPattern> pattern =
      ProcessPattern::Create(field, std::string(rest));
  if (!pattern.ok()) return pattern.status();
  target.pattern = *std::move(pattern);
  return target;
}

absl::StatusOr<TerminationSignal> ParseSignalName(absl::string_view text) {
  std::string name = absl::AsciiStrToUpper(text);
  absl::string_view bare = name;
  absl::ConsumePrefix(&bare, "SIG");
  if (bare == "TERM" || bare == "15") return TerminationSignal::kTerminate;
  if (bare == "KILL" || bare == "9") return TerminationSignal::kKill;
  if (bare == "INT" || bare == "2") return TerminationSignal::kInterrupt;
  if (bare == "HUP" || bare == "1") return TerminationSignal::kHangup;
  return absl::InvalidArgumentError(
      absl::StrCat("'", text,
                   "' is not a signal pm sends: use TERM, KILL, INT "
                   "or HUP (or 15, 9, 2, 1)"));
}

absl::StatusOr<absl::Duration> ParseGrace(absl::string_view text) {
  absl::Duration grace;
  double seconds = 0;
  if (absl::SimpleAtod(text, &seconds)) {
    if (!std::isfinite(seconds)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "grace period '", text, "' must be finite and not negative"));
    }
    grace = absl::Seconds(seconds);
  } else if (!absl::ParseDuration(text, &grace)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text,
                     "' is not a grace period: write 5s, 500ms, 1m30s or a "
                     "number of seconds"));
  }
  if (grace < absl::ZeroDuration() || grace == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "grace period '", text, "' must be finite and not negative"));
  }
  return grace;
}

}  // namespace pm::cli
