// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Parser for the buffer sysctl({CTL_KERN, KERN_PROCARGS2, pid}) returns on
// macOS.

#ifndef PM_PLATFORM_MACOS_PROC_ARGS_PARSER_H_
#define PM_PLATFORM_MACOS_PROC_ARGS_PARSER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace pm::macos {

// A process's arguments as the kernel keeps them.
struct ProcArgs {
  std::string exec_path;          // The path given to execve().
  std::vector<std::string> argv;  // argv[0] .. argv[argc - 1].
};

// Parses a KERN_PROCARGS2 buffer. Its layout (xnu bsd/kern/kern_sysctl.c,
// sysctl_procargsx) is:
//
//   int32 argc (host byte order)
//   exec_path '\0'
//   '\0' padding (zero or more, up to pointer alignment)
//   argv[0] '\0' ... argv[argc - 1] '\0'
//   envp[0] '\0' ... (ignored here)
//   ...
//
// Returns InvalidArgument for a buffer shorter than the argc field, a negative
// argc, or an exec_path with no terminating NUL. A process may rewrite its
// argument area (setproctitle), so a buffer that ends before argc strings gives
// the strings present, the last one possibly unterminated; that is not an
// error. Never reads past `buffer`. Thread-safe.
//
// Example (buffer from a process started as `python3 -m http.server`):
//   ParseProcArgs2(buffer)->argv;  // {"python3", "-m", "http.server"}
absl::StatusOr<ProcArgs> ParseProcArgs2(absl::string_view buffer);

}  // namespace pm::macos

#endif  // PM_PLATFORM_MACOS_PROC_ARGS_PARSER_H_
