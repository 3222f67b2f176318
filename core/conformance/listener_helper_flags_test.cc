// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests of ParseHelperFlags on literal argument lists.

#include "core/conformance/listener_helper_flags.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

using Args = std::vector<std::string>;

TEST(ParseHelperFlagsTest, ReadsEveryFlag) {
  absl::StatusOr<HelperFlags> flags = ParseHelperFlags(
      Args{"--ready_file=/tmp/r", "--tcp4=0,8080", "--tcp6=9090", "--udp4=0",
           "--udp6=53,0", "--dual=0", "--count=200", "--connect=0", "--fork=2",
           "--ignore_term", "--grandchildren", "--detach_children"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->ready_file, "/tmp/r");
  EXPECT_EQ(flags->tcp4, (std::vector<int>{0, 8080}));
  EXPECT_EQ(flags->tcp6, (std::vector<int>{9090}));
  EXPECT_EQ(flags->udp4, (std::vector<int>{0}));
  EXPECT_EQ(flags->udp6, (std::vector<int>{53, 0}));
  EXPECT_EQ(flags->dual, (std::vector<int>{0}));
  EXPECT_EQ(flags->count, 200);
  EXPECT_EQ(flags->connect, 0);
  EXPECT_EQ(flags->fork, 2);
  EXPECT_TRUE(flags->ignore_term);
  EXPECT_TRUE(flags->grandchildren);
  EXPECT_TRUE(flags->detach_children);
}

TEST(ParseHelperFlagsTest, DefaultsOpenNothing) {
  absl::StatusOr<HelperFlags> flags = ParseHelperFlags(Args{"--ready_file=r"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_TRUE(flags->tcp4.empty() && flags->tcp6.empty() &&
              flags->udp4.empty() && flags->udp6.empty() &&
              flags->dual.empty());
  EXPECT_EQ(flags->count, 0);
  EXPECT_EQ(flags->connect, -1);
  EXPECT_EQ(flags->fork, 0);
  EXPECT_FALSE(flags->ignore_term);
  EXPECT_FALSE(flags->grandchildren);
  EXPECT_FALSE(flags->detach_children);
}

TEST(ParseHelperFlagsTest, RepeatedPortFlagsAccumulate) {
  absl::StatusOr<HelperFlags> flags =
      ParseHelperFlags(Args{"--ready_file=r", "--tcp4=1", "--tcp4=2,3"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->tcp4, (std::vector<int>{1, 2, 3}));
}

TEST(ParseHelperFlagsTest, RejectsBadArguments) {
  const std::vector<std::pair<Args, std::string>> cases = {
      {{}, "--ready_file=PATH is required"},
      {{"--ready_file=r", "--tcp4=65536"}, "--tcp4: bad port '65536'"},
      {{"--ready_file=r", "--udp6=1,,2"}, "--udp6: bad port ''"},
      {{"--ready_file=r", "--tcp4=-1"}, "--tcp4: bad port '-1'"},
      {{"--ready_file=r", "--dual=1,2"}, "--dual: bad single port '1,2'"},
      {{"--ready_file=r", "--connect=x"}, "--connect: bad port 'x'"},
      {{"--ready_file=r", "--count=-3"}, "--count: bad number '-3'"},
      {{"--ready_file=r", "--fork="}, "--fork: bad number ''"},
      {{"--ready_file=r", "--nope=1"}, "unknown flag '--nope'"},
      {{"--ready_file=r", "tcp4=1"}, "unknown argument 'tcp4=1'"},
      {{"--ready_file=r", "--ignore_term=1"}, "unknown flag '--ignore_term'"},
      {{"--ready_file=r", "--grandchildren=1"},
       "unknown flag '--grandchildren'"},
  };
  for (const auto& [args, message] : cases) {
    absl::StatusOr<HelperFlags> flags = ParseHelperFlags(args);
    EXPECT_EQ(flags.status(), absl::InvalidArgumentError(message));
  }
}

}  // namespace
}  // namespace pm::conformance
