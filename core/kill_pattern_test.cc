// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for ProcessPattern and MatchProcesses.

#include "core/kill_pattern.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::testing::ElementsAre;

ProcessInfo Process(Pid pid, std::string name,
                    std::vector<std::string> cmdline) {
  ProcessInfo p;
  p.pid = pid;
  p.name = std::move(name);
  p.cmdline = std::move(cmdline);
  return p;
}

std::vector<Pid> Pids(const std::vector<ProcessInfo>& processes) {
  std::vector<Pid> pids;
  for (const ProcessInfo& p : processes) pids.push_back(p.pid);
  return pids;
}

const std::vector<ProcessInfo>& Table() {
  static const auto* table = new std::vector<ProcessInfo>{
      Process(1, "init", {"/sbin/init"}),
      Process(10, "node", {"node", "server.js"}),
      Process(11, "nodemon", {"nodemon", "app.js"}),
      Process(12, "python3", {"python3", "-m", "http.server", "8000"}),
      Process(13, "kworker/0:1", {}),
      Process(20, "bash", {"bash", "-c", "pm kill cmdline:http.server"}),
      Process(21, "pm", {"pm", "kill", "cmdline:http.server"}),
  };
  return *table;
}

GuardContext Caller() {
  GuardContext context;
  context.caller = CallerInfo{21, Uid{1000}, "alice"};
  context.ancestors = {20, 1};
  return context;
}

TEST(ProcessPatternTest, NameIsMatchedInFull) {
  absl::StatusOr<ProcessPattern> node =
      ProcessPattern::Create(PatternField::kName, "node");
  ASSERT_TRUE(node.ok()) << node.status();
  EXPECT_EQ(node->field(), PatternField::kName);
  EXPECT_EQ(node->regex(), "node");
  EXPECT_THAT(Pids(MatchProcesses(Table(), Caller(), *node)), ElementsAre(10));
  absl::StatusOr<ProcessPattern> prefix =
      ProcessPattern::Create(PatternField::kName, "node.*");
  ASSERT_TRUE(prefix.ok());
  EXPECT_THAT(Pids(MatchProcesses(Table(), Caller(), *prefix)),
              ElementsAre(10, 11));
}

TEST(ProcessPatternTest, CmdlineIsSearched) {
  absl::StatusOr<ProcessPattern> p =
      ProcessPattern::Create(PatternField::kCmdline, R"(http\.server 8000$)");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_THAT(Pids(MatchProcesses(Table(), Caller(), *p)), ElementsAre(12));
  // "\.js" is in two command lines but no name.
  absl::StatusOr<ProcessPattern> js =
      ProcessPattern::Create(PatternField::kCmdline, R"(\.js)");
  absl::StatusOr<ProcessPattern> js_name =
      ProcessPattern::Create(PatternField::kName, R"(.*\.js.*)");
  EXPECT_THAT(Pids(MatchProcesses(Table(), Caller(), *js)),
              ElementsAre(10, 11));
  EXPECT_THAT(Pids(MatchProcesses(Table(), Caller(), *js_name)), ElementsAre());
}

TEST(ProcessPatternTest, NeverMatchesPmOrItsAncestors) {
  absl::StatusOr<ProcessPattern> p =
      ProcessPattern::Create(PatternField::kCmdline, "http.server");
  ASSERT_TRUE(p.ok());
  // pm (21) and the bash (20) that runs it carry the pattern in their argv.
  EXPECT_THAT(Pids(MatchProcesses(Table(), Caller(), *p)), ElementsAre(12));
  absl::StatusOr<ProcessPattern> everything =
      ProcessPattern::Create(PatternField::kName, ".*");
  EXPECT_THAT(Pids(MatchProcesses(Table(), Caller(), *everything)),
              ElementsAre(10, 11, 12, 13));
}

TEST(ProcessPatternTest, AnInvalidPatternNamesItselfAndRe2sError) {
  absl::StatusOr<ProcessPattern> p =
      ProcessPattern::Create(PatternField::kName, "a(b");
  EXPECT_EQ(p.status(), absl::InvalidArgumentError(
                            "invalid pattern 'a(b': missing ): a(b"));
  p = ProcessPattern::Create(PatternField::kCmdline, "x**");
  EXPECT_EQ(p.status(),
            absl::InvalidArgumentError(
                "invalid pattern 'x**': bad repetition operator: **"));
}

TEST(ProcessPatternTest, CopiesShareTheCompiledPattern) {
  absl::StatusOr<ProcessPattern> p =
      ProcessPattern::Create(PatternField::kName, "python3?");
  ASSERT_TRUE(p.ok());
  ProcessPattern copy = *p;
  EXPECT_TRUE(copy.Matches(Table()[3]));
  EXPECT_FALSE(copy.Matches(Table()[1]));
}

}  // namespace
}  // namespace pm
