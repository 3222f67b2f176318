// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ParseProcArgs2: the KERN_PROCARGS2 buffer to exec path and argv, no system
// calls.

#include "platform_macos/proc_args_parser.h"

#include <cstdint>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace pm::macos {

absl::StatusOr<ProcArgs> ParseProcArgs2(absl::string_view buffer) {
  int32_t argc = 0;
  if (buffer.size() < sizeof(argc)) {
    return absl::InvalidArgumentError(
        absl::StrCat("KERN_PROCARGS2 buffer of ", buffer.size(),
                     " bytes is shorter than its argc field"));
  }
  std::memcpy(&argc, buffer.data(), sizeof(argc));
  if (argc < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("KERN_PROCARGS2 argc is negative: ", argc));
  }
  absl::string_view rest = buffer.substr(sizeof(argc));

  size_t end = rest.find('\0');
  if (end == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "KERN_PROCARGS2 exec path has no terminating NUL");
  }
  ProcArgs args;
  args.exec_path = std::string(rest.substr(0, end));
  rest.remove_prefix(end);

  size_t first = rest.find_first_not_of('\0');
  rest.remove_prefix(first == absl::string_view::npos ? rest.size() : first);

  while (static_cast<int32_t>(args.argv.size()) < argc && !rest.empty()) {
    end = rest.find('\0');
    if (end == absl::string_view::npos) end = rest.size();
    args.argv.emplace_back(rest.substr(0, end));
    rest.remove_prefix(end == rest.size() ? end : end + 1);
  }
  return args;
}

}  // namespace pm::macos
