// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for IpAddress and Endpoint parsing and printing.

#include "core/ip_address.h"

#include "gtest/gtest.h"

namespace pm {
namespace {

std::string RoundTrip(absl::string_view text) {
  absl::StatusOr<IpAddress> a = IpAddress::Parse(text);
  if (!a.ok()) return std::string(a.status().message());
  return a->ToString();
}

TEST(IpAddressTest, ParsesAndPrintsIpv4) {
  absl::StatusOr<IpAddress> a = IpAddress::Parse("127.0.0.1");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->bytes()[0], 127);
  EXPECT_EQ(a->bytes()[3], 1);
  EXPECT_TRUE(a->IsLoopback());
  EXPECT_FALSE(a->IsUnspecified());
  EXPECT_EQ(a->ToString(), "127.0.0.1");
  EXPECT_EQ(RoundTrip("0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(RoundTrip("255.255.255.255"), "255.255.255.255");
}

TEST(IpAddressTest, PrintsIpv6InRfc5952Form) {
  EXPECT_EQ(RoundTrip("::"), "::");
  EXPECT_EQ(RoundTrip("::1"), "::1");
  EXPECT_EQ(RoundTrip("0:0:0:0:0:0:0:1"), "::1");
  EXPECT_EQ(RoundTrip("FE80:0:0:0:0:0:0:1"), "fe80::1");
  EXPECT_EQ(RoundTrip("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
  EXPECT_EQ(RoundTrip("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(RoundTrip("1::"), "1::");
}

TEST(IpAddressTest, V4MappedIsRecognisedAndUnmapped) {
  absl::StatusOr<IpAddress> a = IpAddress::Parse("::ffff:127.0.0.1");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->is_v6());
  EXPECT_TRUE(a->IsV4Mapped());
  EXPECT_TRUE(a->IsLoopback());
  EXPECT_EQ(a->ToString(), "::ffff:127.0.0.1");
  EXPECT_EQ(a->Unmapped(), *IpAddress::Parse("127.0.0.1"));
  EXPECT_EQ(RoundTrip("0:0:0:0:0:ffff:a00:1"), "::ffff:10.0.0.1");
}

TEST(IpAddressTest, AnyAndLoopbackBuilders) {
  EXPECT_EQ(IpAddress::Any(AddressFamily::kIpv4).ToString(), "0.0.0.0");
  EXPECT_EQ(IpAddress::Any(AddressFamily::kIpv6).ToString(), "::");
  EXPECT_EQ(IpAddress::Loopback(AddressFamily::kIpv4).ToString(), "127.0.0.1");
  EXPECT_EQ(IpAddress::Loopback(AddressFamily::kIpv6).ToString(), "::1");
  EXPECT_TRUE(IpAddress::Any(AddressFamily::kIpv6).IsUnspecified());
  EXPECT_NE(IpAddress::Any(AddressFamily::kIpv4),
            IpAddress::Any(AddressFamily::kIpv6));
}

TEST(IpAddressTest, RejectsMalformedText) {
  EXPECT_EQ(RoundTrip(""), "'' is not an IP address: empty");
  EXPECT_EQ(RoundTrip("256.0.0.1"),
            "'256.0.0.1' is not an IP address: expected four numbers 0-255 "
            "like 127.0.0.1");
  EXPECT_EQ(RoundTrip("1.2.3"),
            "'1.2.3' is not an IP address: expected four numbers 0-255 like "
            "127.0.0.1");
  EXPECT_EQ(RoundTrip("01.2.3.4"),
            "'01.2.3.4' is not an IP address: expected four numbers 0-255 "
            "like 127.0.0.1");
  EXPECT_EQ(RoundTrip("1::2::3"),
            "'1::2::3' is not an IP address: '::' may "
            "appear once");
  EXPECT_EQ(RoundTrip("12345::"),
            "'12345::' is not an IP address: malformed IPv6 groups");
  EXPECT_EQ(RoundTrip("1:2:3:4:5:6:7"),
            "'1:2:3:4:5:6:7' is not an IP address: expected eight hex groups "
            "like fe80:0:0:0:0:0:0:1");
  EXPECT_EQ(RoundTrip("g::1"),
            "'g::1' is not an IP address: malformed IPv6 groups");
  EXPECT_EQ(IpAddress::Parse("[::1]").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(EndpointTest, PrintsWithBracketsForIpv6) {
  Endpoint v4{*IpAddress::Parse("127.0.0.1"), 8080};
  Endpoint v6{*IpAddress::Parse("::1"), 8080};
  Endpoint any_remote{IpAddress::Any(AddressFamily::kIpv4), 0};
  EXPECT_EQ(v4.ToString(), "127.0.0.1:8080");
  EXPECT_EQ(v6.ToString(), "[::1]:8080");
  EXPECT_EQ(any_remote.ToString(), "0.0.0.0:0");
  EXPECT_EQ(any_remote.ToString(/*star_for_zero=*/true), "0.0.0.0:*");
  EXPECT_TRUE(v4 < Endpoint({*IpAddress::Parse("127.0.0.1"), 8081}));
}

}  // namespace
}  // namespace pm
