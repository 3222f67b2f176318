// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ParsePortRange and PortRange.

#include "core/port_range.h"

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

TEST(ParsePortRangeTest, RangesAndSinglePorts) {
  EXPECT_EQ(*ParsePortRange("5173-5180"), (PortRange{5173, 5180}));
  EXPECT_EQ(*ParsePortRange(" 8080 "), (PortRange{8080, 8080}));
  EXPECT_EQ(*ParsePortRange("1-65535"), (PortRange{1, 65535}));
  EXPECT_EQ(*ParsePortRange("9000-9000"), (PortRange{9000, 9000}));
}

TEST(ParsePortRangeTest, BadPortsGiveParsePortsMessage) {
  EXPECT_EQ(ParsePortRange("5173-70000").status().message(),
            "port 70000 is out of range: ports go from 1 to 65535");
  EXPECT_EQ(ParsePortRange("0-10").status().message(),
            "port 0 is not a port a process can hold: give a port from 1 to "
            "65535");
  EXPECT_EQ(ParsePortRange("abc").status().message(),
            "'abc' is not a port: expected a number from 1 to 65535");
  EXPECT_EQ(ParsePortRange("80-").status().message(),
            "'' is not a port: expected a number from 1 to 65535");
}

TEST(ParsePortRangeTest, ReversedRangeIsEmpty) {
  absl::StatusOr<PortRange> range = ParsePortRange("5180-5173");
  EXPECT_TRUE(absl::IsInvalidArgument(range.status()));
  EXPECT_EQ(range.status().message(),
            "range 5180-5173 is empty: the first port must not exceed the "
            "last");
}

TEST(PortRangeTest, SizeContainsAndText) {
  PortRange range{5173, 5180};
  EXPECT_EQ(range.size(), 8);
  EXPECT_TRUE(range.Contains(5173));
  EXPECT_TRUE(range.Contains(5180));
  EXPECT_FALSE(range.Contains(5181));
  EXPECT_EQ(range.ToString(), "5173-5180");
  EXPECT_EQ((PortRange{8080, 8080}).ToString(), "8080");
  EXPECT_EQ((PortRange{10, 9}).size(), 0);
  EXPECT_EQ((PortRange{65535, 65535}).size(), 1);
}

}  // namespace
}  // namespace pm
