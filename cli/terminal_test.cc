// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests of the terminal width rules.

#include "cli/terminal.h"

#include <stdlib.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace pm::cli {
namespace {

TEST(ParseColumnsTest, AcceptsPositiveNumbers) {
  EXPECT_EQ(ParseColumns("80"), std::optional<size_t>(80));
  EXPECT_EQ(ParseColumns("1"), std::optional<size_t>(1));
}

TEST(ParseColumnsTest, RejectsUnsetEmptyZeroAndJunk) {
  EXPECT_EQ(ParseColumns(nullptr), std::nullopt);
  EXPECT_EQ(ParseColumns(""), std::nullopt);
  EXPECT_EQ(ParseColumns("0"), std::nullopt);
  EXPECT_EQ(ParseColumns("-5"), std::nullopt);
  EXPECT_EQ(ParseColumns("wide"), std::nullopt);
  EXPECT_EQ(ParseColumns("80x"), std::nullopt);
}

TEST(OutputWidthTest, ColumnsFromTheEnvironmentWins) {
  ASSERT_EQ(setenv("COLUMNS", "123", 1), 0);
  EXPECT_EQ(OutputWidth(), std::optional<size_t>(123));
  ASSERT_EQ(unsetenv("COLUMNS"), 0);
}

TEST(OutputWidthTest, NoLimitWhenStdoutIsNotATerminal) {
  // Bazel runs tests with stdout redirected to a file.
  ASSERT_EQ(unsetenv("COLUMNS"), 0);
  ASSERT_FALSE(isatty(1));
  EXPECT_EQ(OutputWidth(), std::nullopt);
}

}  // namespace
}  // namespace pm::cli
