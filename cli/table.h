// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Table: lays out rows of text in aligned columns, and fits them to a width by
// truncating the columns that may shrink.

#ifndef PM_CLI_TABLE_H_
#define PM_CLI_TABLE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace pm::cli {

enum class Align { kLeft, kRight };

// One column of a Table. A column with `min_width` 0 never shrinks; otherwise
// it may be cut down to max(min_width, header width) when the line is too wide.
struct Column {
  std::string header;
  Align align = Align::kLeft;
  size_t min_width = 0;
};

// A text table: a header line then one line per row, columns separated by two
// spaces, no trailing spaces, every line ending in '\n'. Widths count code
// points (UTF-8 continuation bytes count for nothing; East Asian wide
// characters are counted as one column).
//
// Fitting to `max_width`: when the natural line is wider, the shrinkable
// columns give up width from the first to the last, each down to its minimum;
// cells wider than their column end in "...". If the fixed columns alone are
// wider than `max_width`, lines stay longer than it (addresses are never cut).
//
// Example:
//   Table t({{"PID", Align::kRight}, {"COMMAND", Align::kLeft, 7}});
//   t.AddRow({"42", "python3 -m http.server 8000"});
//   t.Render(20);  // "PID  COMMAND\n 42  python3 -m h...\n"
//
// A value type; thread-compatible.
class Table {
 public:
  explicit Table(std::vector<Column> columns);

  // Appends a row. Missing cells are empty, extra cells are dropped. Control
  // characters (a process chooses its own argv) are replaced by '?', so a cell
  // can never move the cursor or inject terminal escapes.
  void AddRow(std::vector<std::string> cells);

  size_t row_count() const { return rows_.size(); }

  // Renders the table; nullopt means no width limit.
  std::string Render(std::optional<size_t> max_width) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// The number of code points in UTF-8 `text`.
size_t DisplayWidth(absl::string_view text);

// `text` cut to at most `width` code points, ending in "..." when cut (spaces
// before the dots are dropped), or cut short without dots when `width` is
// under 4.
std::string TruncateToWidth(absl::string_view text, size_t width);

// `text` with every ASCII control character (0x00-0x1f, 0x7f) replaced by '?'.
std::string ReplaceControlCharacters(absl::string_view text);

}  // namespace pm::cli

#endif  // PM_CLI_TABLE_H_
