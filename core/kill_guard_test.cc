// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for the kill guard's rules and the caller's ancestor chain.

#include "core/kill_guard.h"

#include <memory>

#include "absl/status/status.h"
#include "core/kill_test_backend.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::pm::kill_testing::FakeWorld;
using ::pm::kill_testing::KillTestBackend;
using ::testing::ElementsAre;

// init(1, root) -> sshd(100, root) -> bash(200, 1000) -> pm(300, 1000), and a
// server(400, 1000), a daemon(500, uid 33) and kthreadd(2).
std::shared_ptr<FakeWorld> Machine() {
  auto world = std::make_shared<FakeWorld>();
  world->Add(1, 0, "init", 0);
  world->Add(2, 0, "kthreadd", 0).info.kernel_thread = true;
  world->Add(100, 1, "sshd", 0);
  world->Add(200, 100, "bash", 1000);
  world->Add(300, 200, "pm", 1000);
  world->Add(400, 1, "server", 1000);
  world->Add(500, 1, "daemon", 33);
  world->caller = CallerInfo{300, Uid{1000}, "user1000"};
  return world;
}

GuardContext ContextFor(const std::shared_ptr<FakeWorld>& world,
                        bool allow_other_users = false) {
  KillTestBackend backend(world);
  absl::StatusOr<GuardContext> context =
      MakeGuardContext(backend, allow_other_users);
  EXPECT_TRUE(context.ok()) << context.status();
  return context.ok() ? *context : GuardContext();
}

ProcessInfo Info(const std::shared_ptr<FakeWorld>& world, Pid pid) {
  return world->processes.at(pid).info;
}

TEST(KillGuardTest, AncestorsFollowPpidToTheTop) {
  auto world = Machine();
  GuardContext context = ContextFor(world);
  EXPECT_EQ(context.caller.pid, 300);
  EXPECT_THAT(context.ancestors, ElementsAre(200, 100, 1));
  EXPECT_FALSE(context.allow_other_users);
}

TEST(KillGuardTest, TheTableGivesTheSameChain) {
  auto world = Machine();
  KillTestBackend backend(world);
  std::vector<ProcessInfo> table = *backend.processes().ListProcesses();
  GuardContext from_table =
      MakeGuardContextFromTable(world->caller, table, true);
  EXPECT_THAT(from_table.ancestors, ElementsAre(200, 100, 1));
  EXPECT_TRUE(from_table.allow_other_users);
}

TEST(KillGuardTest, AParentCycleEndsTheWalk) {
  auto world = std::make_shared<FakeWorld>();
  world->Add(10, 11, "a");
  world->Add(11, 10, "b");
  world->caller = CallerInfo{10, Uid{1000}, ""};
  EXPECT_THAT(ContextFor(world).ancestors, ElementsAre(11));
}

TEST(KillGuardTest, UnknownCallerIsFailedPrecondition) {
  auto world = Machine();
  world->caller_error = absl::UnimplementedError("no idea");
  KillTestBackend backend(world);
  absl::StatusOr<GuardContext> context = MakeGuardContext(backend, false);
  EXPECT_EQ(context.status(),
            absl::FailedPreconditionError(
                "cannot tell which process is asking, so no process may be "
                "signalled: no idea"));
}

TEST(KillGuardTest, EachRuleRefusesWithItsReasonAndMessage) {
  auto world = Machine();
  GuardContext context = ContextFor(world);
  struct Case {
    ProcessInfo target;
    Refusal refusal;
    absl::Status status;
  };
  ProcessInfo zero;
  zero.pid = 0;
  ProcessInfo negative;
  negative.pid = -1;
  const Case cases[] = {
      {zero, Refusal::kInvalidPid,
       absl::InvalidArgumentError(
           "pid 0 names no single process (0 is the caller's process group, "
           "negative PIDs name groups or every process); nothing was sent")},
      {negative, Refusal::kInvalidPid,
       absl::InvalidArgumentError(
           "pid -1 names no single process (0 is the caller's process group, "
           "negative PIDs name groups or every process); nothing was sent")},
      {Info(world, 1), Refusal::kInit,
       absl::PermissionDeniedError("pid 1 (init) is the init process; pm "
                                   "never signals it; nothing was sent")},
      {Info(world, 300), Refusal::kSelf,
       absl::PermissionDeniedError(
           "pid 300 (pm) is pm itself; nothing was sent")},
      {Info(world, 200), Refusal::kAncestor,
       absl::PermissionDeniedError(
           "pid 200 (bash) is an ancestor of pm (the shell or program that "
           "runs it); nothing was sent")},
      {Info(world, 100), Refusal::kAncestor,
       absl::PermissionDeniedError(
           "pid 100 (sshd) is an ancestor of pm (the shell or program that "
           "runs it); nothing was sent")},
      {Info(world, 2), Refusal::kKernelThread,
       absl::PermissionDeniedError(
           "pid 2 (kthreadd) is a kernel thread; nothing was sent")},
      {Info(world, 500), Refusal::kOtherUser,
       absl::PermissionDeniedError(
           "pid 500 (daemon) belongs to user33 (uid 33), not to user1000 (uid "
           "1000); signalling another user's process needs explicit consent; "
           "nothing was sent")},
  };
  for (const Case& c : cases) {
    GuardVerdict verdict = CheckKillable(c.target, context);
    EXPECT_EQ(verdict.refusal, c.refusal) << c.target.pid;
    EXPECT_EQ(verdict.status, c.status);
    EXPECT_FALSE(verdict.ok());
  }
  GuardVerdict server = CheckKillable(Info(world, 400), context);
  EXPECT_TRUE(server.ok());
  EXPECT_TRUE(server.status.ok());
  EXPECT_EQ(server.refusal, Refusal::kNone);
}

TEST(KillGuardTest, ConsentAllowsOtherUsersButNothingElse) {
  auto world = Machine();
  GuardContext context = ContextFor(world, /*allow_other_users=*/true);
  EXPECT_TRUE(CheckKillable(Info(world, 500), context).ok());
  EXPECT_EQ(CheckKillable(Info(world, 1), context).refusal, Refusal::kInit);
  EXPECT_EQ(CheckKillable(Info(world, 100), context).refusal,
            Refusal::kAncestor);
  EXPECT_EQ(CheckKillable(Info(world, 2), context).refusal,
            Refusal::kKernelThread);
}

TEST(KillGuardTest, RootNeedsConsentForAnotherUsersProcess) {
  auto world = Machine();
  world->caller = CallerInfo{300, Uid{0}, "root"};
  GuardContext context = ContextFor(world);
  GuardVerdict verdict = CheckKillable(Info(world, 400), context);
  EXPECT_EQ(verdict.refusal, Refusal::kOtherUser);
  EXPECT_EQ(verdict.status.message(),
            "pid 400 (server) belongs to user1000 (uid 1000), not to root "
            "(uid 0); signalling another user's process needs explicit "
            "consent; nothing was sent");
  EXPECT_TRUE(CheckKillable(Info(world, 100), context).refusal ==
              Refusal::kAncestor);
}

TEST(KillGuardTest, AnUnreadableOwnerCountsAsAnotherUser) {
  auto world = Machine();
  GuardContext context = ContextFor(world);
  ProcessInfo hidden;
  hidden.pid = 777;
  hidden.details_visible = false;
  GuardVerdict verdict = CheckKillable(hidden, context);
  EXPECT_EQ(verdict.refusal, Refusal::kOtherUser);
  EXPECT_EQ(verdict.status.message(),
            "pid 777 belongs to an unknown user, not to user1000 (uid 1000); "
            "signalling another user's process needs explicit consent; "
            "nothing was sent");
}

TEST(KillGuardTest, WithoutUidsUserNamesAreCompared) {
  GuardContext context;
  context.caller = CallerInfo{300, std::nullopt, "HOST\\alice"};
  ProcessInfo mine;
  mine.pid = 42;
  mine.user = "HOST\\alice";
  ProcessInfo theirs = mine;
  theirs.user = "HOST\\bob";
  EXPECT_TRUE(CheckKillable(mine, context).ok());
  EXPECT_EQ(CheckKillable(theirs, context).refusal, Refusal::kOtherUser);
  // A caller whose user is unknown owns nothing.
  context.caller.user = "";
  mine.user = "";
  EXPECT_EQ(CheckKillable(mine, context).refusal, Refusal::kOtherUser);
}

TEST(KillGuardTest, RefusalNamesAreStable) {
  EXPECT_EQ(RefusalName(Refusal::kNone), "");
  EXPECT_EQ(RefusalName(Refusal::kInvalidPid), "invalid_pid");
  EXPECT_EQ(RefusalName(Refusal::kInit), "init");
  EXPECT_EQ(RefusalName(Refusal::kSelf), "self");
  EXPECT_EQ(RefusalName(Refusal::kAncestor), "ancestor");
  EXPECT_EQ(RefusalName(Refusal::kKernelThread), "kernel_thread");
  EXPECT_EQ(RefusalName(Refusal::kOtherUser), "other_user");
  EXPECT_EQ(RefusalName(Refusal::kStaleIdentity), "stale_identity");
  EXPECT_EQ(RefusalName(Refusal::kOsDenied), "os_denied");
}

}  // namespace
}  // namespace pm
