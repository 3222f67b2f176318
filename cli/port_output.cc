// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Shared output helpers of `pm port`.

#include "cli/port_output.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace pm::cli {

std::string DescribeHolders(const std::vector<OwnedSocket>& sockets) {
  std::vector<std::string> parts;
  bool hidden = false;
  for (const OwnedSocket& owned : sockets) {
    for (Pid pid : owned.socket.owners) {
      std::string name;
      for (const ProcessInfo& info : owned.processes) {
        if (info.pid == pid) name = info.name;
      }
      std::string part = name.empty()
                             ? absl::StrCat("pid ", pid)
                             : absl::StrCat("pid ", pid, " (", name, ")");
      if (std::find(parts.begin(), parts.end(), part) == parts.end()) {
        parts.push_back(std::move(part));
      }
    }
    hidden =
        hidden || owned.socket.owner_visibility == OwnerVisibility::kNotVisible;
  }
  if (hidden) parts.push_back("a process this user cannot see");
  if (parts.empty()) return "-";
  return absl::StrJoin(parts, ", ");
}

Json SocketListJson(const std::vector<OwnedSocket>& sockets) {
  Json list = Json::array();
  for (const OwnedSocket& owned : sockets) list.push_back(SocketJson(owned));
  return list;
}

double Milliseconds(absl::Duration duration) {
  return static_cast<double>(absl::ToInt64Microseconds(duration)) / 1000.0;
}

absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view text) {
  absl::Duration duration;
  double seconds = 0;
  if (text == "inf") return absl::InfiniteDuration();
  if (absl::SimpleAtod(text, &seconds) &&
      text.find_first_not_of("0123456789.") == absl::string_view::npos) {
    duration = absl::Seconds(seconds);
  } else if (!absl::ParseDuration(text, &duration) ||
             duration == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--timeout '", text,
        "' is not a duration: give seconds (10), or 500ms, 30s, 2m, inf"));
  }
  if (duration < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--timeout '", text, "' is negative"));
  }
  return duration;
}

}  // namespace pm::cli
