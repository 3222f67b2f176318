// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Loopback sockets for the live sock_diag tests (see sock_diag_test_util.h).

#include "platform_linux/sock_diag_test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <utility>

namespace pm::procfs::testing {
namespace {

// Fills `addr` with 127.0.0.1, ::1 or (`any`) [::], and `port`.
socklen_t Address(int family, uint16_t port, bool any, sockaddr_storage* addr) {
  *addr = {};
  if (family == AF_INET) {
    auto* sin = reinterpret_cast<sockaddr_in*>(addr);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sizeof(*sin);
  }
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(addr);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons(port);
  sin6->sin6_addr = any ? in6addr_any : in6addr_loopback;
  return sizeof(*sin6);
}

// A socket bound to `port` of 127.0.0.1, ::1 or (`any`) dual-stack [::].
Fd Bind(int family, int type, uint16_t port, bool any) {
  Fd fd(socket(family, type | SOCK_CLOEXEC, 0));
  const int v6only = 0;
  sockaddr_storage addr;
  const socklen_t len = Address(family, port, any, &addr);
  if (fd.get() < 0 ||
      (any && setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
                         sizeof(v6only)) != 0) ||
      bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), len) != 0) {
    return Fd();
  }
  return fd;
}

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  std::swap(fd_, other.fd_);
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) close(fd_);
}

uint16_t CleanPort() {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const Fd tcp = Bind(AF_INET6, SOCK_STREAM, 0, /*any=*/true);
    const uint16_t port = EndpointOf(tcp.get()).port;
    if (tcp.get() < 0 || port == 0) continue;
    if (Bind(AF_INET6, SOCK_DGRAM, port, /*any=*/true).get() >= 0) return port;
  }
  return 0;
}

Fd LoopbackSocket(int family, int type, uint16_t port, bool listen) {
  Fd fd = Bind(family, type, port, /*any=*/false);
  if (fd.get() >= 0 && type == SOCK_STREAM && listen &&
      ::listen(fd.get(), 8) != 0) {
    return Fd();
  }
  return fd;
}

Endpoint EndpointOf(int fd, bool peer) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if ((peer ? getpeername : getsockname)(fd, reinterpret_cast<sockaddr*>(&addr),
                                         &len) != 0) {
    return {};
  }
  if (addr.ss_family == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&addr);
    std::array<uint8_t, 4> b;
    std::memcpy(b.data(), &sin->sin_addr, b.size());
    return {IpAddress::V4(b), ntohs(sin->sin_port)};
  }
  const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&addr);
  std::array<uint8_t, 16> b;
  std::memcpy(b.data(), &sin6->sin6_addr, b.size());
  return {IpAddress::V6(b), ntohs(sin6->sin6_port)};
}

uint64_t SocketInode(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

}  // namespace pm::procfs::testing
