// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests of Table layout, fitting and truncation.

#include "cli/table.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace pm::cli {
namespace {

Table PidCommandTable() {
  Table table({{"PID", Align::kRight}, {"COMMAND", Align::kLeft, 7}});
  table.AddRow({"42", "python3 -m http.server 8000"});
  table.AddRow({"31337", "nc -l 9"});
  return table;
}

TEST(TableTest, AlignsColumnsWithoutLimit) {
  EXPECT_EQ(PidCommandTable().Render(std::nullopt),
            "  PID  COMMAND\n"
            "   42  python3 -m http.server 8000\n"
            "31337  nc -l 9\n");
}

TEST(TableTest, TruncatesTheShrinkableColumnToTheWidth) {
  EXPECT_EQ(PidCommandTable().Render(20),
            "  PID  COMMAND\n"
            "   42  python3 -m...\n"
            "31337  nc -l 9\n");
}

TEST(TableTest, WidthExactlyTheNaturalWidthCutsNothing) {
  EXPECT_EQ(PidCommandTable().Render(34),
            "  PID  COMMAND\n"
            "   42  python3 -m http.server 8000\n"
            "31337  nc -l 9\n");
  EXPECT_EQ(PidCommandTable().Render(33),
            "  PID  COMMAND\n"
            "   42  python3 -m http.server...\n"
            "31337  nc -l 9\n");
}

TEST(TableTest, ShrinksNoFurtherThanTheMinimumAndLeavesFixedColumns) {
  // 5 + 2 + 7 = 14 > 10: COMMAND stops at 7, the line stays 14 wide.
  EXPECT_EQ(PidCommandTable().Render(10),
            "  PID  COMMAND\n"
            "   42  pyth...\n"
            "31337  nc -l 9\n");
}

TEST(TableTest, ShrinksTheFirstShrinkableColumnFirst) {
  Table table({{"NAME", Align::kLeft, 4},
               {"N", Align::kRight},
               {"CMD", Align::kLeft, 5}});
  table.AddRow({"abcdefghij", "1", "0123456789"});
  EXPECT_EQ(table.Render(20),
            "NAME   N  CMD\n"
            "ab...  1  0123456789\n");
  EXPECT_EQ(table.Render(16),
            "NAME  N  CMD\n"
            "a...  1  0123...\n");
}

TEST(TableTest, MissingCellsAreEmptyAndLinesHaveNoTrailingSpaces) {
  Table table({{"A"}, {"B"}, {"C"}});
  table.AddRow({"x"});
  table.AddRow({"", "yy", "", "dropped"});
  EXPECT_EQ(table.row_count(), 2u);
  EXPECT_EQ(table.Render(std::nullopt),
            "A  B   C\n"
            "x\n"
            "   yy\n");
}

TEST(TableTest, ControlCharactersInCellsBecomeQuestionMarks) {
  Table table({{"COMMAND"}});
  table.AddRow({"evil\x1b[2J\nline\ttab\x7f"});
  EXPECT_EQ(table.Render(std::nullopt),
            "COMMAND\n"
            "evil?[2J?line?tab?\n");
}

TEST(TableTest, CountsUtf8CodePointsNotBytes) {
  Table table({{"NAME"}, {"X"}});
  table.AddRow({"caf\xc3\xa9", "1"});  // "café": 4 columns, 5 bytes.
  EXPECT_EQ(table.Render(std::nullopt),
            "NAME  X\n"
            "caf\xc3\xa9  1\n");
}

TEST(TableTest, StoredTextsAreSharedByRowsAndRenderLikeStrings) {
  Table shared({{"PID", Align::kRight}, {"COMMAND", Align::kLeft, 7}});
  const Table::Cell command = shared.AddText("nginx: worker process");
  shared.AddRow({shared.AddText("43"), command});
  shared.AddRow({shared.AddText("44"), command});
  Table strings({{"PID", Align::kRight}, {"COMMAND", Align::kLeft, 7}});
  strings.AddRow({"43", "nginx: worker process"});
  strings.AddRow({"44", "nginx: worker process"});
  EXPECT_EQ(shared.row_count(), 2u);
  EXPECT_EQ(shared.Render(std::nullopt),
            "PID  COMMAND\n"
            " 43  nginx: worker process\n"
            " 44  nginx: worker process\n");
  EXPECT_EQ(shared.Render(std::nullopt), strings.Render(std::nullopt));
  EXPECT_EQ(shared.Render(16),
            "PID  COMMAND\n"
            " 43  nginx: w...\n"
            " 44  nginx: w...\n");
  EXPECT_EQ(shared.Render(16), strings.Render(16));
}

TEST(TableTest, CellRowsMissExtraAndForeignCellsAsEmpty) {
  Table other({{"X"}});
  for (int i = 0; i < 5; ++i) other.AddText("foreign");
  const Table::Cell foreign = other.AddText("foreign");
  Table table({{"A"}, {"B"}, {"C"}});
  const Table::Cell x = table.AddText("x");
  table.AddRow({x});
  table.AddRow({Table::Cell(), x, foreign, x});
  EXPECT_EQ(table.Render(std::nullopt),
            "A  B  C\n"
            "x\n"
            "   x\n");
}

TEST(TableTest, StoredTextsHaveControlCharactersReplaced) {
  Table table({{"COMMAND"}, {"N"}});
  table.AddRow({table.AddText("a\x1b[1mb\tc"), table.AddText("1")});
  EXPECT_EQ(table.Render(std::nullopt),
            "COMMAND   N\n"
            "a?[1mb?c  1\n");
}

TEST(TableTest, TrailingSpacesOfTheLastCellAreDroppedLikePadding) {
  Table table({{"A", Align::kRight}, {"B"}});
  table.AddRow({"1", "b  "});
  table.AddRow({"", "   "});
  EXPECT_EQ(table.Render(std::nullopt),
            "A  B\n"
            "1  b\n"
            "\n");
}

TEST(TableTest, WriteInBlocksEqualsRender) {
  // About 200 KiB: Write hands the stream several 64 KiB blocks.
  Table table({{"N", Align::kRight}, {"TEXT", Align::kLeft, 10}});
  const Table::Cell text = table.AddText(std::string(60, 'x') + " \xc3\xa9");
  table.Reserve(3000, 3000 * 5);
  for (int i = 0; i < 3000; ++i) {
    table.AddRow({table.AddText(std::to_string(i * 7)), text});
  }
  for (std::optional<size_t> width :
       {std::optional<size_t>(), std::optional<size_t>(30)}) {
    const std::string rendered = table.Render(width);
    std::ostringstream written;
    table.Write(width, written);
    EXPECT_EQ(written.str(), rendered);
    EXPECT_EQ(
        static_cast<size_t>(std::count(rendered.begin(), rendered.end(), '\n')),
        3001u);
  }
  EXPECT_EQ(table.Render(30).substr(0, 43),
            "    N  TEXT\n"
            "    0  xxxxxxxxxxxxxxxxxxxx...\n");
}

TEST(TruncateToWidthTest, CutsAtCodePointBoundaries) {
  EXPECT_EQ(TruncateToWidth("abcdef", 6), "abcdef");
  EXPECT_EQ(TruncateToWidth("abcdefg", 6), "abc...");
  EXPECT_EQ(TruncateToWidth("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 4),
            "\xc3\xa9...");
  EXPECT_EQ(TruncateToWidth("abcdef", 3), "abc");
  EXPECT_EQ(TruncateToWidth("ab   cdef", 7), "ab...");
  EXPECT_EQ(TruncateToWidth("abcdef", 0), "");
}

TEST(DisplayWidthTest, CountsCodePoints) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("\xe2\x82\xac"
                         "1"),
            2u);  // "€1"
}

}  // namespace
}  // namespace pm::cli
