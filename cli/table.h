// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Table: lays out rows of text in aligned columns, and fits them to a width by
// truncating the columns that may shrink.

#ifndef PM_CLI_TABLE_H_
#define PM_CLI_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

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
// Cell text is kept once in the table: AddText stores a text and returns a
// Cell that any number of rows may use (a process's USER, PROCESS and COMMAND
// repeated on each of its sockets' rows cost one copy), and Render writes every
// line into one buffer, so a table of thousands of rows costs a few
// allocations, not several per cell.
//
// Example:
//   Table t({{"PID", Align::kRight}, {"COMMAND", Align::kLeft, 7}});
//   t.AddRow({"42", "python3 -m http.server 8000"});
//   t.AddRow({"31337", "nc -l 9"});
//   t.Render(20);
//   // "  PID  COMMAND\n"
//   // "   42  python3 -m...\n"
//   // "31337  nc -l 9\n"
//
//   Table::Cell worker = t.AddText("nginx: worker process");
//   t.AddRow({t.AddText("43"), worker});  // One copy of the text,
//   t.AddRow({t.AddText("44"), worker});  // two rows.
//
// A value type; thread-compatible.
class Table {
 public:
  // A text stored in one table by AddText; valid only for that table. The
  // default Cell is the empty text.
  class Cell {
   public:
    Cell() = default;

   private:
    friend class Table;
    explicit Cell(uint32_t index) : index_(index) {}
    uint32_t index_ = 0;
  };

  explicit Table(std::vector<Column> columns);

  // Appends a row. Missing cells are empty, extra cells are dropped. Control
  // characters (a process chooses its own argv) are replaced by '?', so a cell
  // can never move the cursor or inject terminal escapes.
  void AddRow(std::vector<std::string> cells);

  // Stores `text`, control characters replaced by '?' as AddRow does, and
  // returns its Cell for AddRow(Span<const Cell>).
  Cell AddText(absl::string_view text);

  // Appends a row of cells made by this table's AddText. Missing cells are
  // empty, extra cells are dropped.
  void AddRow(absl::Span<const Cell> cells);

  // Makes room for `rows` more rows, about as many new texts, and
  // `text_bytes` more bytes of text. Changes no output.
  void Reserve(size_t rows, size_t text_bytes);

  size_t row_count() const { return row_count_; }

  // Renders the table; nullopt means no width limit.
  std::string Render(std::optional<size_t> max_width) const;

  // Writes what Render returns to `out`, in blocks of about 64 KiB, so a big
  // table never needs a buffer of its whole size.
  void Write(std::optional<size_t> max_width, std::ostream& out) const;

 private:
  // A stored text: text_[offset, offset + size), `width` code points.
  struct Text {
    size_t offset = 0;
    size_t size = 0;
    size_t width = 0;
  };

  // The column widths after fitting to `max_width`.
  std::vector<size_t> FitWidths(std::optional<size_t> max_width) const;
  // Renders every line into `out`; when `flush` is set, hands `out` to it
  // (which empties it) whenever it grows past the block size.
  void RenderInto(std::optional<size_t> max_width, std::string& out,
                  std::ostream* flush) const;

  std::vector<Column> columns_;
  std::string text_;             // Every stored text, back to back.
  std::vector<Text> texts_;      // texts_[0] is the empty text.
  std::vector<uint32_t> cells_;  // Row-major: row_count_ x columns_.size().
  size_t row_count_ = 0;
  std::vector<size_t> natural_widths_;  // Widest cell or header per column.
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
