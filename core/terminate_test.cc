// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for PlanTermination and ExecuteTerminationPlan on the in-memory
// KillTestBackend: outcomes, escalation, refusals, order. Trees:
// terminate_tree_test.cc.

#include "core/terminate.h"

#include <memory>

#include "absl/status/status.h"
#include "core/kill_test_backend.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::pm::kill_testing::FakeWorld;
using ::pm::kill_testing::KillTestBackend;
using ::pm::kill_testing::Reaction;
using ::pm::kill_testing::SentSignal;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr TerminationSignal kTerm = TerminationSignal::kTerminate;
constexpr TerminationSignal kKill = TerminationSignal::kKill;

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

TEST(TerminateTest, AProcessThatExitsOnTermExitsAfterTheSignal) {
  auto world = Machine();
  world->Add(400, 1, "server");
  TerminationReport report = RunAll(world, {Id(world, 400)});
  ASSERT_EQ(report.processes.size(), 1u);
  const TerminationResult& r = report.processes[0];
  EXPECT_EQ(r.process.name, "server");
  EXPECT_EQ(r.outcome, TerminationOutcome::kExitedAfterSignal);
  EXPECT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(r.signals_sent, ElementsAre(kTerm));
  EXPECT_FALSE(r.descendant);
  EXPECT_THAT(world->sent, ElementsAre(SentSignal{400, kTerm}));
}

TEST(TerminateTest, OneThatIgnoresTermIsKilledAfterTheGrace) {
  auto world = Machine();
  world->Add(400, 1, "stubborn", 1000, Reaction::kIgnoreTerm);
  TerminationReport report = RunAll(world, {Id(world, 400)});
  ASSERT_EQ(report.processes.size(), 1u);
  EXPECT_EQ(report.processes[0].outcome, TerminationOutcome::kKilledAfterGrace);
  EXPECT_TRUE(report.processes[0].status.ok());
  EXPECT_THAT(report.processes[0].signals_sent, ElementsAre(kTerm, kKill));
  EXPECT_FALSE(world->Running(400));
}

TEST(TerminateTest, WithoutEscalationItIsReportedStillRunning) {
  auto world = Machine();
  world->Add(400, 1, "stubborn", 1000, Reaction::kIgnoreTerm);
  TerminationPolicy policy;
  policy.escalate = false;
  policy.grace = absl::Milliseconds(250);
  TerminationReport report = RunAll(world, {Id(world, 400)}, policy);
  const TerminationResult& r = report.processes.at(0);
  EXPECT_EQ(r.outcome, TerminationOutcome::kStillRunning);
  EXPECT_EQ(r.status, absl::DeadlineExceededError(
                          "pid 400 (stubborn) still running 250ms after TERM "
                          "(escalation is off)"));
  EXPECT_THAT(world->sent, ElementsAre(SentSignal{400, kTerm}));
  EXPECT_TRUE(world->Running(400));
}

TEST(TerminateTest, AProcessThatSurvivesKillIsStillRunning) {
  auto world = Machine();
  world->Add(400, 1, "stuck", 1000, Reaction::kUnkillable);
  TerminationPolicy policy;
  policy.kill_wait = absl::Seconds(2);
  TerminationReport report = RunAll(world, {Id(world, 400)}, policy);
  const TerminationResult& r = report.processes.at(0);
  EXPECT_EQ(r.outcome, TerminationOutcome::kStillRunning);
  EXPECT_EQ(r.status, absl::DeadlineExceededError(
                          "pid 400 (stuck) still running 2s after KILL"));
  EXPECT_THAT(r.signals_sent, ElementsAre(kTerm, kKill));
}

TEST(TerminateTest, APastDeadlineCutsTheWaitAndSaysSo) {
  auto world = Machine();
  world->Add(400, 1, "stubborn", 1000, Reaction::kIgnoreTerm);
  TerminationPolicy policy;
  policy.escalate = false;
  policy.deadline = absl::InfinitePast();
  const TerminationResult r =
      RunAll(world, {Id(world, 400)}, policy).processes[0];
  EXPECT_EQ(r.outcome, TerminationOutcome::kStillRunning);
  EXPECT_EQ(r.status.message(),
            "pid 400 (stubborn) still running 5s after TERM (escalation is "
            "off) (the deadline cut the wait short)");
}

TEST(TerminateTest, KillAsTheFirstSignalIsNotEscalated) {
  auto world = Machine();
  world->Add(400, 1, "stuck", 1000, Reaction::kUnkillable);
  TerminationPolicy policy;
  policy.signal = kKill;
  const TerminationResult r =
      RunAll(world, {Id(world, 400)}, policy).processes[0];
  EXPECT_EQ(r.outcome, TerminationOutcome::kStillRunning);
  EXPECT_THAT(world->sent, ElementsAre(SentSignal{400, kKill}));
}

TEST(TerminateTest, AGoneProcessIsSuccessNotAnError) {
  auto world = Machine();
  const TerminationResult r =
      RunAll(world, {ProcessIdentity{4242, 4242000}}).processes.at(0);
  EXPECT_EQ(r.outcome, TerminationOutcome::kAlreadyGone);
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(IsGoneOutcome(r.outcome));
  EXPECT_THAT(world->sent, IsEmpty());
}

TEST(TerminateTest, AStaleIdentityIsRefusedAndNothingIsSent) {
  auto world = Machine();
  world->Add(400, 1, "newcomer");
  const TerminationResult r =
      RunAll(world, {ProcessIdentity{400, 123}}).processes.at(0);
  EXPECT_EQ(r.outcome, TerminationOutcome::kRefused);
  EXPECT_EQ(r.refusal, Refusal::kStaleIdentity);
  EXPECT_EQ(r.status,
            absl::FailedPreconditionError(
                "pid 400 now names another process (newcomer, start token "
                "400000, not 123): the PID was reused; nothing was sent"));
  EXPECT_THAT(world->sent, IsEmpty());
  EXPECT_TRUE(world->Running(400));
}

TEST(TerminateTest, AnOsRefusalIsReportedAsRefused) {
  auto world = Machine();
  world->Add(400, 1, "guarded", 1000, Reaction::kDenied);
  const TerminationResult r = RunAll(world, {Id(world, 400)}).processes.at(0);
  EXPECT_EQ(r.outcome, TerminationOutcome::kRefused);
  EXPECT_EQ(r.refusal, Refusal::kOsDenied);
  EXPECT_EQ(r.status,
            absl::PermissionDeniedError("kill pid 400 (guarded): EPERM"));
}

TEST(TerminateTest, ProtectedProcessesAreRefusedWithoutASignal) {
  auto world = Machine();
  world->Add(500, 1, "daemon", 33);
  TerminationReport report = RunAll(
      world, {Id(world, 1), Id(world, 300), Id(world, 200), Id(world, 500),
              ProcessIdentity{0, 0}, ProcessIdentity{-1, 0}});
  std::vector<Refusal> refusals;
  for (const TerminationResult& r : report.processes) {
    EXPECT_EQ(r.outcome, TerminationOutcome::kRefused) << r.process.pid;
    refusals.push_back(r.refusal);
  }
  // In plan order: pm (300) under bash (200) under init come first, as
  // children of other targets; 0 and -1 have no parent among them.
  EXPECT_THAT(Pids(report), ElementsAre(300, 200, 500, 1, 0, -1));
  EXPECT_THAT(
      refusals,
      ElementsAre(Refusal::kSelf, Refusal::kAncestor, Refusal::kOtherUser,
                  Refusal::kInit, Refusal::kInvalidPid, Refusal::kInvalidPid));
  EXPECT_THAT(world->sent, IsEmpty());
}

TEST(TerminateTest, ConsentLetsAnotherUsersProcessBeSignalled) {
  auto world = Machine();
  world->Add(500, 1, "daemon", 33);
  TerminationPolicy policy;
  policy.allow_other_users = true;
  EXPECT_EQ(RunAll(world, {Id(world, 500)}, policy).processes.at(0).outcome,
            TerminationOutcome::kExitedAfterSignal);
}

TEST(TerminateTest, AnUnknownCallerFailsTheWholeOperation) {
  auto world = Machine();
  world->Add(10, 1, "server");
  world->caller_error = absl::UnimplementedError("who?");
  KillTestBackend backend(world);
  absl::StatusOr<TerminationReport> report =
      Terminate(backend, Id(world, 10), TerminationPolicy());
  EXPECT_TRUE(absl::IsFailedPrecondition(report.status())) << report.status();
  EXPECT_THAT(world->sent, IsEmpty());
}

TEST(TerminateTest, PidZeroIsNobodysParent) {
  // init's ppid is 0: a target named 0 must not make init its "child" (and
  // 0's own ppid 0 must not loop). 400 is init's child, so it goes first.
  auto world = Machine();
  world->Add(400, 1, "server");
  TerminationReport report =
      RunAll(world, {ProcessIdentity{0, 0}, Id(world, 1), Id(world, 400)});
  EXPECT_THAT(Pids(report), ElementsAre(400, 0, 1));
}

TEST(TerminateTest, OutcomeNamesAreStable) {
  EXPECT_EQ(TerminationOutcomeName(TerminationOutcome::kExitedAfterSignal),
            "exited_after_signal");
  EXPECT_EQ(TerminationOutcomeName(TerminationOutcome::kKilledAfterGrace),
            "killed_after_grace");
  EXPECT_EQ(TerminationOutcomeName(TerminationOutcome::kAlreadyGone),
            "already_gone");
  EXPECT_EQ(TerminationOutcomeName(TerminationOutcome::kRefused), "refused");
  EXPECT_EQ(TerminationOutcomeName(TerminationOutcome::kStillRunning),
            "still_running");
  EXPECT_EQ(TerminationOutcomeName(TerminationOutcome::kFailed), "failed");
}

}  // namespace
}  // namespace pm
