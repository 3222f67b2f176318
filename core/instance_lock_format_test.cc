// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for lock records, second-instance requests and application names.

#include "core/instance_lock_format.h"

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::testing::HasSubstr;

LockHolder SampleHolder() {
  LockHolder holder;
  holder.pid = 4242;
  holder.start_token = 981234;
  holder.start_time = absl::FromUnixMicros(1767225600123456);
  holder.host = "build-7";
  holder.app = "my-app";
  return holder;
}

TEST(LockRecordTest, FormatIsKeyValueLines) {
  EXPECT_EQ(FormatLockRecord(SampleHolder()),
            "pm-instance-lock 1\npid 4242\nstart_token 981234\n"
            "start_time_unix_us 1767225600123456\nhost build-7\napp my-app\n");
}

TEST(LockRecordTest, RoundTrips) {
  absl::StatusOr<LockHolder> parsed =
      ParseLockRecord(FormatLockRecord(SampleHolder()), "/d/a.lock");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, SampleHolder());
}

TEST(LockRecordTest, HostWithSpacesAndControlCharacters) {
  LockHolder holder = SampleHolder();
  holder.host = "my host\nfake";
  absl::StatusOr<LockHolder> parsed =
      ParseLockRecord(FormatLockRecord(holder), "/d/a.lock");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->host, "my host?fake");
}

TEST(LockRecordTest, EmptyMeansNoHolder) {
  EXPECT_EQ(ParseLockRecord("", "/d/a.lock").status(),
            absl::NotFoundError("lock file /d/a.lock records no holder"));
}

TEST(LockRecordTest, MalformedRecordsAreInvalidArgument) {
  EXPECT_EQ(ParseLockRecord("hello\n", "/d/a.lock").status(),
            absl::InvalidArgumentError(
                "lock file /d/a.lock: not a pm lock record (expected "
                "'pm-instance-lock 1' first)"));
  EXPECT_EQ(
      ParseLockRecord("pm-instance-lock 1\npid 5\n", "/d/a.lock").status(),
      absl::InvalidArgumentError(
          "lock file /d/a.lock: key 'start_token' missing"));
  EXPECT_EQ(ParseLockRecord("pm-instance-lock 1\npid 5\npid 6\n", "/d/a.lock")
                .status(),
            absl::InvalidArgumentError("lock file /d/a.lock: key 'pid' "
                                       "repeated"));
  std::string bad_pid = FormatLockRecord(SampleHolder());
  bad_pid.replace(bad_pid.find("pid 4242"), 8, "pid -1");
  EXPECT_EQ(ParseLockRecord(bad_pid, "/d/a.lock").status(),
            absl::InvalidArgumentError("lock file /d/a.lock: bad pid '-1'"));
}

TEST(SecondInstanceRequestTest, RoundTripsBinaryArguments) {
  SecondInstanceRequest request;
  request.pid = 77;
  request.cwd = "/home/u/dir with space";
  request.argv = {"app", "--open", std::string("a\0b,1:", 6), ""};
  std::string data = EncodeSecondInstanceRequest(request);
  absl::StatusOr<SecondInstanceRequest> decoded =
      DecodeSecondInstanceRequest(data);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, request);
}

TEST(SecondInstanceRequestTest, EncodingIsNetstrings) {
  SecondInstanceRequest request;
  request.pid = 5;
  request.cwd = "/";
  request.argv = {"a"};
  EXPECT_EQ(EncodeSecondInstanceRequest(request),
            "20:pm-second-instance-1,1:5,1:/,1:1,1:a,");
}

TEST(SecondInstanceRequestTest, RejectsMalformedData) {
  const char* bad[] = {
      "",
      "20:pm-second-instance-2,1:5,1:/,1:0,",
      "20:pm-second-instance-1,1:5,1:/,1:1,",
      "20:pm-second-instance-1,1:5,1:/,1:0,extra",
      "20:pm-second-instance-1,1:x,1:/,1:0,",
      "20:pm-second-instance-1,1:5,9:/,1:0,",
      "20:pm-second-instance-1,1:5,1:/,4:9999,",
      "x:pm",
  };
  for (const char* data : bad) {
    EXPECT_EQ(DecodeSecondInstanceRequest(data).status().code(),
              absl::StatusCode::kInvalidArgument)
        << data;
  }
}

TEST(ValidateAppNameTest, AcceptsAndRejects) {
  EXPECT_TRUE(ValidateAppName("my-app_2.0").ok());
  EXPECT_TRUE(ValidateAppName(std::string(64, 'a')).ok());
  for (const std::string& bad :
       {std::string(""), std::string(65, 'a'), std::string(".hidden"),
        std::string("a/b"), std::string("../x"), std::string("a b")}) {
    absl::Status status = ValidateAppName(bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(status.message()),
                HasSubstr("is not an application name"));
  }
}

}  // namespace
}  // namespace pm
