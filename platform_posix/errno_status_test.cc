// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for ErrnoToStatus.

#include "platform_posix/errno_status.h"

#include <cerrno>

#include "gtest/gtest.h"

namespace pm::posix {
namespace {

TEST(ErrnoToStatusTest, PermissionDeniedNamesCallAndError) {
  absl::Status s = ErrnoToStatus(EPERM, "kill(1234, SIGTERM)");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "kill(1234, SIGTERM): Operation not permitted (EPERM)");
}

TEST(ErrnoToStatusTest, CodesFollowTheMapping) {
  EXPECT_EQ(ErrnoToStatus(ESRCH, "x").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrnoToStatus(ENOENT, "x").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrnoToStatus(EACCES, "x").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrnoToStatus(EINVAL, "x").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrnoToStatus(ETIMEDOUT, "x").code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(ErrnoToStatus(EPROTONOSUPPORT, "x").code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(ErrnoToStatus(EIO, "x").code(), absl::StatusCode::kInternal);
}

TEST(ErrnoToStatusTest, UnknownErrnoIsNamedByNumber) {
  EXPECT_EQ(ErrnoName(4095), "errno 4095");
  EXPECT_EQ(ErrnoName(ENOENT), "ENOENT");
}

}  // namespace
}  // namespace pm::posix
