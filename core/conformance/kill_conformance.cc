// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Kill conformance: Terminate and KillPort on live helper processes. A helper
// that exits on TERM, one that ignores it (killed after the grace), trees of
// three generations with and without tree mode, stale identities, refusals
// (PID 1, self, another user's process), a port shared by a parent and its
// forked child, and a port nobody holds.

#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/conformance/backend_conformance_test.h"
#include "core/conformance/kill_conformance_util.h"
#include "core/find_owners.h"
#include "core/kill_port.h"
#include "core/terminate.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::IsSubsetOf;
using ::testing::UnorderedElementsAre;

// A policy whose waits cannot end a case early on a slow machine.
TerminationPolicy Patient() {
  TerminationPolicy policy;
  policy.grace = absl::Seconds(30);
  policy.kill_wait = absl::Seconds(30);
  return policy;
}

TEST_P(BackendConformanceTest, TerminateEndsAHelperThatExitsOnTerm) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--tcp4=0"});
  ASSERT_NE(helper, nullptr);
  const ProcessIdentity id = IdentityOf(backend(), helper->pid());
  absl::StatusOr<TerminationReport> report =
      Terminate(backend(), id, Patient());
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->processes.size(), 1u);
  const TerminationResult& r = report->processes[0];
  EXPECT_EQ(r.process.identity(), id);
  EXPECT_EQ(r.process.name, "listener_helper");
  EXPECT_EQ(r.outcome, TerminationOutcome::kExitedAfterSignal) << r.status;
  EXPECT_THAT(r.signals_sent, ElementsAre(TerminationSignal::kTerminate));
  EXPECT_LT(r.elapsed, absl::Seconds(30));
  absl::StatusOr<int> status = helper->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << *status;
}

TEST_P(BackendConformanceTest, AHelperIgnoringTermIsKilledAfterTheGrace) {
  std::unique_ptr<ListenerHelper> helper =
      StartHelper({"--tcp4=0", "--ignore_term"});
  ASSERT_NE(helper, nullptr);
  TerminationPolicy policy = Patient();
  policy.grace = absl::Milliseconds(500);
  const absl::Time start = absl::Now();
  absl::StatusOr<TerminationReport> report =
      Terminate(backend(), IdentityOf(backend(), helper->pid()), policy);
  const absl::Duration wall = absl::Now() - start;
  ASSERT_TRUE(report.ok()) << report.status();
  const TerminationResult& r = report->processes.at(0);
  EXPECT_EQ(r.outcome, TerminationOutcome::kKilledAfterGrace) << r.status;
  EXPECT_THAT(r.signals_sent, ElementsAre(TerminationSignal::kTerminate,
                                          TerminationSignal::kKill));
  // The grace is waited in full, and KILL follows it promptly: the tolerance
  // allows a loaded machine, never an early KILL.
  EXPECT_GE(r.elapsed, policy.grace);
  EXPECT_LE(r.elapsed, policy.grace + absl::Seconds(5));
  EXPECT_GE(wall, policy.grace);
  absl::StatusOr<int> status = helper->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL) << *status;
}

TEST_P(BackendConformanceTest, TreeModeEndsThreeGenerationsChildrenFirst) {
  std::unique_ptr<ListenerHelper> helper =
      StartHelper({"--fork=1", "--grandchildren", "--detach_children"});
  ASSERT_NE(helper, nullptr);
  const ProcessIdentity parent = IdentityOf(backend(), helper->pid());
  const ProcessIdentity child = IdentityOf(backend(), helper->children().at(0));
  const ProcessIdentity grandchild =
      IdentityOf(backend(), helper->grandchildren().at(0));
  TerminationPolicy policy = Patient();
  policy.tree = true;
  absl::StatusOr<TerminationReport> report =
      Terminate(backend(), parent, policy);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->processes.size(), 3u);
  EXPECT_EQ(report->processes[0].process.identity(), grandchild);
  EXPECT_EQ(report->processes[1].process.identity(), child);
  EXPECT_EQ(report->processes[2].process.identity(), parent);
  for (const TerminationResult& r : report->processes) {
    EXPECT_EQ(r.outcome, TerminationOutcome::kExitedAfterSignal)
        << r.process.pid << ": " << r.status;
    EXPECT_EQ(r.descendant, r.process.identity() != parent);
  }
  EXPECT_THAT(report->left_running, IsEmpty());
  for (const ProcessIdentity& id : {grandchild, child, parent}) {
    EXPECT_TRUE(backend().terminator().WaitForExit(id, absl::Now()).ok())
        << id.pid << " still runs";
  }
  ASSERT_TRUE(helper->Wait(absl::Seconds(30)).ok());
}

TEST_P(BackendConformanceTest, WithoutTreeModeChildrenSurviveAndAreReported) {
  std::unique_ptr<ListenerHelper> helper =
      StartHelper({"--fork=1", "--grandchildren", "--detach_children"});
  ASSERT_NE(helper, nullptr);
  const ProcessIdentity parent = IdentityOf(backend(), helper->pid());
  const ProcessIdentity child = IdentityOf(backend(), helper->children().at(0));
  const ProcessIdentity grandchild =
      IdentityOf(backend(), helper->grandchildren().at(0));
  absl::StatusOr<TerminationReport> report =
      Terminate(backend(), parent, Patient());
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->processes.size(), 1u);
  EXPECT_EQ(report->processes[0].outcome,
            TerminationOutcome::kExitedAfterSignal);
  ASSERT_EQ(report->left_running.size(), 2u);
  EXPECT_EQ(report->left_running[0].identity(), child);
  EXPECT_EQ(report->left_running[1].identity(), grandchild);
  for (const ProcessIdentity& id : {child, grandchild}) {
    EXPECT_TRUE(absl::IsDeadlineExceeded(
        backend().terminator().WaitForExit(id, absl::Now())))
        << id.pid << " did not survive";
  }
  ASSERT_TRUE(helper->Wait(absl::Seconds(30)).ok());
  // Clean up the survivors through pm itself.
  TerminationPolicy tree = Patient();
  tree.tree = true;
  absl::StatusOr<TerminationReport> cleanup = Terminate(backend(), child, tree);
  ASSERT_TRUE(cleanup.ok()) << cleanup.status();
  EXPECT_EQ(cleanup->processes.size(), 2u);
}

TEST_P(BackendConformanceTest, AStaleIdentityIsRefusedAndTheProcessUntouched) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--tcp4=0"});
  ASSERT_NE(helper, nullptr);
  ProcessIdentity stale = IdentityOf(backend(), helper->pid());
  stale.start_token += 1;  // Right PID, wrong start time.
  absl::StatusOr<TerminationReport> report =
      Terminate(backend(), stale, Patient());
  ASSERT_TRUE(report.ok()) << report.status();
  const TerminationResult& r = report->processes.at(0);
  EXPECT_EQ(r.outcome, TerminationOutcome::kRefused);
  EXPECT_EQ(r.refusal, Refusal::kStaleIdentity);
  EXPECT_TRUE(absl::IsFailedPrecondition(r.status)) << r.status;
  EXPECT_THAT(r.signals_sent, IsEmpty());
  // Untouched: still running, and it still answers its own stdin.
  EXPECT_TRUE(
      absl::IsDeadlineExceeded(helper->Wait(absl::ZeroDuration()).status()));
  absl::StatusOr<int> status = helper->Stop();
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << *status;
}

TEST_P(BackendConformanceTest, PidOneSelfAndPidZeroAreRefused) {
  const ProcessIdentity init = IdentityOf(backend(), 1);
  const ProcessIdentity self = IdentityOf(backend(), getpid());
  const ProcessIdentity parent = IdentityOf(backend(), getppid());
  absl::StatusOr<TerminationReport> report = TerminateAll(
      backend(), {init, self, parent, ProcessIdentity{0, 0}}, Patient());
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->processes.size(), 4u);
  // Children come first, so the order is the plan's: look results up by pid.
  std::map<Pid, const TerminationResult*> by_pid;
  for (const TerminationResult& r : report->processes) {
    EXPECT_EQ(r.outcome, TerminationOutcome::kRefused) << r.process.pid;
    EXPECT_THAT(r.signals_sent, IsEmpty());
    by_pid[r.process.pid] = &r;
  }
  ASSERT_EQ(by_pid.size(), 4u);
  EXPECT_EQ(by_pid.at(1)->refusal, Refusal::kInit);
  EXPECT_TRUE(absl::IsPermissionDenied(by_pid.at(1)->status));
  EXPECT_EQ(by_pid.at(getpid())->refusal, Refusal::kSelf);
  EXPECT_EQ(by_pid.at(getppid())->refusal, Refusal::kAncestor);
  EXPECT_EQ(by_pid.at(0)->refusal, Refusal::kInvalidPid);
  EXPECT_TRUE(absl::IsInvalidArgument(by_pid.at(0)->status));
}

TEST_P(BackendConformanceTest, AnotherUsersProcessIsRefusedNamingIt) {
  std::unique_ptr<ListenerHelper> helper = StartHelper({"--tcp4=0"});
  ASSERT_NE(helper, nullptr);
  absl::StatusOr<OtherUserAttempt> attempt =
      TerminateAsAnotherUser(GetParam(), helper->pid());
  if (absl::IsUnavailable(attempt.status())) {
    GTEST_SKIP() << attempt.status().message();
  }
  ASSERT_TRUE(attempt.ok()) << attempt.status();
  // Without consent pm refuses; with it, the OS does. Both name the process.
  const std::string name =
      absl::StrCat("pid ", helper->pid(), " (listener_helper)");
  EXPECT_TRUE(absl::IsPermissionDenied(attempt->without_consent))
      << attempt->without_consent;
  EXPECT_THAT(std::string(attempt->without_consent.message()),
              HasSubstr(absl::StrCat(name, " belongs to ")));
  EXPECT_TRUE(absl::IsPermissionDenied(attempt->with_consent))
      << attempt->with_consent;
  EXPECT_THAT(std::string(attempt->with_consent.message()), HasSubstr(name));
  // Nothing reached it.
  EXPECT_TRUE(
      absl::IsDeadlineExceeded(helper->Wait(absl::ZeroDuration()).status()));
}

// Both lookups: the fast first round (one owner per socket, the rest found
// while the port stays held) and a complete first round.
TEST_P(BackendConformanceTest, KillPortFreesAPortHeldByParentAndForkedChild) {
  for (OwnerSearch search : {OwnerSearch::kFirst, OwnerSearch::kAll}) {
    SCOPED_TRACE(search == OwnerSearch::kFirst ? "kFirst" : "kAll");
    std::unique_ptr<ListenerHelper> helper =
        StartHelper({"--tcp4=0", "--fork=1", "--detach_children"});
    ASSERT_NE(helper, nullptr);
    const uint16_t port = helper->SocketOf("tcp4").local.port;
    const Pid parent = helper->pid();
    const Pid child = helper->children().at(0);
    KillPortOptions options;
    options.first_search = search;
    absl::StatusOr<KillPortReport> report =
        KillPort(backend(), port, Patient(), options);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(report->free);
    EXPECT_THAT(report->remaining, IsEmpty());
    ASSERT_EQ(report->sockets.size(), 1u);
    const std::vector<Pid>& first = report->sockets[0].socket.owners;
    if (search == OwnerSearch::kAll) {
      EXPECT_THAT(first, UnorderedElementsAre(parent, child));
    } else {
      ASSERT_FALSE(first.empty());
      EXPECT_THAT(first, IsSubsetOf({parent, child}));
    }
    std::vector<Pid> terminated;
    for (const TerminationResult& r : report->termination.processes) {
      EXPECT_TRUE(IsGoneOutcome(r.outcome))
          << r.process.pid << ": " << r.status;
      terminated.push_back(r.process.pid);
    }
    EXPECT_THAT(terminated, UnorderedElementsAre(parent, child));
    EXPECT_TRUE(absl::IsNotFound(FindOwners(backend(), port).status()));
    ASSERT_TRUE(helper->Wait(absl::Seconds(30)).ok());
  }
}

TEST_P(BackendConformanceTest, KillPortOfAPortNobodyHoldsIsNotFound) {
  absl::StatusOr<uint16_t> port = UnusedPort();
  ASSERT_TRUE(port.ok()) << port.status();
  absl::StatusOr<KillPortReport> report = KillPort(backend(), *port, Patient());
  EXPECT_TRUE(absl::IsNotFound(report.status())) << report.status();
  absl::StatusOr<KillPortReport> freed = FreePort(backend(), *port, Patient());
  ASSERT_TRUE(freed.ok()) << freed.status();
  EXPECT_TRUE(freed->free);
  EXPECT_THAT(freed->termination.processes, IsEmpty());
}

}  // namespace
}  // namespace pm::conformance

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BackendConformanceTest);
