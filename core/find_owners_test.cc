// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for FindOwners over a fake socket table and process table.

#include "core/find_owners.h"

#include <map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

// A socket table held in memory; filters through SocketMatches like a backend.
class FakeProber : public PortProber {
 public:
  explicit FakeProber(std::vector<Socket> sockets)
      : sockets_(std::move(sockets)) {}
  absl::StatusOr<std::vector<Socket>> ListSockets(
      const SocketQuery& query) override {
    last_query = query;
    std::vector<Socket> out;
    for (const Socket& s : sockets_) {
      if (SocketMatches(query, s)) out.push_back(s);
    }
    return out;
  }
  SocketQuery last_query;

 private:
  std::vector<Socket> sockets_;
};

class FakeDiscovery : public ProcessDiscovery {
 public:
  std::map<Pid, absl::StatusOr<ProcessInfo>> table;
  int lookups = 0;

  absl::StatusOr<ProcessInfo> GetProcess(Pid pid) override {
    ++lookups;
    auto it = table.find(pid);
    if (it == table.end()) return absl::NotFoundError("gone");
    return it->second;
  }
  absl::StatusOr<std::vector<ProcessInfo>> ListProcesses() override {
    return absl::UnimplementedError("not used");
  }
};

Socket Make(Protocol p, const char* addr, uint16_t port, SocketState state,
            std::vector<Pid> owners, OwnerVisibility vis) {
  Socket s;
  s.protocol = p;
  s.local = {*IpAddress::Parse(addr), port};
  s.remote = {IpAddress::Any(s.local.address.family()), 0};
  s.state = state;
  s.owners = std::move(owners);
  s.owner_visibility = vis;
  s.inode = 100 + port;
  return s;
}

ProcessInfo Proc(Pid pid, const char* name) {
  ProcessInfo p;
  p.pid = pid;
  p.name = name;
  return p;
}

TEST(FindOwnersTest, ReturnsEveryOwnerOfEveryMatchingSocket) {
  FakeProber prober({
      Make(Protocol::kTcp, "0.0.0.0", 8080, SocketState::kListen, {10, 11},
           OwnerVisibility::kVisible),
      Make(Protocol::kTcp, "::", 8080, SocketState::kListen, {10},
           OwnerVisibility::kVisible),
      Make(Protocol::kTcp, "0.0.0.0", 9090, SocketState::kListen, {12},
           OwnerVisibility::kVisible),
  });
  FakeDiscovery discovery;
  discovery.table.emplace(10, Proc(10, "nginx"));
  discovery.table.emplace(11, Proc(11, "nginx"));

  absl::StatusOr<std::vector<OwnedSocket>> got =
      FindOwners(prober, discovery, 8080);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0].socket.local.ToString(), "0.0.0.0:8080");
  ASSERT_EQ((*got)[0].processes.size(), 2u);
  EXPECT_EQ((*got)[0].processes[0].pid, 10);
  EXPECT_EQ((*got)[0].processes[1].pid, 11);
  EXPECT_EQ((*got)[1].socket.local.ToString(), "[::]:8080");
  ASSERT_EQ((*got)[1].processes.size(), 1u);
  EXPECT_EQ((*got)[1].processes[0].name, "nginx");
  EXPECT_EQ(discovery.lookups, 2);  // pid 10 looked up once for both sockets.
  EXPECT_TRUE(prober.last_query.with_owners);
  EXPECT_EQ(prober.last_query.local_port, 8080);
}

TEST(FindOwnersTest, PortNobodyHoldsIsNotFoundNamingPortAndFilters) {
  FakeProber prober({});
  FakeDiscovery discovery;
  SocketQuery filter;
  filter.udp = false;
  filter.ipv6 = false;
  filter.states = SocketStateSet::Listening();
  absl::StatusOr<std::vector<OwnedSocket>> got =
      FindOwners(prober, discovery, 3000, filter);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(),
            "no socket on port 3000 (tcp, IPv4, listening)");
}

TEST(FindOwnersTest, PortZeroIsInvalid) {
  FakeProber prober({});
  FakeDiscovery discovery;
  EXPECT_EQ(FindOwners(prober, discovery, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FindOwnersTest, FiltersPassThroughAndPortIsExact) {
  FakeProber prober({
      Make(Protocol::kTcp, "127.0.0.1", 3000, SocketState::kListen, {1},
           OwnerVisibility::kVisible),
      Make(Protocol::kTcp, "127.0.0.1", 30001, SocketState::kListen, {2},
           OwnerVisibility::kVisible),
      Make(Protocol::kUdp, "127.0.0.1", 3000, SocketState::kUnconnected, {3},
           OwnerVisibility::kVisible),
  });
  FakeDiscovery discovery;
  SocketQuery filter;
  filter.udp = false;
  absl::StatusOr<std::vector<OwnedSocket>> got =
      FindOwners(prober, discovery, 3000, filter);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].socket.owners, std::vector<Pid>({1}));
  EXPECT_EQ((*got)[0].socket.protocol, Protocol::kTcp);
}

TEST(FindOwnersTest, HiddenOwnerIsReportedNotVisible) {
  FakeProber prober({Make(Protocol::kTcp, "0.0.0.0", 80, SocketState::kListen,
                          {}, OwnerVisibility::kNotVisible)});
  FakeDiscovery discovery;
  absl::StatusOr<std::vector<OwnedSocket>> got =
      FindOwners(prober, discovery, 80);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].socket.owner_visibility, OwnerVisibility::kNotVisible);
  EXPECT_TRUE((*got)[0].processes.empty());
}

TEST(FindOwnersTest, ExitedOwnerStaysInPidsUnreadableOwnerIsPartial) {
  FakeProber prober({Make(Protocol::kTcp, "0.0.0.0", 80, SocketState::kListen,
                          {20, 21}, OwnerVisibility::kVisible)});
  FakeDiscovery discovery;  // 20 is gone (NotFound).
  discovery.table.emplace(21, absl::PermissionDeniedError("stat: EACCES"));
  absl::StatusOr<std::vector<OwnedSocket>> got =
      FindOwners(prober, discovery, 80);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].socket.owners, std::vector<Pid>({20, 21}));
  ASSERT_EQ((*got)[0].processes.size(), 1u);
  EXPECT_EQ((*got)[0].processes[0].pid, 21);
  EXPECT_FALSE((*got)[0].processes[0].details_visible);
}

TEST(FindOwnersTest, ProberErrorsPropagate) {
  class Failing : public PortProber {
    absl::StatusOr<std::vector<Socket>> ListSockets(
        const SocketQuery&) override {
      return absl::UnavailableError("table kept changing");
    }
  } prober;
  FakeDiscovery discovery;
  absl::StatusOr<std::vector<OwnedSocket>> got =
      FindOwners(prober, discovery, 80);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(got.status().message(), "table kept changing");
}

}  // namespace
}  // namespace pm
