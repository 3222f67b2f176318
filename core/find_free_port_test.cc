// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FindFreePort on the native backend over ranges the test fills with its own
// sockets: the table snapshot, the probe, exclusions, hosts, UDP, and
// reservations.

#include "core/find_free_port.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/port_probe.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::pm::testing::NativeBackend;
using ::pm::testing::SocketSpec;
using ::pm::testing::TestSocket;
using ::pm::testing::UnusedRange;

SocketSpec Listener(uint16_t port, std::string address = "127.0.0.1",
                    Protocol protocol = Protocol::kTcp) {
  SocketSpec spec;
  spec.address = std::move(address);
  spec.port = port;
  spec.protocol = protocol;
  return spec;
}

class FindFreePortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = NativeBackend();
    ASSERT_NE(backend_, nullptr);
    range_ = UnusedRange(6);
    ASSERT_NE(range_.first, 0);
  }
  PortProber& prober() { return backend_->ports(); }
  uint16_t At(int i) const { return static_cast<uint16_t>(range_.first + i); }

  std::unique_ptr<Backend> backend_;
  PortRange range_;
};

TEST_F(FindFreePortTest, ListenersInTheTableAreSkippedWithoutProbing) {
  std::vector<std::unique_ptr<TestSocket>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<TestSocket>(Listener(At(i))));
    ASSERT_TRUE(held.back()->ok());
  }
  absl::StatusOr<FreePort> found = FindFreePort(prober(), range_);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->port, At(3));
  EXPECT_EQ(found->skipped_by_table, 3);
  EXPECT_EQ(found->probed, 1);
  EXPECT_TRUE(found->reservations.empty());
}

TEST_F(FindFreePortTest, ABoundSocketTheTableMissesIsFoundByTheProbe) {
  SocketSpec bound = Listener(At(0));
  bound.listen = false;
  bound.reuseaddr = false;
  TestSocket held(bound);
  ASSERT_TRUE(held.ok());
  absl::StatusOr<FreePort> found = FindFreePort(prober(), range_);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->port, At(1));
  EXPECT_EQ(found->skipped_by_table, 0);
  EXPECT_EQ(found->probed, 2);
}

TEST_F(FindFreePortTest, ExcludedPortsAreNeverReturned) {
  FindFreePortOptions options;
  options.exclude = {At(0), At(1), At(4)};
  absl::StatusOr<FreePort> found = FindFreePort(prober(), range_, options);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->port, At(2));
}

TEST_F(FindFreePortTest, AFullRangeIsResourceExhausted) {
  std::vector<std::unique_ptr<TestSocket>> held;
  for (int i = 0; i < 5; ++i) {
    held.push_back(std::make_unique<TestSocket>(Listener(At(i), "0.0.0.0")));
  }
  FindFreePortOptions options;
  options.exclude = {At(5)};
  absl::StatusOr<FreePort> found = FindFreePort(prober(), range_, options);
  EXPECT_TRUE(absl::IsResourceExhausted(found.status())) << found.status();
  EXPECT_EQ(found.status().message(),
            absl::StrCat("no free tcp port in ", range_.ToString(),
                         " on localhost: 5 in use, 1 excluded"));
}

TEST_F(FindFreePortTest, TheHostDecidesWhichHoldersCount) {
  TestSocket v6(Listener(At(0), "::1"));
  TestSocket v4(Listener(At(1), "127.0.0.1"));
  ASSERT_TRUE(v6.ok() && v4.ok());
  FindFreePortOptions options;
  options.host = "127.0.0.1";
  EXPECT_EQ(FindFreePort(prober(), range_, options)->port, At(0));
  options.host = "::1";
  EXPECT_EQ(FindFreePort(prober(), range_, options)->port, At(1));
  options.host = "localhost";
  EXPECT_EQ(FindFreePort(prober(), range_, options)->port, At(2));
}

TEST_F(FindFreePortTest, AV6OnlyWildcardHolderIsLeftToTheProbe) {
  // The table cannot tell whether [::] is v6-only; the probe can.
  SocketSpec spec = Listener(At(0), "::");
  spec.v6only = true;
  TestSocket held(spec);
  ASSERT_TRUE(held.ok());
  FindFreePortOptions options;
  options.host = "127.0.0.1";
  absl::StatusOr<FreePort> found = FindFreePort(prober(), range_, options);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->port, At(0));
  EXPECT_EQ(found->skipped_by_table, 0);
}

TEST_F(FindFreePortTest, UdpAndTcpAreSearchedSeparately) {
  TestSocket udp(Listener(At(0), "127.0.0.1", Protocol::kUdp));
  ASSERT_TRUE(udp.ok());
  FindFreePortOptions options;
  options.protocol = Protocol::kUdp;
  absl::StatusOr<FreePort> found = FindFreePort(prober(), range_, options);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->port, At(1));
  EXPECT_EQ(found->skipped_by_table, 1);
  EXPECT_EQ(FindFreePort(prober(), range_)->port, At(0));
}

TEST_F(FindFreePortTest, AReservedPortIsHeldUntilReleased) {
  FindFreePortOptions options;
  options.reserve = true;
  absl::StatusOr<FreePort> first = FindFreePort(prober(), range_, options);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->port, At(0));
  ASSERT_EQ(first->reservations.size(), 2u);
  EXPECT_EQ(first->reservations[0]->local().ToString(),
            absl::StrCat("127.0.0.1:", At(0)));
  EXPECT_EQ(first->reservations[1]->local().ToString(),
            absl::StrCat("[::1]:", At(0)));
  // A reservation listens, so the next search sees it in the table.
  absl::StatusOr<FreePort> second = FindFreePort(prober(), range_, options);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->port, At(1));
  EXPECT_EQ(second->skipped_by_table, 1);
  first->reservations.clear();
  EXPECT_TRUE(IsPortFree(prober(), At(0), "localhost")->free());
}

TEST_F(FindFreePortTest, AnyPortIsChosenByTheOs) {
  absl::StatusOr<FreePort> found = FindFreePort(prober(), std::nullopt);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_NE(found->port, 0);
  EXPECT_TRUE(found->reservations.empty());

  FindFreePortOptions options;
  options.reserve = true;
  absl::StatusOr<FreePort> reserved =
      FindFreePort(prober(), std::nullopt, options);
  ASSERT_TRUE(reserved.ok()) << reserved.status();
  ASSERT_EQ(reserved->reservations.size(), 2u);
  absl::StatusOr<PortAvailability> now =
      IsPortFree(prober(), reserved->port, "localhost");
  ASSERT_TRUE(now.ok()) << now.status();
  EXPECT_EQ(now->taken_on.size(), 2u);
}

TEST_F(FindFreePortTest, BadHostIsInvalidArgument) {
  FindFreePortOptions options;
  options.host = "my-laptop";
  EXPECT_TRUE(absl::IsInvalidArgument(
      FindFreePort(prober(), range_, options).status()));
}

// The native prober with a socket table that cannot be read.
class NoTableProber : public PortProber {
 public:
  explicit NoTableProber(PortProber& real) : real_(real) {}
  absl::StatusOr<std::vector<Socket>> ListSockets(const SocketQuery&) override {
    return absl::PermissionDeniedError("open(/proc/net/tcp): EACCES");
  }
  absl::StatusOr<BindOutcome> ProbeBind(Protocol protocol,
                                        const Endpoint& local) override {
    return real_.ProbeBind(protocol, local);
  }

 private:
  PortProber& real_;
};

TEST_F(FindFreePortTest, AnUnreadableTableOnlyCostsProbes) {
  TestSocket held(Listener(At(0)));
  ASSERT_TRUE(held.ok());
  NoTableProber prober_without_table(prober());
  absl::StatusOr<FreePort> found = FindFreePort(prober_without_table, range_);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->port, At(1));
  EXPECT_EQ(found->skipped_by_table, 0);
  EXPECT_EQ(found->probed, 2);
}

}  // namespace
}  // namespace pm
