// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FormatPidFile and ParsePidFile.

#include "core/pid_file_format.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace pm {
namespace {

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status Invalid(absl::string_view path, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("PID file ", path, ": ", why));
}

// Shortens what is echoed back to the user (a PID file may hold anything):
// at most 40 characters, unprintable ones as '?'.
std::string Clip(absl::string_view text) {
  constexpr size_t kMax = 40;
  std::string out(text.substr(0, kMax));
  for (char& c : out) {
    if (!absl::ascii_isprint(static_cast<unsigned char>(c))) c = '?';
  }
  if (text.size() > kMax) out += "...";
  return out;
}

std::string Quote(absl::string_view text) {
  return absl::StrCat("'", Clip(text), "'");
}

absl::StatusOr<Pid> ParsePidLine(absl::string_view line,
                                 absl::string_view path) {
  if (!line.empty() && line[0] == '-' && AllDigits(line.substr(1))) {
    return Invalid(path, absl::StrCat("PID ", Clip(line), " is negative"));
  }
  if (!AllDigits(line)) {
    return Invalid(path, absl::StrCat(Quote(line),
                                      " is not a PID (expected a decimal "
                                      "number from 1 to ",
                                      kMaxPidFilePid, ")"));
  }
  uint64_t value = 0;
  if (line.size() > 10 || !absl::SimpleAtoi(line, &value) ||
      value > static_cast<uint64_t>(kMaxPidFilePid)) {
    return Invalid(path,
                   absl::StrCat("PID ", Clip(line), " is out of range (1 to ",
                                kMaxPidFilePid, ")"));
  }
  if (value == 0) return Invalid(path, "PID 0 does not name a process");
  return static_cast<Pid>(value);
}

}  // namespace

std::string FormatPidFile(const ProcessIdentity& identity) {
  return absl::StrCat(identity.pid, "\n", identity.start_token, "\n");
}

absl::StatusOr<PidFileRecord> ParsePidFile(absl::string_view text,
                                           absl::string_view path) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  for (absl::string_view& line : lines) {
    line = absl::StripAsciiWhitespace(line);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("PID file ", path, " is empty"));
  }
  PidFileRecord record;
  absl::StatusOr<Pid> pid = ParsePidLine(lines[0], path);
  if (!pid.ok()) return pid.status();
  record.pid = *pid;
  if (lines.size() >= 2) {
    uint64_t token = 0;
    if (!AllDigits(lines[1]) || !absl::SimpleAtoi(lines[1], &token)) {
      return Invalid(path, absl::StrCat("line 2, ", Quote(lines[1]),
                                        ", is not a start token (expected a "
                                        "decimal number)"));
    }
    record.start_token = token;
  }
  if (lines.size() > 2) {
    return Invalid(path, absl::StrCat("unexpected line 3, ", Quote(lines[2]),
                                      " (a PID file has at most two lines)"));
  }
  return record;
}

}  // namespace pm
