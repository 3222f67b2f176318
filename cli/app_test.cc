// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The pm command line itself: help, version, usage errors.

#include "cli/app.h"

#include "cli/fake_tables_fixture.h"
#include "cli/output.h"
#include "cli/run_pm.h"
#include "gtest/gtest.h"

namespace pm::cli {
namespace {

using ::pm::cli::testing::MakeMachine;
using ::pm::cli::testing::PmResult;
using ::pm::cli::testing::RunPmForTest;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(AppTest, NoSubcommandPrintsHelpOnStderrAndExitsTwo) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({}, tables);
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  PmResult help = RunPmForTest({"--help"}, tables);
  EXPECT_EQ(help.exit_code, kExitOk);
  EXPECT_EQ(help.err, "");
  EXPECT_EQ(r.err, help.out);
  EXPECT_EQ(tables->backends_created, 0);
}

TEST(AppTest, HelpNamesTheCommandsAndExitCodes) {
  PmResult r = RunPmForTest({"--help"}, MakeMachine());
  EXPECT_TRUE(Contains(r.out, "Usage: pm [OPTIONS] [SUBCOMMAND]")) << r.out;
  EXPECT_TRUE(Contains(r.out, "ports")) << r.out;
  EXPECT_TRUE(Contains(r.out, "who")) << r.out;
  EXPECT_TRUE(Contains(r.out, "2 usage error")) << r.out;
}

TEST(AppTest, SubcommandHelpListsItsFlags) {
  PmResult ports = RunPmForTest({"ports", "--help"}, MakeMachine());
  EXPECT_EQ(ports.exit_code, kExitOk);
  for (const char* flag : {"--all", "--listening", "--tcp", "--udp", "--ipv4",
                           "--ipv6", "--port", "--pid", "--json"}) {
    EXPECT_TRUE(Contains(ports.out, flag)) << flag << "\n" << ports.out;
  }
  PmResult who = RunPmForTest({"who", "--help"}, MakeMachine());
  EXPECT_EQ(who.exit_code, kExitOk);
  EXPECT_TRUE(Contains(who.out, "Usage: pm who [OPTIONS] PORT...")) << who.out;
  EXPECT_TRUE(Contains(who.out, "1 some PORT has no socket")) << who.out;
}

TEST(AppTest, VersionPrintsTheVersion) {
  PmResult r = RunPmForTest({"--version"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out, "pm 0.1.0\n");
}

TEST(AppTest, UnknownFlagIsAUsageError) {
  PmResult r = RunPmForTest({"ports", "--bogus"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "pm: The following argument was not expected: --bogus\n"
            "Run 'pm --help' for more information.\n");
}

TEST(AppTest, UnknownSubcommandIsAUsageError) {
  PmResult r = RunPmForTest({"frobnicate"}, MakeMachine());
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
}

TEST(AppTest, AllAndListeningExcludeEachOther) {
  auto tables = MakeMachine();
  PmResult r = RunPmForTest({"ports", "--all", "--listening"}, tables);
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(tables->backends_created, 0);
}

}  // namespace
}  // namespace pm::cli
