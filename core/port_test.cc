// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for ParsePort.

#include "core/port.h"

#include "gtest/gtest.h"

namespace pm {
namespace {

TEST(ParsePortTest, AcceptsPortsOneToMax) {
  EXPECT_EQ(*ParsePort("1"), 1);
  EXPECT_EQ(*ParsePort("8080"), 8080);
  EXPECT_EQ(*ParsePort(":8080"), 8080);
  EXPECT_EQ(*ParsePort(" 443 "), 443);
  EXPECT_EQ(*ParsePort("65535"), 65535);
}

TEST(ParsePortTest, RejectsWithActionableMessages) {
  EXPECT_EQ(ParsePort("0").status().message(),
            "port 0 is not a port a process can hold: give a port from 1 to "
            "65535");
  EXPECT_EQ(ParsePort("70000").status().message(),
            "port 70000 is out of range: ports go from 1 to 65535");
  EXPECT_EQ(ParsePort("99999999999999999999999").status().message(),
            "port 99999999999999999999999 is out of range: ports go from 1 to "
            "65535");
  EXPECT_EQ(ParsePort("abc").status().message(),
            "'abc' is not a port: expected a number from 1 to 65535");
  EXPECT_EQ(ParsePort("").status().message(),
            "'' is not a port: expected a number from 1 to 65535");
  EXPECT_EQ(ParsePort("-1").status().message(),
            "'-1' is not a port: expected a number from 1 to 65535");
  EXPECT_EQ(ParsePort("80a").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePort(":").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace pm
