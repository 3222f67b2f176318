// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for the Win32 error to absl::Status mapping.

#include "platform_windows/win_error_status.h"

#include "gtest/gtest.h"

namespace pm::win {
namespace {

TEST(Win32ErrorCodeTest, MapsTheCodesPmHandles) {
  EXPECT_EQ(Win32ErrorCode(0), absl::StatusCode::kOk);
  EXPECT_EQ(Win32ErrorCode(2), absl::StatusCode::kNotFound);
  EXPECT_EQ(Win32ErrorCode(3), absl::StatusCode::kNotFound);
  EXPECT_EQ(Win32ErrorCode(1168), absl::StatusCode::kNotFound);
  EXPECT_EQ(Win32ErrorCode(5), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Win32ErrorCode(1314), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Win32ErrorCode(87), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Win32ErrorCode(50), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(Win32ErrorCode(120), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(Win32ErrorCode(122), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Win32ErrorCode(234), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Win32ErrorCode(258), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Win32ErrorCode(1460), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Win32ErrorCode(8), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Win32ErrorCode(14), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Win32ErrorCode(183), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Win32ErrorCode(80), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Win32ErrorCode(6), absl::StatusCode::kInternal);
  EXPECT_EQ(Win32ErrorCode(12345), absl::StatusCode::kInternal);
}

TEST(Win32ErrorNameTest, NamesKnownCodesAndNumbersOthers) {
  EXPECT_EQ(Win32ErrorName(5), "ERROR_ACCESS_DENIED");
  EXPECT_EQ(Win32ErrorName(87), "ERROR_INVALID_PARAMETER");
  EXPECT_EQ(Win32ErrorName(122), "ERROR_INSUFFICIENT_BUFFER");
  EXPECT_EQ(Win32ErrorName(299), "ERROR_PARTIAL_COPY");
  EXPECT_EQ(Win32ErrorName(12345), "Win32 error 12345");
}

TEST(Win32ErrorToStatusTest, MessageNamesCallTextAndCode) {
  absl::Status s =
      Win32ErrorToStatus(5, "OpenProcess(4242)", "Access is denied.\r\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "OpenProcess(4242): Access is denied. (ERROR_ACCESS_DENIED, 5)");
}

TEST(Win32ErrorToStatusTest, WithoutSystemText) {
  absl::Status s = Win32ErrorToStatus(122, "GetExtendedTcpTable(AF_INET)");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "GetExtendedTcpTable(AF_INET): ERROR_INSUFFICIENT_BUFFER (122)");
}

TEST(Win32ErrorToStatusTest, UnnamedCode) {
  EXPECT_EQ(Win32ErrorToStatus(12345, "Foo()").message(),
            "Foo(): Win32 error 12345");
  EXPECT_EQ(Win32ErrorToStatus(12345, "Foo()", "Odd.").message(),
            "Foo(): Odd. (Win32 error 12345)");
}

TEST(Win32ErrorToStatusTest, SuccessIsOk) {
  EXPECT_TRUE(Win32ErrorToStatus(0, "Foo()").ok());
}

}  // namespace
}  // namespace pm::win
