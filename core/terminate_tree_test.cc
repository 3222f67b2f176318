// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests of tree mode (descendants, children first, refusals inside a tree) and
// of plans, on the in-memory KillTestBackend.

#include <memory>

#include "absl/status/status.h"
#include "core/kill_test_backend.h"
#include "core/terminate.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::pm::kill_testing::FakeWorld;
using ::pm::kill_testing::KillTestBackend;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// pm (300) run from bash (200) under init (1); everything is uid 1000's.
std::shared_ptr<FakeWorld> Machine() {
  auto world = std::make_shared<FakeWorld>();
  world->Add(1, 0, "init", 0);
  world->Add(200, 1, "bash");
  world->Add(300, 200, "pm");
  world->caller = CallerInfo{300, Uid{1000}, "user1000"};
  return world;
}

ProcessIdentity Id(const std::shared_ptr<FakeWorld>& world, Pid pid) {
  return world->processes.at(pid).info.identity();
}

std::vector<Pid> Pids(const TerminationReport& report) {
  std::vector<Pid> pids;
  for (const TerminationResult& r : report.processes) {
    pids.push_back(r.process.pid);
  }
  return pids;
}

std::vector<Pid> Pids(const std::vector<ProcessInfo>& processes) {
  std::vector<Pid> pids;
  for (const ProcessInfo& p : processes) pids.push_back(p.pid);
  return pids;
}

TerminationReport RunAll(
    const std::shared_ptr<FakeWorld>& world,
    std::vector<ProcessIdentity> targets,
    const TerminationPolicy& policy = TerminationPolicy()) {
  KillTestBackend backend(world);
  absl::StatusOr<TerminationReport> report =
      TerminateAll(backend, targets, policy);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : TerminationReport();
}

// server(10) -> worker(11) -> helper(12), and server -> logger(13).
std::shared_ptr<FakeWorld> Tree() {
  auto world = Machine();
  world->Add(10, 1, "server");
  world->Add(11, 10, "worker");
  world->Add(12, 11, "helper");
  world->Add(13, 10, "logger");
  return world;
}

TEST(TerminateTreeTest, TreeModeSignalsChildrenBeforeParents) {
  auto world = Tree();
  TerminationPolicy policy;
  policy.tree = true;
  TerminationReport report = RunAll(world, {Id(world, 10)}, policy);
  EXPECT_THAT(Pids(report), ElementsAre(12, 11, 13, 10));
  EXPECT_THAT(world->exited, ElementsAre(12, 11, 13, 10));
  for (const TerminationResult& r : report.processes) {
    EXPECT_EQ(r.outcome, TerminationOutcome::kExitedAfterSignal);
    EXPECT_EQ(r.descendant, r.process.pid != 10);
  }
  EXPECT_THAT(report.left_running, IsEmpty());
}

TEST(TerminateTreeTest, WithoutTreeTheChildrenSurviveAndAreReported) {
  auto world = Tree();
  TerminationReport report = RunAll(world, {Id(world, 10)});
  EXPECT_THAT(Pids(report), ElementsAre(10));
  EXPECT_THAT(Pids(report.left_running), ElementsAre(11, 13, 12));
  EXPECT_TRUE(world->Running(11) && world->Running(12) && world->Running(13));
}

TEST(TerminateTreeTest, ARefusedDescendantDoesNotStopTheRest) {
  auto world = Tree();
  world->processes.at(11).info.uid = 33;  // A setuid worker.
  TerminationPolicy policy;
  policy.tree = true;
  TerminationReport report = RunAll(world, {Id(world, 10)}, policy);
  ASSERT_THAT(Pids(report), ElementsAre(12, 11, 13, 10));
  EXPECT_EQ(report.processes[1].outcome, TerminationOutcome::kRefused);
  EXPECT_EQ(report.processes[1].refusal, Refusal::kOtherUser);
  EXPECT_THAT(world->exited, ElementsAre(12, 13, 10));
}

TEST(TerminateTreeTest, ARefusedTargetsTreeIsNotPlanned) {
  auto world = Tree();
  world->processes.at(10).info.uid = 33;
  TerminationPolicy policy;
  policy.tree = true;
  TerminationReport report = RunAll(world, {Id(world, 10)}, policy);
  EXPECT_THAT(Pids(report), ElementsAre(10));
  EXPECT_THAT(world->sent, IsEmpty());
}

TEST(TerminateTreeTest, TargetsAskedForTwiceOrInsideATreeArePlannedOnce) {
  auto world = Tree();
  TerminationPolicy policy;
  policy.tree = true;
  TerminationReport report =
      RunAll(world, {Id(world, 10), Id(world, 11), Id(world, 10)}, policy);
  EXPECT_THAT(Pids(report), ElementsAre(12, 11, 13, 10));
  EXPECT_FALSE(report.processes[1].descendant);  // 11 was asked for.
  EXPECT_EQ(world->sent.size(), 4u);
}

TEST(TerminateTreeTest, APlanSendsNothing) {
  auto world = Tree();
  KillTestBackend backend(world);
  TerminationPolicy policy;
  policy.tree = true;
  const ProcessIdentity target = Id(world, 10);
  absl::StatusOr<TerminationPlan> plan =
      PlanTermination(backend, absl::MakeConstSpan(&target, 1), policy);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->targets.size(), 4u);
  for (const TerminationPlan::Target& t : plan->targets) {
    EXPECT_TRUE(t.will_signal()) << t.process.pid;
  }
  EXPECT_THAT(plan->guard.ancestors, ElementsAre(200, 1));
  EXPECT_THAT(world->sent, IsEmpty());
}

}  // namespace
}  // namespace pm
