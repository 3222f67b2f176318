// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Oracle test: on the live machine, the sock_diag netlink source and the
// /proc/net source report the same sockets, and backends built on each report
// the same owners.

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/find_owners.h"
#include "core/socket.h"
#include "gtest/gtest.h"
#include "platform_linux/linux_backend.h"
#include "platform_linux/proc_net_socket_source.h"
#include "platform_linux/sock_diag_netlink.h"

namespace pm::procfs {
namespace {

// A socket's identity for comparison: everything a source reports.
using Key = std::tuple<std::string, std::string, std::string, std::string,
                       uint64_t, int64_t>;

Key KeyOf(const Socket& s) {
  return {std::string(ProtocolName(s.protocol)),
          s.local.ToString(),
          s.remote.ToString(),
          std::string(SocketStateName(s.state)),
          s.inode,
          s.uid ? static_cast<int64_t>(*s.uid) : -1};
}

std::set<Key> Keys(const std::vector<Socket>& sockets) {
  std::set<Key> keys;
  for (const Socket& s : sockets) keys.insert(KeyOf(s));
  return keys;
}

// An fd that closes itself.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

uint16_t BoundPort(int fd) {
  sockaddr_in6 addr{};
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin6_port);  // sin_port sits at the same offset.
}

void Listen(Fd* s, int family, int type) {
  s->fd = socket(family, type | SOCK_CLOEXEC, 0);
  ASSERT_GE(s->fd, 0);
  if (family == AF_INET) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(s->fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  } else {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    ASSERT_EQ(bind(s->fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  }
  if (type == SOCK_STREAM) {
    ASSERT_EQ(listen(s->fd, 8), 0);
  }
}

TEST(SourceAgreementTest, NetlinkAndProcNetListTheSameListeningSockets) {
  Fd tcp4, tcp6, udp4, udp6;
  Listen(&tcp4, AF_INET, SOCK_STREAM);
  Listen(&tcp6, AF_INET6, SOCK_STREAM);
  Listen(&udp4, AF_INET, SOCK_DGRAM);
  Listen(&udp6, AF_INET6, SOCK_DGRAM);

  absl::StatusOr<std::unique_ptr<SockDiagSocketSource>> netlink =
      SockDiagSocketSource::Create();
  ASSERT_TRUE(netlink.ok()) << netlink.status();
  ProcNetSocketSource procnet("/proc");

  SocketQuery query;
  query.states = SocketStateSet::Listening();
  // Other processes may open or close listeners between the two reads; agree
  // on one of a few consecutive snapshots.
  std::set<Key> a, b;
  for (int attempt = 0; attempt < 5; ++attempt) {
    absl::StatusOr<std::vector<Socket>> from_netlink = (*netlink)->List(query);
    absl::StatusOr<std::vector<Socket>> from_proc = procnet.List(query);
    ASSERT_TRUE(from_netlink.ok()) << from_netlink.status();
    ASSERT_TRUE(from_proc.ok()) << from_proc.status();
    a = Keys(*from_netlink);
    b = Keys(*from_proc);
    if (a == b) break;
  }
  EXPECT_EQ(a, b);

  // Our own four sockets are in both, with the inode fstat reports.
  for (const Fd* s : {&tcp4, &tcp6, &udp4, &udp6}) {
    struct stat st {};
    ASSERT_EQ(fstat(s->fd, &st), 0);
    int found = 0;
    for (const Key& k : a) {
      if (std::get<4>(k) == st.st_ino) ++found;
    }
    EXPECT_EQ(found, 1) << "inode " << st.st_ino << " port "
                        << BoundPort(s->fd);
  }
}

TEST(SourceAgreementTest, PortFilterGivesTheSameAnswerInBothSources) {
  Fd tcp4;
  Listen(&tcp4, AF_INET, SOCK_STREAM);
  uint16_t port = BoundPort(tcp4.fd);

  absl::StatusOr<std::unique_ptr<SockDiagSocketSource>> netlink =
      SockDiagSocketSource::Create();
  ASSERT_TRUE(netlink.ok()) << netlink.status();
  ProcNetSocketSource procnet("/proc");
  SocketQuery query;
  query.local_port = port;
  absl::StatusOr<std::vector<Socket>> from_netlink = (*netlink)->List(query);
  absl::StatusOr<std::vector<Socket>> from_proc = procnet.List(query);
  ASSERT_TRUE(from_netlink.ok()) << from_netlink.status();
  ASSERT_TRUE(from_proc.ok()) << from_proc.status();
  ASSERT_EQ(from_netlink->size(), 1u);
  EXPECT_EQ(Keys(*from_netlink), Keys(*from_proc));
  EXPECT_EQ((*from_netlink)[0].local.ToString(),
            "127.0.0.1:" + std::to_string(port));
  EXPECT_EQ((*from_netlink)[0].state, SocketState::kListen);
  EXPECT_EQ((*from_netlink)[0].uid, getuid());
}

TEST(SourceAgreementTest, BothBackendsFindTheSameOwnersForEveryListener) {
  Fd tcp4;
  Listen(&tcp4, AF_INET, SOCK_STREAM);
  BackendOptions nl_options, proc_options;
  nl_options.socket_source = pm::SocketSource::kNetlink;
  proc_options.socket_source = pm::SocketSource::kProcNet;
  absl::StatusOr<std::unique_ptr<Backend>> nl = CreateLinuxBackend(nl_options);
  absl::StatusOr<std::unique_ptr<Backend>> proc =
      CreateLinuxBackend(proc_options);
  ASSERT_TRUE(nl.ok()) << nl.status();
  ASSERT_TRUE(proc.ok()) << proc.status();
  EXPECT_EQ((*nl)->name(), "linux-netlink");
  EXPECT_EQ((*proc)->name(), "linux-procfs");

  SocketQuery listening;
  listening.states = SocketStateSet::Listening();
  listening.with_owners = true;
  absl::StatusOr<std::vector<Socket>> all =
      (*nl)->ports().ListSockets(listening);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_FALSE(all->empty());
  std::set<uint16_t> ports;
  for (const Socket& s : *all) ports.insert(s.local.port);
  int compared = 0;
  for (uint16_t port : ports) {
    SocketQuery filter;
    filter.states = SocketStateSet::Listening();
    absl::StatusOr<std::vector<OwnedSocket>> x = FindOwners(**nl, port, filter);
    absl::StatusOr<std::vector<OwnedSocket>> y =
        FindOwners(**proc, port, filter);
    if (!x.ok() || !y.ok()) {
      // A listener that closed between the listing and now: both must agree.
      EXPECT_EQ(x.status().code(), y.status().code()) << "port " << port;
      continue;
    }
    ASSERT_EQ(x->size(), y->size()) << "port " << port;
    for (size_t i = 0; i < x->size(); ++i) {
      EXPECT_EQ((*x)[i].socket.owners, (*y)[i].socket.owners)
          << "port " << port;
      EXPECT_EQ((*x)[i].socket.owner_visibility,
                (*y)[i].socket.owner_visibility)
          << "port " << port;
    }
    ++compared;
  }
  EXPECT_GE(compared, 1);
  // Our listener's owner is this process, exactly.
  absl::StatusOr<std::vector<OwnedSocket>> mine =
      FindOwners(**proc, BoundPort(tcp4.fd));
  ASSERT_TRUE(mine.ok()) << mine.status();
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].socket.owners, std::vector<Pid>({getpid()}));
  EXPECT_EQ((*mine)[0].socket.owner_visibility, OwnerVisibility::kVisible);
}

}  // namespace
}  // namespace pm::procfs
