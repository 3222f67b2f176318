// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Parsers for /proc/<pid>/{stat,status,cmdline} and /proc/stat text.

#include "platform_linux/proc_stat_parser.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace pm::procfs {
namespace {

// Parses a non-empty run of decimal digits (no sign, no spaces) that fits in
// `max`.
std::optional<uint64_t> ParseDigits(absl::string_view s,
                                    uint64_t max = UINT64_MAX) {
  if (s.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (max - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

constexpr uint64_t kMaxPid =
    static_cast<uint64_t>(std::numeric_limits<Pid>::max());

absl::Status Malformed(absl::string_view what, absl::string_view why,
                       absl::string_view text) {
  constexpr size_t kQuoteLimit = 80;
  const bool cut = text.size() > kQuoteLimit;
  return absl::InvalidArgumentError(absl::StrCat(
      "malformed ", what, ": ", why, " in \"",
      absl::CEscape(text.substr(0, kQuoteLimit)), cut ? "...\"" : "\""));
}

}  // namespace

absl::StatusOr<ProcStat> ParseProcStat(absl::string_view text) {
  constexpr absl::string_view kWhat = "/proc/<pid>/stat";
  const size_t open = text.find('(');
  const size_t close = text.rfind(')');
  if (open == absl::string_view::npos || close == absl::string_view::npos ||
      close < open) {
    return Malformed(kWhat, "no \"(comm)\"", text);
  }
  ProcStat stat;
  absl::string_view pid_text = text.substr(0, open);
  if (!absl::ConsumeSuffix(&pid_text, " ")) {
    return Malformed(kWhat, "no space before \"(\"", text);
  }
  std::optional<uint64_t> pid = ParseDigits(pid_text, kMaxPid);
  if (!pid.has_value() || *pid == 0) {
    return Malformed(kWhat, "bad pid", text);
  }
  stat.pid = static_cast<Pid>(*pid);
  stat.comm = std::string(text.substr(open + 1, close - open - 1));

  absl::string_view rest = text.substr(close + 1);
  if (!absl::ConsumePrefix(&rest, " ")) {
    return Malformed(kWhat, "no space after \")\"", text);
  }
  // rest[0] is field 3 (state); field N is rest[N - 3].
  std::vector<absl::string_view> fields =
      absl::StrSplit(absl::StripTrailingAsciiWhitespace(rest), ' ');
  constexpr size_t kStartTimeIndex = 22 - 3;
  if (fields.size() <= kStartTimeIndex) {
    return Malformed(
        kWhat,
        absl::StrCat("truncated (", fields.size() + 2, " fields, need 22)"),
        text);
  }
  for (size_t i = 0; i <= kStartTimeIndex; ++i) {
    if (fields[i].empty()) return Malformed(kWhat, "empty field", text);
  }
  if (fields[0].size() != 1) {
    return Malformed(kWhat, "bad state", text);
  }
  stat.state = fields[0][0];
  std::optional<uint64_t> ppid = ParseDigits(fields[1], kMaxPid);
  if (!ppid.has_value()) {
    return Malformed(kWhat, "bad ppid", text);
  }
  stat.ppid = static_cast<Pid>(*ppid);
  constexpr size_t kFlagsIndex = 9 - 3;
  std::optional<uint64_t> flags =
      ParseDigits(fields[kFlagsIndex], std::numeric_limits<uint32_t>::max());
  if (!flags.has_value()) {
    return Malformed(kWhat, "bad flags (field 9)", text);
  }
  stat.flags = static_cast<uint32_t>(*flags);
  std::optional<uint64_t> start = ParseDigits(fields[kStartTimeIndex]);
  if (!start.has_value()) {
    return Malformed(kWhat, "bad starttime (field 22)", text);
  }
  stat.start_ticks = *start;
  return stat;
}

absl::StatusOr<Uid> ParseStatusUid(absl::string_view text) {
  constexpr absl::string_view kWhat = "/proc/<pid>/status";
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!absl::ConsumePrefix(&line, "Uid:")) continue;
    std::vector<absl::string_view> ids =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    std::optional<uint64_t> uid =
        ids.empty() ? std::nullopt
                    : ParseDigits(ids[0], std::numeric_limits<Uid>::max());
    if (!uid.has_value()) {
      return Malformed(kWhat, "bad \"Uid:\" line", line);
    }
    return static_cast<Uid>(*uid);
  }
  return Malformed(kWhat, "no \"Uid:\" line", text);
}

std::vector<std::string> ParseCmdline(absl::string_view raw) {
  // Drops the optional terminator and any NUL padding (see the header's "Why").
  while (!raw.empty() && raw.back() == '\0') raw.remove_suffix(1);
  if (raw.empty()) return {};
  return absl::StrSplit(raw, absl::ByChar('\0'));
}

absl::StatusOr<uint64_t> ParseBootTime(absl::string_view proc_stat_text) {
  constexpr absl::string_view kWhat = "/proc/stat";
  for (absl::string_view line : absl::StrSplit(proc_stat_text, '\n')) {
    if (!absl::ConsumePrefix(&line, "btime ")) continue;
    std::optional<uint64_t> btime =
        ParseDigits(absl::StripAsciiWhitespace(line));
    if (!btime.has_value()) {
      return Malformed(kWhat, "bad \"btime\" line", line);
    }
    return *btime;
  }
  return Malformed(kWhat, "no \"btime\" line", proc_stat_text);
}

std::optional<Pid> ParsePidDirName(absl::string_view name) {
  if (name.empty() || name[0] == '0') return std::nullopt;
  std::optional<uint64_t> pid = ParseDigits(name, kMaxPid);
  if (!pid.has_value()) return std::nullopt;
  return static_cast<Pid>(*pid);
}

}  // namespace pm::procfs
