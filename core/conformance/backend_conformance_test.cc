// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// BackendConformanceTest's fixture, the socket description used by every case,
// and the per-record invariants (ExpectValidSocket).

#include "core/conformance/backend_conformance_test.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace pm::conformance {

void PrintTo(const BackendParam& param, std::ostream* os) { *os << param.name; }

std::string NameFromParam(const ::testing::TestParamInfo<BackendParam>& info) {
  return info.param.name;
}

void BackendConformanceTest::SetUp() {
  absl::StatusOr<std::unique_ptr<Backend>> backend = GetParam().make();
  ASSERT_TRUE(backend.ok())
      << "creating backend '" << GetParam().name << "': " << backend.status();
  ASSERT_NE(*backend, nullptr);
  backend_ = std::move(*backend);
}

std::unique_ptr<ListenerHelper> BackendConformanceTest::StartHelper(
    std::vector<std::string> flags) {
  std::string joined = absl::StrJoin(flags, " ");
  absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
      ListenerHelper::Start(std::move(flags));
  if (!helper.ok()) {
    ADD_FAILURE() << "listener_helper " << joined << ": " << helper.status();
    return nullptr;
  }
  return std::move(*helper);
}

SocketQuery OnlyQuery(Protocol protocol, AddressFamily family) {
  SocketQuery query;
  query.tcp = protocol == Protocol::kTcp;
  query.udp = protocol == Protocol::kUdp;
  query.ipv4 = family == AddressFamily::kIpv4;
  query.ipv6 = family == AddressFamily::kIpv6;
  query.with_owners = true;
  return query;
}

std::vector<Socket> SocketsOf(const std::vector<OwnedSocket>& owned) {
  std::vector<Socket> sockets;
  for (const OwnedSocket& o : owned) sockets.push_back(o.socket);
  return sockets;
}

std::vector<Socket> HeldBy(const std::vector<Socket>& sockets, Pid pid) {
  std::vector<Socket> held;
  for (const Socket& s : sockets) {
    if (std::find(s.owners.begin(), s.owners.end(), pid) != s.owners.end()) {
      held.push_back(s);
    }
  }
  return held;
}

Socket ExpectedSocket(Protocol protocol, Endpoint local, Endpoint remote,
                      SocketState state, std::vector<Pid> owners) {
  Socket s;
  s.protocol = protocol;
  s.local = local;
  s.remote = remote;
  s.state = state;
  std::sort(owners.begin(), owners.end());
  s.owner_visibility =
      owners.empty() ? OwnerVisibility::kNoOwner : OwnerVisibility::kVisible;
  s.owners = std::move(owners);
  return s;
}

Endpoint NoRemote(AddressFamily family) {
  return Endpoint{IpAddress::Any(family), 0};
}

std::string DescribeSocket(const Socket& s, bool with_inode) {
  std::string text =
      absl::StrCat(ProtocolName(s.protocol), " ", s.local.ToString(), " -> ",
                   s.remote.ToString(), " ", SocketStateName(s.state), " ",
                   OwnerVisibilityName(s.owner_visibility), " [",
                   absl::StrJoin(s.owners, ","), "]");
  if (with_inode) absl::StrAppend(&text, " inode=", s.inode);
  return text;
}

std::vector<std::string> DescribeSockets(const std::vector<Socket>& sockets,
                                         bool with_inode) {
  std::vector<std::string> lines;
  for (const Socket& s : sockets)
    lines.push_back(DescribeSocket(s, with_inode));
  std::sort(lines.begin(), lines.end());
  return lines;
}

void ExpectValidSocket(const Socket& s) {
  SCOPED_TRACE(DescribeSocket(s, /*with_inode=*/true));
  const bool tcp = s.protocol == Protocol::kTcp;
  const uint8_t state = static_cast<uint8_t>(s.state);
  if (tcp) {
    EXPECT_TRUE(state >= static_cast<uint8_t>(SocketState::kEstablished) &&
                state <= static_cast<uint8_t>(SocketState::kNewSynRecv))
        << "not a TCP state";
  } else {
    EXPECT_TRUE(s.state == SocketState::kUnconnected ||
                s.state == SocketState::kEstablished)
        << "not a UDP state";
  }
  if (!(tcp && s.state == SocketState::kClose)) {
    EXPECT_NE(s.local.port, 0) << "bound socket without a local port";
  }
  EXPECT_EQ(s.local.address.family(), s.remote.address.family())
      << "local and remote of different families";
  if (s.listening()) {
    EXPECT_EQ(s.remote, NoRemote(s.family())) << "listening socket has a peer";
  } else if (s.state != SocketState::kClose) {
    EXPECT_NE(s.remote.port, 0) << "connected socket without a peer port";
    EXPECT_FALSE(s.remote.address.IsUnspecified())
        << "connected socket without a peer address";
  }
  EXPECT_TRUE(std::is_sorted(s.owners.begin(), s.owners.end()))
      << "owners not sorted";
  EXPECT_EQ(std::adjacent_find(s.owners.begin(), s.owners.end()),
            s.owners.end())
      << "owners repeated";
  for (Pid pid : s.owners) EXPECT_GT(pid, 0) << "owner pid";
  switch (s.owner_visibility) {
    case OwnerVisibility::kVisible:
      EXPECT_FALSE(s.owners.empty()) << "visible owners, but none listed";
      break;
    case OwnerVisibility::kNoOwner:
    case OwnerVisibility::kNotResolved:
      EXPECT_TRUE(s.owners.empty()) << "owners listed without visibility";
      break;
    case OwnerVisibility::kNotVisible:
      break;
  }
  if (s.state == SocketState::kTimeWait &&
      s.owner_visibility != OwnerVisibility::kNotResolved) {
    EXPECT_EQ(s.owner_visibility, OwnerVisibility::kNoOwner)
        << "TIME_WAIT sockets belong to no process";
  }
}

}  // namespace pm::conformance
