// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Helpers over process records.

#include "core/process.h"

#include "absl/strings/str_join.h"

namespace pm {

std::string JoinCmdline(const std::vector<std::string>& cmdline) {
  return absl::StrJoin(cmdline, " ");
}

}  // namespace pm
