// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for FormatPidFile and ParsePidFile on literal file contents.

#include "core/pid_file_format.h"

#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

constexpr char kPath[] = "/run/app.pid";

TEST(FormatPidFileTest, PidThenStartTokenOnePerLine) {
  EXPECT_EQ(FormatPidFile({4242, 981234}), "4242\n981234\n");
}

TEST(ParsePidFileTest, ReadsWhatFormatWrote) {
  absl::StatusOr<PidFileRecord> record =
      ParsePidFile(FormatPidFile({4242, 981234}), kPath);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(*record, (PidFileRecord{4242, 981234}));
}

TEST(ParsePidFileTest, OneLineFileOfOtherToolsHasNoStartToken) {
  absl::StatusOr<PidFileRecord> record = ParsePidFile("317\n", kPath);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->pid, 317);
  EXPECT_FALSE(record->start_token.has_value());
}

TEST(ParsePidFileTest, ToleratesSurroundingBlanksAndCrlf) {
  absl::StatusOr<PidFileRecord> record =
      ParsePidFile("  12 \r\n\t34\r\n\n\n", kPath);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(*record, (PidFileRecord{12, 34}));
}

TEST(ParsePidFileTest, LargestPidIsAccepted) {
  absl::StatusOr<PidFileRecord> record = ParsePidFile("2147483647", kPath);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->pid, kMaxPidFilePid);
}

struct BadCase {
  const char* text;
  const char* message;
};

class ParsePidFileBadTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParsePidFileBadTest, IsInvalidArgumentNamingTheFile) {
  absl::StatusOr<PidFileRecord> record = ParsePidFile(GetParam().text, kPath);
  EXPECT_EQ(record.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(record.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParsePidFileBadTest,
    ::testing::Values(
        BadCase{"", "PID file /run/app.pid is empty"},
        BadCase{" \n\n", "PID file /run/app.pid is empty"},
        BadCase{"abc",
                "PID file /run/app.pid: 'abc' is not a PID (expected a "
                "decimal number from 1 to 2147483647)"},
        BadCase{"12abc",
                "PID file /run/app.pid: '12abc' is not a PID "
                "(expected a decimal number from 1 to 2147483647)"},
        BadCase{"+12",
                "PID file /run/app.pid: '+12' is not a PID (expected a "
                "decimal number from 1 to 2147483647)"},
        BadCase{"1 2",
                "PID file /run/app.pid: '1 2' is not a PID (expected a "
                "decimal number from 1 to 2147483647)"},
        BadCase{"-5", "PID file /run/app.pid: PID -5 is negative"},
        BadCase{"0", "PID file /run/app.pid: PID 0 does not name a process"},
        BadCase{"2147483648",
                "PID file /run/app.pid: PID 2147483648 is out of "
                "range (1 to 2147483647)"},
        BadCase{"99999999999999999999999",
                "PID file /run/app.pid: PID 99999999999999999999999 is out of "
                "range (1 to 2147483647)"},
        BadCase{"42\nxyz",
                "PID file /run/app.pid: line 2, 'xyz', is not a "
                "start token (expected a decimal number)"},
        BadCase{"42\n99999999999999999999999",
                "PID file /run/app.pid: line 2, '99999999999999999999999', is "
                "not a start token (expected a decimal number)"},
        BadCase{"42\n7\n8",
                "PID file /run/app.pid: unexpected line 3, '8' (a "
                "PID file has at most two lines)"},
        BadCase{"\x01\x02",
                "PID file /run/app.pid: '?\?' is not a PID "
                "(expected a decimal number from 1 to "
                "2147483647)"}));

TEST(ParsePidFileTest, LongGarbageIsClipped) {
  std::string text(100, 'x');
  absl::StatusOr<PidFileRecord> record = ParsePidFile(text, kPath);
  EXPECT_EQ(record.status().message(),
            "PID file /run/app.pid: '" + std::string(40, 'x') +
                "...' is not a PID (expected a decimal number from 1 to "
                "2147483647)");
}

}  // namespace
}  // namespace pm
