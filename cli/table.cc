// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Table layout and truncation.

#include "cli/table.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"

namespace pm::cli {
namespace {

constexpr size_t kSeparatorWidth = 2;  // Two spaces between columns.
constexpr absl::string_view kEllipsis = "...";
// Write() hands the stream a block once it has grown past this.
constexpr size_t kWriteBlock = 64 * 1024;

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The byte length of the first `width` code points of `text`.
size_t PrefixBytes(absl::string_view text, size_t width) {
  size_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuationByte(text[i])) continue;
    if (points == width) return i;
    ++points;
  }
  return text.size();
}

// Appends one line to `out`: cells padded to `widths`, two spaces between
// them, no trailing spaces, then '\n'. `cell(c)` gives column c's text and its
// display width. Padding is only written once text follows it, so the spaces
// of empty trailing cells never reach `out`.
template <typename CellAt>
void AppendLine(const std::vector<Column>& columns,
                const std::vector<size_t>& widths, CellAt cell,
                std::string& out) {
  const size_t line_start = out.size();
  size_t pending = 0;  // Spaces owed before the next text.
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) pending += kSeparatorWidth;
    auto [text, width] = cell(c);
    std::string cut;
    if (width > widths[c]) {
      cut = TruncateToWidth(text, widths[c]);
      text = cut;
      width = DisplayWidth(cut);
    }
    const size_t pad = widths[c] - std::min(widths[c], width);
    if (columns[c].align == Align::kRight) pending += pad;
    if (!text.empty()) {
      out.append(pending, ' ');
      pending = 0;
      out.append(text.data(), text.size());
    }
    if (columns[c].align == Align::kLeft) pending += pad;
  }
  // A cell's own trailing spaces go too, as for any line.
  while (out.size() > line_start && out.back() == ' ') out.pop_back();
  out.push_back('\n');
}

}  // namespace

size_t DisplayWidth(absl::string_view text) {
  return static_cast<size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return !IsContinuationByte(c); }));
}

std::string TruncateToWidth(absl::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width < kEllipsis.size() + 1) {
    return std::string(text.substr(0, PrefixBytes(text, width)));
  }
  std::string cut(text.substr(0, PrefixBytes(text, width - kEllipsis.size())));
  // "server..." rather than "server ...".
  cut.erase(cut.find_last_not_of(' ') + 1);
  cut.append(kEllipsis.data(), kEllipsis.size());
  return cut;
}

std::string ReplaceControlCharacters(absl::string_view text) {
  std::string clean(text);
  for (char& c : clean) {
    if (absl::ascii_iscntrl(static_cast<unsigned char>(c))) c = '?';
  }
  return clean;
}

Table::Table(std::vector<Column> columns)
    : columns_(std::move(columns)), texts_(1) {
  natural_widths_.reserve(columns_.size());
  for (const Column& column : columns_) {
    natural_widths_.push_back(DisplayWidth(column.header));
  }
}

Table::Cell Table::AddText(absl::string_view text) {
  if (text.empty()) return Cell();
  Text stored;
  stored.offset = text_.size();
  stored.size = text.size();
  text_.append(text.data(), text.size());
  for (size_t i = stored.offset; i < text_.size(); ++i) {
    char& c = text_[i];
    if (absl::ascii_iscntrl(static_cast<unsigned char>(c))) c = '?';
    if (!IsContinuationByte(c)) ++stored.width;
  }
  texts_.push_back(stored);
  return Cell(static_cast<uint32_t>(texts_.size() - 1));
}

void Table::AddRow(absl::Span<const Cell> cells) {
  for (size_t c = 0; c < columns_.size(); ++c) {
    uint32_t index = c < cells.size() ? cells[c].index_ : 0;
    // A Cell of another table is out of range here: shown empty.
    if (index >= texts_.size()) index = 0;
    cells_.push_back(index);
    natural_widths_[c] = std::max(natural_widths_[c], texts_[index].width);
  }
  ++row_count_;
}

void Table::AddRow(std::vector<std::string> cells) {
  std::vector<Cell> stored;
  stored.reserve(std::min(cells.size(), columns_.size()));
  for (size_t c = 0; c < cells.size() && c < columns_.size(); ++c) {
    stored.push_back(AddText(cells[c]));
  }
  AddRow(absl::MakeConstSpan(stored));
}

void Table::Reserve(size_t rows, size_t text_bytes) {
  cells_.reserve(cells_.size() + rows * columns_.size());
  // About one new text per row (a socket's address; owners' texts repeat).
  texts_.reserve(texts_.size() + rows);
  text_.reserve(text_.size() + text_bytes);
}

std::vector<size_t> Table::FitWidths(std::optional<size_t> max_width) const {
  std::vector<size_t> widths = natural_widths_;
  const size_t n = columns_.size();
  if (!max_width.has_value() || n == 0) return widths;
  size_t total = kSeparatorWidth * (n - 1);
  for (size_t w : widths) total += w;
  for (size_t c = 0; c < n && total > *max_width; ++c) {
    if (columns_[c].min_width == 0) continue;
    size_t floor =
        std::max(columns_[c].min_width, DisplayWidth(columns_[c].header));
    if (widths[c] <= floor) continue;
    size_t give = std::min(total - *max_width, widths[c] - floor);
    widths[c] -= give;
    total -= give;
  }
  return widths;
}

void Table::RenderInto(std::optional<size_t> max_width, std::string& out,
                       std::ostream* flush) const {
  const std::vector<size_t> widths = FitWidths(max_width);
  const size_t n = columns_.size();
  size_t line_bytes = 1;
  for (size_t w : widths) line_bytes += w + kSeparatorWidth;
  const size_t whole = line_bytes * (row_count_ + 1);
  out.reserve(flush == nullptr ? whole : std::min(whole, 2 * kWriteBlock));

  AppendLine(
      columns_, widths,
      [&](size_t c) {
        const std::string& header = columns_[c].header;
        return std::make_pair(absl::string_view(header), DisplayWidth(header));
      },
      out);
  for (size_t row = 0; row < row_count_; ++row) {
    const uint32_t* cells = cells_.data() + row * n;
    AppendLine(
        columns_, widths,
        [&](size_t c) {
          const Text& text = texts_[cells[c]];
          return std::make_pair(
              absl::string_view(text_.data() + text.offset, text.size),
              text.width);
        },
        out);
    if (flush != nullptr && out.size() >= kWriteBlock) {
      flush->write(out.data(), static_cast<std::streamsize>(out.size()));
      out.clear();
    }
  }
}

std::string Table::Render(std::optional<size_t> max_width) const {
  std::string out;
  RenderInto(max_width, out, nullptr);
  return out;
}

void Table::Write(std::optional<size_t> max_width, std::ostream& out) const {
  std::string block;
  RenderInto(max_width, block, &out);
  out.write(block.data(), static_cast<std::streamsize>(block.size()));
}

}  // namespace pm::cli
