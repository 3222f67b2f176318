// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ParseHelperFlags: listener_helper's command line.

#include "core/conformance/listener_helper_flags.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "core/status_macros.h"

namespace pm::conformance {
namespace {

absl::Status BadValue(absl::string_view name, absl::string_view what,
                      absl::string_view value) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", name, ": bad ", what, " '", value, "'"));
}

absl::StatusOr<std::vector<int>> ParsePorts(absl::string_view name,
                                            absl::string_view value) {
  std::vector<int> ports;
  for (absl::string_view part : absl::StrSplit(value, ',')) {
    int port = 0;
    if (!absl::SimpleAtoi(part, &port) || port < 0 || port > 65535) {
      return BadValue(name, "port", part);
    }
    ports.push_back(port);
  }
  return ports;
}

absl::StatusOr<int> ParseCount(absl::string_view name,
                               absl::string_view value) {
  int n = 0;
  if (!absl::SimpleAtoi(value, &n) || n < 0) {
    return BadValue(name, "number", value);
  }
  return n;
}

// The single port of `value`.
absl::StatusOr<int> ParseOnePort(absl::string_view name,
                                 absl::string_view value) {
  PM_ASSIGN_OR_RETURN(std::vector<int> ports, ParsePorts(name, value));
  if (ports.size() != 1) return BadValue(name, "single port", value);
  return ports.front();
}

}  // namespace

absl::StatusOr<HelperFlags> ParseHelperFlags(
    absl::Span<const std::string> args) {
  HelperFlags flags;
  for (absl::string_view arg : args) {
    if (arg == "--ignore_term") {
      flags.ignore_term = true;
      continue;
    }
    if (arg == "--grandchildren") {
      flags.grandchildren = true;
      continue;
    }
    if (arg == "--detach_children") {
      flags.detach_children = true;
      continue;
    }
    std::vector<absl::string_view> kv =
        absl::StrSplit(arg, absl::MaxSplits('=', 1));
    absl::string_view name = kv[0];
    if (kv.size() != 2 || !absl::ConsumePrefix(&name, "--")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown argument '", arg, "'"));
    }
    absl::string_view value = kv[1];
    std::vector<int>* port_list = nullptr;
    if (name == "ready_file") {
      flags.ready_file = std::string(value);
    } else if (name == "tcp4") {
      port_list = &flags.tcp4;
    } else if (name == "tcp6") {
      port_list = &flags.tcp6;
    } else if (name == "udp4") {
      port_list = &flags.udp4;
    } else if (name == "udp6") {
      port_list = &flags.udp6;
    } else if (name == "dual") {
      PM_ASSIGN_OR_RETURN(int port, ParseOnePort(name, value));
      flags.dual.push_back(port);
    } else if (name == "connect") {
      PM_ASSIGN_OR_RETURN(flags.connect, ParseOnePort(name, value));
    } else if (name == "count") {
      PM_ASSIGN_OR_RETURN(flags.count, ParseCount(name, value));
    } else if (name == "fork") {
      PM_ASSIGN_OR_RETURN(flags.fork, ParseCount(name, value));
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag '--", name, "'"));
    }
    if (port_list != nullptr) {
      PM_ASSIGN_OR_RETURN(std::vector<int> ports, ParsePorts(name, value));
      port_list->insert(port_list->end(), ports.begin(), ports.end());
    }
  }
  if (flags.ready_file.empty()) {
    return absl::InvalidArgumentError("--ready_file=PATH is required");
  }
  return flags;
}

}  // namespace pm::conformance
