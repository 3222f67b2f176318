// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for ParseKillTarget, ParseSignalName and ParseGrace.

#include "cli/kill_target.h"

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm::cli {
namespace {

TEST(ParseKillTargetTest, EachFormIsItsOwnKind) {
  absl::StatusOr<KillTarget> port = ParseKillTarget(":8080");
  ASSERT_TRUE(port.ok()) << port.status();
  EXPECT_EQ(port->kind, KillTarget::Kind::kPort);
  EXPECT_EQ(port->port, 8080);
  EXPECT_EQ(port->text, ":8080");

  absl::StatusOr<KillTarget> pid = ParseKillTarget("4242");
  ASSERT_TRUE(pid.ok()) << pid.status();
  EXPECT_EQ(pid->kind, KillTarget::Kind::kPid);
  EXPECT_EQ(pid->pid, 4242);

  absl::StatusOr<KillTarget> name = ParseKillTarget("name:node");
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_EQ(name->kind, KillTarget::Kind::kName);
  ASSERT_TRUE(name->pattern.has_value());
  EXPECT_EQ(name->pattern->field(), PatternField::kName);
  EXPECT_EQ(name->pattern->regex(), "node");

  absl::StatusOr<KillTarget> cmdline = ParseKillTarget("cmdline:http\\.server");
  ASSERT_TRUE(cmdline.ok()) << cmdline.status();
  EXPECT_EQ(cmdline->kind, KillTarget::Kind::kCmdline);
  EXPECT_EQ(cmdline->pattern->field(), PatternField::kCmdline);
  EXPECT_EQ(cmdline->pattern->regex(), "http\\.server");
}

TEST(ParseKillTargetTest, ZeroAndNegativePidsParseForTheGuardToRefuse) {
  EXPECT_EQ(ParseKillTarget("0")->pid, 0);
  EXPECT_EQ(ParseKillTarget("-1")->pid, -1);
  EXPECT_EQ(ParseKillTarget("-1")->kind, KillTarget::Kind::kPid);
}

TEST(ParseKillTargetTest, NothingIsGuessed) {
  const std::string forms =
      "write :PORT (a port), PID (a number), name:REGEX (the process name "
      "matches REGEX in full) or cmdline:REGEX (the command line contains a "
      "match)";
  for (const char* text : {"node", "8080/tcp", "port:80", "", "-", "1e3"}) {
    EXPECT_EQ(ParseKillTarget(text).status(),
              absl::InvalidArgumentError(
                  absl::StrCat("'", text, "' is not a target: ", forms)))
        << text;
  }
}

TEST(ParseKillTargetTest, BadPortsAndPatternsSayWhy) {
  EXPECT_EQ(ParseKillTarget(":0").status(),
            absl::InvalidArgumentError("port 0 is not a port a process can "
                                       "hold: give a port from 1 to 65535"));
  EXPECT_EQ(ParseKillTarget(":70000").status(),
            absl::InvalidArgumentError(
                "port 70000 is out of range: ports go from 1 to 65535"));
  EXPECT_EQ(
      ParseKillTarget("name:a(b").status(),
      absl::InvalidArgumentError("invalid pattern 'a(b': missing ): a(b"));
  EXPECT_EQ(ParseKillTarget("cmdline:").status(),
            absl::InvalidArgumentError("'cmdline:' has an empty pattern"));
  EXPECT_EQ(ParseKillTarget("99999999999999999999").status(),
            absl::InvalidArgumentError(
                "'99999999999999999999' is not a PID: out of range"));
}

TEST(ParseSignalNameTest, NamesNumbersAndCase) {
  EXPECT_EQ(*ParseSignalName("TERM"), TerminationSignal::kTerminate);
  EXPECT_EQ(*ParseSignalName("sigterm"), TerminationSignal::kTerminate);
  EXPECT_EQ(*ParseSignalName("15"), TerminationSignal::kTerminate);
  EXPECT_EQ(*ParseSignalName("KILL"), TerminationSignal::kKill);
  EXPECT_EQ(*ParseSignalName("9"), TerminationSignal::kKill);
  EXPECT_EQ(*ParseSignalName("SIGINT"), TerminationSignal::kInterrupt);
  EXPECT_EQ(*ParseSignalName("hup"), TerminationSignal::kHangup);
  EXPECT_EQ(ParseSignalName("STOP").status(),
            absl::InvalidArgumentError("'STOP' is not a signal pm sends: use "
                                       "TERM, KILL, INT or HUP (or 15, 9, 2, "
                                       "1)"));
}

TEST(ParseGraceTest, DurationsAndBareSeconds) {
  EXPECT_EQ(*ParseGrace("5s"), absl::Seconds(5));
  EXPECT_EQ(*ParseGrace("500ms"), absl::Milliseconds(500));
  EXPECT_EQ(*ParseGrace("1m30s"), absl::Seconds(90));
  EXPECT_EQ(*ParseGrace("2"), absl::Seconds(2));
  EXPECT_EQ(*ParseGrace("0.25"), absl::Milliseconds(250));
  EXPECT_EQ(*ParseGrace("0"), absl::ZeroDuration());
  for (const char* bad : {"-1", "-1s", "inf", "nan", "soon", "5 s", ""}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseGrace(bad).status())) << bad;
  }
}

}  // namespace
}  // namespace pm::cli
