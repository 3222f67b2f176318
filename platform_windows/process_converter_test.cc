// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for ProcessInfoFromRecord and the FILETIME conversions.

#include "platform_windows/process_converter.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace pm::win {
namespace {

TEST(FileTimeTest, ValueJoinsHalves) {
  EXPECT_EQ(FileTimeValue(0x89ABCDEF, 0x01234567), 0x0123456789ABCDEFu);
  EXPECT_EQ(FileTimeValue(0, 0), 0u);
}

TEST(FileTimeTest, UnixEpochAndAKnownInstant) {
  EXPECT_EQ(FileTimeToTime(kFileTimeUnixEpoch), absl::UnixEpoch());
  // 2023-11-14 22:13:20.5 UTC is Unix 1700000000.5 s.
  uint64_t filetime = kFileTimeUnixEpoch + 17000000005000000;
  EXPECT_EQ(FileTimeToTime(filetime), absl::FromUnixMillis(1700000000500));
  // 100 ns resolution is kept.
  EXPECT_EQ(FileTimeToTime(kFileTimeUnixEpoch + 3),
            absl::UnixEpoch() + absl::Nanoseconds(300));
}

TEST(FileTimeTest, BeforeUnixEpoch) {
  // The FILETIME epoch itself.
  EXPECT_EQ(FileTimeToTime(0),
            absl::FromCivil(absl::CivilSecond(1601, 1, 1, 0, 0, 0),
                            absl::UTCTimeZone()));
}

TEST(ProcessInfoFromRecordTest, OpenedProcess) {
  WinProcessRecord record;
  record.pid = 4242;
  record.parent_pid = 600;
  record.exe_file = "python.exe";
  record.image_path = "C:\\Python312\\python.exe";
  record.creation_filetime = kFileTimeUnixEpoch + 17000000005000000;
  record.user = "HOST\\alice";

  ProcessInfo info = ProcessInfoFromRecord(record);
  EXPECT_EQ(info.pid, 4242);
  EXPECT_EQ(info.ppid, 600);
  EXPECT_EQ(info.name, "python.exe");
  EXPECT_EQ(info.exe, "C:\\Python312\\python.exe");
  EXPECT_TRUE(info.cmdline.empty());
  EXPECT_FALSE(info.uid.has_value());
  EXPECT_EQ(info.user, "HOST\\alice");
  EXPECT_EQ(info.start_token, kFileTimeUnixEpoch + 17000000005000000);
  EXPECT_EQ(info.start_time, absl::FromUnixMillis(1700000000500));
  EXPECT_TRUE(info.details_visible);
}

TEST(ProcessInfoFromRecordTest, ProcessThatCouldNotBeOpened) {
  WinProcessRecord record;
  record.pid = 4;
  record.exe_file = "System";
  record.details_visible = false;

  ProcessInfo info = ProcessInfoFromRecord(record);
  EXPECT_EQ(info.name, "System");
  EXPECT_EQ(info.exe, "");
  EXPECT_EQ(info.start_token, 0u);
  EXPECT_EQ(info.start_time, absl::InfinitePast());
  EXPECT_FALSE(info.details_visible);
}

}  // namespace
}  // namespace pm::win
