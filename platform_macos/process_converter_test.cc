// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for ProcessInfoFromBsd and its helpers.

#include "platform_macos/process_converter.h"

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace pm::macos {
namespace {

TEST(FixedCStringTest, StopsAtNulOrFieldEnd) {
  const char with_nul[8] = {'b', 'a', 's', 'h', '\0', 'x', 'y', 'z'};
  EXPECT_EQ(FixedCString(with_nul, sizeof(with_nul)), "bash");
  const char full[4] = {'a', 'b', 'c', 'd'};
  EXPECT_EQ(FixedCString(full, sizeof(full)), "abcd");
  const char empty[4] = {};
  EXPECT_EQ(FixedCString(empty, sizeof(empty)), "");
}

TEST(StartTokenFromTimevalTest, MicrosecondsSinceEpoch) {
  EXPECT_EQ(StartTokenFromTimeval(1700000000, 123456), 1700000000123456u);
  EXPECT_EQ(StartTokenFromTimeval(0, 0), 0u);
}

TEST(ProcessInfoFromBsdTest, CopiesAndDerivesFields) {
  BsdProcessRecord record;
  record.pid = 4242;
  record.ppid = 1;
  record.uid = 501;
  record.comm = "com.apple.WebKi";  // 15 chars: truncated by the kernel.
  record.name = "com.apple.WebKit.Networking";
  record.start_sec = 1700000000;
  record.start_usec = 250000;
  record.exe = "/System/Library/WebKit";
  record.cmdline = {"WebKit", "--flag"};
  record.user = "alice";

  ProcessInfo info = ProcessInfoFromBsd(record);
  EXPECT_EQ(info.pid, 4242);
  EXPECT_EQ(info.ppid, 1);
  EXPECT_EQ(info.name, "com.apple.WebKit.Networking");
  EXPECT_EQ(info.exe, "/System/Library/WebKit");
  EXPECT_EQ(info.cmdline, (std::vector<std::string>{"WebKit", "--flag"}));
  EXPECT_EQ(info.uid, 501u);
  EXPECT_EQ(info.user, "alice");
  EXPECT_EQ(info.start_token, 1700000000250000u);
  EXPECT_EQ(info.start_time, absl::FromUnixMillis(1700000000250));
  EXPECT_TRUE(info.details_visible);
  EXPECT_EQ(info.identity(), (ProcessIdentity{4242, 1700000000250000u}));
}

TEST(ProcessInfoFromBsdTest, FallsBackToCommAndNumericUser) {
  BsdProcessRecord record;
  record.pid = 7;
  record.uid = 1234;
  record.comm = "sshd";
  record.details_visible = false;

  ProcessInfo info = ProcessInfoFromBsd(record);
  EXPECT_EQ(info.name, "sshd");
  EXPECT_EQ(info.user, "1234");
  EXPECT_FALSE(info.details_visible);
}

}  // namespace
}  // namespace pm::macos
