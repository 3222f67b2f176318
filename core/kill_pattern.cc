// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessPattern (RE2) and MatchProcesses.

#include "core/kill_pattern.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace pm {

absl::StatusOr<ProcessPattern> ProcessPattern::Create(
    PatternField field, const std::string& regex) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(regex, options);
  if (!re->ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid pattern '", regex, "': ", re->error()));
  }
  return ProcessPattern(field, regex, std::move(re));
}

bool ProcessPattern::Matches(const ProcessInfo& process) const {
  if (field_ == PatternField::kName) {
    return RE2::FullMatch(process.name, *re_);
  }
  return RE2::PartialMatch(JoinCmdline(process.cmdline), *re_);
}

std::vector<ProcessInfo> MatchProcesses(const std::vector<ProcessInfo>& table,
                                        const GuardContext& context,
                                        const ProcessPattern& pattern) {
  std::vector<ProcessInfo> matched;
  for (const ProcessInfo& p : table) {
    if (p.pid == context.caller.pid) continue;
    if (std::find(context.ancestors.begin(), context.ancestors.end(), p.pid) !=
        context.ancestors.end()) {
      continue;
    }
    if (pattern.Matches(p)) matched.push_back(p);
  }
  return matched;
}

}  // namespace pm
