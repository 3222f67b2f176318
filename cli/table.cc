// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Table layout and truncation.

#include "cli/table.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"

namespace pm::cli {
namespace {

constexpr absl::string_view kSeparator = "  ";
constexpr absl::string_view kEllipsis = "...";

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

void AppendPadded(std::string& line, absl::string_view text, size_t width,
                  Align align) {
  size_t pad = width - std::min(width, DisplayWidth(text));
  if (align == Align::kRight) line.append(pad, ' ');
  line.append(text.data(), text.size());
  if (align == Align::kLeft) line.append(pad, ' ');
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

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  for (std::string& cell : cells) cell = ReplaceControlCharacters(cell);
  rows_.push_back(std::move(cells));
}

std::string Table::Render(std::optional<size_t> max_width) const {
  const size_t n = columns_.size();
  std::vector<size_t> widths(n);
  for (size_t c = 0; c < n; ++c) {
    widths[c] = DisplayWidth(columns_[c].header);
    for (const auto& row : rows_) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  if (max_width.has_value() && n > 0) {
    size_t total = kSeparator.size() * (n - 1);
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
  }

  std::string out;
  auto append_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t c = 0; c < n; ++c) {
      if (c > 0) line.append(kSeparator.data(), kSeparator.size());
      AppendPadded(line, TruncateToWidth(cells[c], widths[c]), widths[c],
                   columns_[c].align);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line;
    out += '\n';
  };
  std::vector<std::string> header;
  header.reserve(n);
  for (const Column& column : columns_) header.push_back(column.header);
  append_line(header);
  for (const auto& row : rows_) append_line(row);
  return out;
}

}  // namespace pm::cli
