// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The width of the terminal pm writes its tables to. The only OS-specific file
// of cli/: terminal.cc is the POSIX implementation (a Windows one will sit
// beside it).

#ifndef PM_CLI_TERMINAL_H_
#define PM_CLI_TERMINAL_H_

#include <cstddef>
#include <optional>

#include "absl/strings/string_view.h"

namespace pm::cli {

// Parses the value of the COLUMNS environment variable: a positive decimal
// width. Returns nullopt for an unset (null), empty, zero or malformed value,
// so that the caller falls back to asking the terminal. Thread-safe.
std::optional<size_t> ParseColumns(const char* value);

// Returns the width, in columns, that table output should fit:
//   1. COLUMNS from the environment when it parses (ParseColumns);
//   2. else the window size of stdout when stdout is a terminal (POSIX:
//      ioctl(TIOCGWINSZ));
//   3. else nullopt: no limit (a pipe or a file gets whole lines).
// Never fails: an unanswerable question means "no limit". Thread-safe as long
// as nobody modifies the environment concurrently.
std::optional<size_t> OutputWidth();

}  // namespace pm::cli

#endif  // PM_CLI_TERMINAL_H_
