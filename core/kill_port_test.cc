// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for KillPort and FreePort on the in-memory KillTestBackend.

#include "core/kill_port.h"

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
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::shared_ptr<FakeWorld> Machine() {
  auto world = std::make_shared<FakeWorld>();
  world->Add(1, 0, "init", 0);
  world->Add(200, 1, "bash");
  world->Add(300, 200, "pm");
  world->caller = CallerInfo{300, Uid{1000}, "user1000"};
  return world;
}

std::vector<Pid> Pids(const KillPortReport& report) {
  std::vector<Pid> pids;
  for (const TerminationResult& r : report.termination.processes) {
    pids.push_back(r.process.pid);
  }
  return pids;
}

TEST(KillPortTest, KillsTheListenerAndFindsThePortFree) {
  auto world = Machine();
  world->Add(400, 1, "server");
  world->Listen(8080, {400});
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      KillPort(backend, 8080, TerminationPolicy());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->port, 8080);
  EXPECT_TRUE(report->free);
  EXPECT_THAT(report->remaining, IsEmpty());
  EXPECT_FALSE(report->hidden_owner);
  ASSERT_EQ(report->sockets.size(), 1u);
  EXPECT_THAT(report->sockets[0].socket.owners, ElementsAre(400));
  EXPECT_THAT(Pids(*report), ElementsAre(400));
  EXPECT_EQ(report->termination.processes[0].outcome,
            TerminationOutcome::kExitedAfterSignal);
}

TEST(KillPortTest, APortNobodyHoldsIsNotFound) {
  auto world = Machine();
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      KillPort(backend, 8080, TerminationPolicy());
  EXPECT_EQ(report.status(),
            absl::NotFoundError(
                "no socket on port 8080 (tcp+udp, IPv4+IPv6, listening)"));
}

TEST(KillPortTest, OnlyTheExactPortIsSelected) {
  auto world = Machine();
  world->Add(400, 1, "other");
  world->Listen(30001, {400});
  world->Listen(300, {400});
  KillTestBackend backend(world);
  EXPECT_TRUE(
      absl::IsNotFound(KillPort(backend, 3000, TerminationPolicy()).status()));
  EXPECT_THAT(world->sent, IsEmpty());
}

TEST(KillPortTest, ClientsOfThePortAreNotTargetsUnlessAsked) {
  auto world = Machine();
  world->Add(400, 1, "server");
  world->Add(500, 1, "client");
  world->Listen(8080, {400});
  Socket& connected = world->Listen(8080, {500});  // A client bound to 8080.
  connected.state = SocketState::kEstablished;
  connected.remote = Endpoint{*IpAddress::Parse("127.0.0.1"), 40000};
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      KillPort(backend, 8080, TerminationPolicy());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(Pids(*report), ElementsAre(400));
  EXPECT_TRUE(world->Running(500));

  world->Add(400, 1, "server");
  world->Listen(8080, {400});
  KillPortOptions options;
  options.include_connected = true;
  report = KillPort(backend, 8080, TerminationPolicy(), options);
  ASSERT_TRUE(report.ok()) << report.status();
  // In FindOwners' socket order: ESTABLISHED sorts before LISTEN.
  EXPECT_THAT(Pids(*report), ElementsAre(500, 400));
}

TEST(KillPortTest, AHolderForkedMeanwhileIsFoundAndKilledInAnotherRound) {
  auto world = Machine();
  world->Add(400, 1, "server");
  world->Listen(8080, {400});
  // When the parent exits, a child it forked with the socket shows up.
  world->on_exit = [](FakeWorld& w, Pid pid) {
    if (pid != 400) return;
    w.Add(401, 1, "server");
    w.Listen(8080, {401});
  };
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      KillPort(backend, 8080, TerminationPolicy());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(Pids(*report), ElementsAre(400, 401));
  EXPECT_TRUE(report->free);
}

TEST(KillPortTest, ARefusedOwnerLeavesThePortHeld) {
  auto world = Machine();
  world->Add(400, 1, "nginx", 33);
  world->Listen(80, {400});
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      KillPort(backend, 80, TerminationPolicy());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->free);
  ASSERT_EQ(report->remaining.size(), 1u);
  EXPECT_THAT(report->remaining[0].owners, ElementsAre(400));
  EXPECT_EQ(report->termination.processes.at(0).refusal, Refusal::kOtherUser);
  EXPECT_THAT(world->sent, IsEmpty());
}

TEST(KillPortTest, AnInvisibleHolderIsReportedNotIgnored) {
  auto world = Machine();
  Socket& hidden = world->Listen(5432, {});
  hidden.owner_visibility = OwnerVisibility::kNotVisible;
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      KillPort(backend, 5432, TerminationPolicy());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->hidden_owner);
  EXPECT_FALSE(report->free);
  EXPECT_THAT(report->termination.processes, IsEmpty());
}

TEST(KillPortTest, TheBindProbeOverridesAnEmptyTable) {
  auto world = Machine();
  world->Add(400, 1, "server");
  world->Listen(8080, {400});
  world->probe = BindOutcome::kInUse;
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      KillPort(backend, 8080, TerminationPolicy());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->free);
  EXPECT_EQ(report->probe,
            absl::FailedPreconditionError(
                "binding tcp [::]:8080 fails (in use), although the socket "
                "table shows no listener (a holder in another network "
                "namespace, or one that appeared meanwhile)"));
  // A dual-stack probe of [::]:8080 covers IPv4 holders too.
  ASSERT_EQ(world->probed.size(), 1u);
  EXPECT_EQ(world->probed[0].first, Protocol::kTcp);
  EXPECT_EQ(world->probed[0].second.ToString(), "[::]:8080");
}

TEST(KillPortTest, AProbeThatCannotTellLeavesTheTablesAnswer) {
  auto world = Machine();
  world->Add(400, 1, "server");
  world->Listen(80, {400});
  // A port this caller may not bind says nothing about holders.
  world->probe = absl::PermissionDeniedError("bind: EACCES");
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      KillPort(backend, 80, TerminationPolicy());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->free);
  EXPECT_TRUE(report->probe.ok());
}

TEST(KillPortTest, WithoutIpv6TheProbeFallsBackToIpv4) {
  auto world = Machine();
  world->probe = absl::UnimplementedError("no IPv6");
  KillTestBackend backend(world);
  KillPortOptions udp_only;
  udp_only.tcp = false;
  absl::StatusOr<KillPortReport> report =
      FreePort(backend, 53, TerminationPolicy(), 2, udp_only);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->free);
  ASSERT_EQ(world->probed.size(), 2u);
  EXPECT_EQ(world->probed[0].second.ToString(), "[::]:53");
  EXPECT_EQ(world->probed[1].first, Protocol::kUdp);
  EXPECT_EQ(world->probed[1].second.ToString(), "0.0.0.0:53");
}

TEST(KillPortTest, PortZeroIsInvalid) {
  auto world = Machine();
  KillTestBackend backend(world);
  EXPECT_TRUE(absl::IsInvalidArgument(
      KillPort(backend, 0, TerminationPolicy()).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      FreePort(backend, 0, TerminationPolicy()).status()));
}

TEST(FreePortTest, AFreePortIsSuccess) {
  auto world = Machine();
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      FreePort(backend, 8080, TerminationPolicy());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->free);
  EXPECT_THAT(report->sockets, IsEmpty());
  EXPECT_THAT(report->termination.processes, IsEmpty());
}

TEST(FreePortTest, AFreeLookingPortThatCannotBeBoundIsNotFree) {
  auto world = Machine();
  world->probe = BindOutcome::kInUse;
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      FreePort(backend, 8080, TerminationPolicy());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->free);
  EXPECT_TRUE(absl::IsFailedPrecondition(report->probe)) << report->probe;
}

TEST(FreePortTest, RetriesBoundTheRounds) {
  auto world = Machine();
  world->Add(400, 1, "server");
  world->Listen(8080, {400});
  int next = 401;
  // Every exit forks a new holder: a respawning supervisor.
  world->on_exit = [&next](FakeWorld& w, Pid) {
    w.Add(next, 1, "server");
    w.Listen(8080, {next});
    ++next;
  };
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      FreePort(backend, 8080, TerminationPolicy(), /*retries=*/2);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(Pids(*report), ElementsAre(400, 401, 402));
  EXPECT_FALSE(report->free);
  ASSERT_EQ(report->remaining.size(), 1u);
  EXPECT_THAT(report->remaining[0].owners, ElementsAre(403));
}

TEST(KillPortTest, ADescendantKilledAsAHolderIsNotLeftRunning) {
  auto world = Machine();
  world->Add(400, 1, "server", 1000, Reaction::kExitOnAny);
  world->Add(401, 400, "server");
  world->Listen(8080, {400, 401});
  KillTestBackend backend(world);
  absl::StatusOr<KillPortReport> report =
      KillPort(backend, 8080, TerminationPolicy());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(Pids(*report), ElementsAre(401, 400));  // Child first.
  EXPECT_THAT(report->termination.left_running, IsEmpty());
  EXPECT_TRUE(report->free);
}

}  // namespace
}  // namespace pm
