// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// OutputWidth on POSIX: COLUMNS, else ioctl(TIOCGWINSZ) on a terminal stdout.

#include "cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/numbers.h"

namespace pm::cli {

std::optional<size_t> ParseColumns(const char* value) {
  if (value == nullptr) return std::nullopt;
  uint32_t columns = 0;
  if (!absl::SimpleAtoi(absl::string_view(value), &columns) || columns == 0) {
    return std::nullopt;
  }
  return columns;
}

std::optional<size_t> OutputWidth() {
  if (std::optional<size_t> columns = ParseColumns(std::getenv("COLUMNS"))) {
    return columns;
  }
  if (!isatty(STDOUT_FILENO)) return std::nullopt;
  struct winsize size = {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) {
    return std::nullopt;
  }
  return size.ws_col;
}

}  // namespace pm::cli
